/**
 * Turns ajv's errors into diagnostics at the YAML position of the field, with a message that says
 * what is wrong in the user's terms and what to write instead.
 */
import type { ErrorObject } from 'ajv/dist/2020.js';
import { closestMatch } from './closest-match.js';
import { describeTypes, describeValue, quoteText, showValue } from './describe-value.js';
import { errorAt } from './diagnostic.js';
import type { Diagnostic } from './diagnostic.js';
import { fieldPathFromPointer, formatFieldPath } from './field-path.js';
import type { FieldPath } from './field-path.js';
import type { YamlSource } from './yaml-source.js';

type SchemaObject = Record<string, unknown>;

function isRecord(value: unknown): value is SchemaObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Follows a local `$ref` (`#/$defs/name`) of the root schema. */
function resolveRef(schema: unknown, root: SchemaObject): SchemaObject | undefined {
  if (!isRecord(schema)) return undefined;
  if (typeof schema.$ref !== 'string' || !schema.$ref.startsWith('#/')) return schema;
  let target: unknown = root;
  for (const segment of schema.$ref.slice(2).split('/')) target = isRecord(target) ? target[segment] : undefined;
  return isRecord(target) ? target : undefined;
}

function range(schema: SchemaObject): string | undefined {
  const low = schema.minimum ?? schema.exclusiveMinimum;
  const high = schema.maximum ?? schema.exclusiveMaximum;
  if (typeof low !== 'number' || typeof high !== 'number') return undefined;
  const open = schema.exclusiveMinimum === undefined ? '[' : '(';
  const close = schema.exclusiveMaximum === undefined ? ']' : ')';
  return `${open}${low}, ${high}${close}`;
}

/** What a schema asks for, in words: `a number in [0.1, 0.9]`, `one of enforce, observe, suspend`. */
function expectation(schema: SchemaObject | undefined): string | undefined {
  if (schema === undefined) return undefined;
  if ('const' in schema) return JSON.stringify(schema.const);
  if (Array.isArray(schema.enum)) return `one of ${schema.enum.join(', ')}`;
  const types = Array.isArray(schema.type) ? schema.type.map(String) : typeof schema.type === 'string' ? [schema.type] : [];
  if (types.length === 0) return undefined;
  const bounds = types.length === 1 && (types[0] === 'number' || types[0] === 'integer') ? range(schema) : undefined;
  return bounds === undefined ? describeTypes(types) : `${describeTypes(types)} in ${bounds}`;
}

function typeHint(types: readonly string[], data: unknown): string {
  const numeric = types.includes('number') || types.includes('integer');
  if (numeric && typeof data === 'string' && /^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/.test(data)) return ': remove the quotes';
  if (types.includes('boolean') && typeof data === 'string') {
    if (/^(true|false)$/i.test(data)) return ': remove the quotes';
    if (/^(yes|no|on|off|y|n)$/i.test(data)) return ': write true or false';
  }
  if (types.includes('string') && (typeof data === 'number' || typeof data === 'boolean')) return ': put it in quotes';
  if (types.includes('integer') && typeof data === 'number') return ': use a whole number';
  if (types.includes('array') && typeof data === 'string' && quoteText(data) !== 'a URL') return `: write it as a list, such as [${quoteText(data)}]`;
  return '';
}

function nameOf(field: FieldPath): string {
  return field.length === 0 ? 'the document' : formatFieldPath(field);
}

