/**
 * The project's own JSON Schemas of the real CXone API (schemas/cxone-api.schema.json: the token,
 * discovery and skill-parameter requests and answers), compiled once. Two readings of one document:
 * `strict` (unknown fields are errors: the emulator checks requests with it, the contract test
 * everything) and `tolerant` (unknown fields allowed: the client reads a real tenant with it, so a
 * field NICE adds tomorrow does not stop the controller). README, "Real CXone".
 */
import { readFileSync } from 'node:fs';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';

/** The definitions of schemas/cxone-api.schema.json. */
export type CxoneApiSchemaName =
  | 'tokenPasswordRequest'
  | 'tokenRefreshRequest'
  | 'tokenResponse'
  | 'tokenError'
  | 'error'
  | 'oidcDiscovery'
  | 'cxoneConfiguration'
  | 'skillsPage'
  | 'skill'
  | 'skillParameters'
  | 'skillsParameters'
  | 'generalSettingsGet'
  | 'generalSettingsPut'
  | 'cpaManagementGet'
  | 'cpaManagementPut'
  | 'retrySettingsGet'
  | 'retrySettingsPut';

export type CxoneApiValidators = Record<CxoneApiSchemaName, ValidateFunction>;

/** schemas/ of this package: dist/controller/adapters/cxone → ../../../../schemas. */
const SCHEMA_URL = new URL('../../../../schemas/cxone-api.schema.json', import.meta.url);

/** The schema document (parsed JSON). */
export function readCxoneApiSchema(url: URL = SCHEMA_URL): Record<string, unknown> {
  return JSON.parse(readFileSync(url, 'utf8')) as Record<string, unknown>;
}

/** A copy of `schema` in which every `additionalProperties: false` allows extra fields. */
export function tolerantCopy(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(tolerantCopy);
  if (typeof schema !== 'object' || schema === null) return schema;
  return Object.fromEntries(
    Object.entries(schema).map(([key, value]) => [key, key === 'additionalProperties' && value === false ? true : tolerantCopy(value)]),
  );
}

function compile(document: Record<string, unknown>): CxoneApiValidators {
  const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true });
  ajv.addSchema(document);
  const id = String(document.$id);
  const names = Object.keys(document.$defs as Record<string, unknown>) as CxoneApiSchemaName[];
  return Object.fromEntries(names.map((name) => [name, ajv.getSchema(`${id}#/$defs/${name}`)!])) as CxoneApiValidators;
}

let strict: CxoneApiValidators | undefined;
let tolerant: CxoneApiValidators | undefined;

/** Unknown fields are errors (emulator requests, the contract test). */
export function strictCxoneApi(): CxoneApiValidators {
  strict ??= compile(readCxoneApiSchema());
  return strict;
}

/** Unknown fields are allowed (the client's reading of a real tenant). */
export function tolerantCxoneApi(): CxoneApiValidators {
  tolerant ??= compile(tolerantCopy(readCxoneApiSchema()) as Record<string, unknown>);
  return tolerant;
}

/** The errors of the last validation, one line each (`/generalSettings/maximumRatio must be <= 3`). */
export function describeApiErrors(validate: ValidateFunction): string[] {
  return (validate.errors ?? []).map((error) => {
    const where = error.instancePath === '' ? '(body)' : error.instancePath;
    const extra = error.keyword === 'additionalProperties' ? ` (${String((error.params as { additionalProperty?: unknown }).additionalProperty)})` : '';
    return `${where} ${error.message ?? 'is invalid'}${extra}`;
  });
}