function messageFor(error: ErrorObject, field: FieldPath, root: SchemaObject): string | undefined {
  const name = nameOf(field);
  const parent = isRecord(error.parentSchema) ? error.parentSchema : {};
  const params: Record<string, unknown> = error.params;
  const data = error.data;
  switch (error.keyword) {
    case 'required': {
      const missing = String(params.missingProperty);
      const properties = isRecord(parent.properties) ? parent.properties : {};
      const wanted = expectation(resolveRef(properties[missing], root));
      const where = field.length === 0 ? '' : `${name} is `;
      return `${where}missing required key "${missing}": add it${wanted === undefined ? '' : ` (${wanted})`}`;
    }
    case 'additionalProperties': {
      const key = String(params.additionalProperty);
      const allowed = Object.keys(isRecord(parent.properties) ? parent.properties : {});
      const where = field.length === 0 ? 'at the top level' : `in ${name}`;
      const suggestion = closestMatch(key, allowed);
      const fix = suggestion === undefined ? 'remove it or fix its spelling' : `did you mean "${suggestion}"?`;
      return `unknown key ${quoteText(key)} ${where} (allowed: ${allowed.join(', ')}): ${fix}`;
    }
    case 'type': {
      const types = Array.isArray(params.type) ? params.type.map(String) : [String(params.type)];
      if ((types.includes('object') || types.includes('array')) && data === null) {
        return `${name} is empty: write ${describeTypes(types)} under it or remove the key`;
      }
      return `${name} must be ${describeTypes(types)}, got ${describeValue(data)}${typeHint(types, data)}`;
    }
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum': {
      const phrase = {
        minimum: `below the minimum ${String(params.limit)}`,
        maximum: `above the maximum ${String(params.limit)}`,
        exclusiveMinimum: `but must be greater than ${String(params.limit)}`,
        exclusiveMaximum: `but must be less than ${String(params.limit)}`,
      }[error.keyword];
      return `${name} is ${showValue(data)}, ${phrase}: use ${expectation(parent) ?? 'a value in range'}`;
    }
    case 'enum': {
      const allowed = Array.isArray(params.allowedValues) ? params.allowedValues.map(String) : [];
      const suggestion = typeof data === 'string' ? closestMatch(data, allowed) : undefined;
      return `${name} is ${showValue(data)}: use one of ${allowed.join(', ')}${suggestion === undefined ? '' : ` (did you mean "${suggestion}"?)`}`;
    }
    case 'const':
      return `${name} is ${showValue(data)}: use ${JSON.stringify(params.allowedValue)}`;
    case 'pattern': {
      const advice = typeof parent.description === 'string' ? parent.description : `match ${String(params.pattern)}`;
      if (error.propertyName !== undefined) {
        return `${name} has the key ${quoteText(error.propertyName)}, which is not valid: ${advice}`;
      }
      return `${name} is ${showValue(data)}, which is not valid: ${advice}`;
    }
    case 'maxLength':
      return `${name} is too long (${typeof data === 'string' ? data.length : '?'} characters): shorten it to at most ${String(params.limit)}`;
    case 'minItems':
      return `${name} is an empty list: list at least ${String(params.limit)} item${params.limit === 1 ? '' : 's'}`;
    case 'propertyNames':
      return undefined; // reported by the failing keyword inside it, at the key
    case 'if':
      return undefined; // reported by the failing keyword of its `then`
    default:
      return `${name} ${error.message ?? 'is not valid'}`;
  }
}

function isPrefix(prefix: FieldPath, field: FieldPath): boolean {
  return prefix.length <= field.length && prefix.every((segment, index) => String(segment) === String(field[index]));
}

/**
 * One diagnostic per ajv error (compiled with `allErrors` and `verbose`), skipping errors at or
 * below `skip` (fields already reported, e.g. `.nan`), without repeating the same message at the
 * same place.
 */
export function diagnosticsFromSchemaErrors(
  errors: readonly ErrorObject[],
  source: YamlSource,
  rootSchema: Record<string, unknown>,
  skip: readonly FieldPath[] = [],
): Diagnostic[] {
  const seen = new Set<string>();
  const diagnostics: Diagnostic[] = [];
  for (const error of errors) {
    const field = fieldPathFromPointer(error.instancePath, source.value);
    if (skip.some((skipped) => isPrefix(skipped, field))) continue;
    const message = messageFor(error, field, rootSchema);
    if (message === undefined) continue;
    let position;
    if (error.keyword === 'additionalProperties') position = source.positionOf([...field, String(error.params.additionalProperty)], 'key');
    else if (error.propertyName !== undefined) position = source.positionOf([...field, error.propertyName], 'key');
    else if (error.keyword === 'required') position = source.positionOf(field, 'key');
    else position = source.positionOf(field, 'value');
    const key = `${position.line}:${position.column}:${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    diagnostics.push(errorAt(source.path, position, message, 'schema'));
  }
  return diagnostics;
}
