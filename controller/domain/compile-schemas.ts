/**
 * The JSON Schemas (draft 2020-12) of the desired-state files, compiled once with ajv. The schema
 * documents themselves are files in schemas/ (read by an adapter) so that editors can use them too.
 */
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ValidateFunction } from 'ajv/dist/2020.js';

/** The schema documents, as parsed JSON. */
export interface DesiredStateSchemas {
  /** schemas/campaign-weights.schema.json */
  campaignWeights: Record<string, unknown>;
  /** schemas/controller-policy.schema.json */
  controllerPolicy: Record<string, unknown>;
  /** schemas/outbound-skill.schema.json */
  outboundSkill: Record<string, unknown>;
}

/** A schema and its validator (which collects all errors, with the failing data and parent schema). */
export interface CompiledSchema {
  schema: Record<string, unknown>;
  validate: ValidateFunction;
}

export interface CompiledDesiredStateSchemas {
  campaignWeights: CompiledSchema;
  controllerPolicy: CompiledSchema;
  outboundSkill: CompiledSchema;
}

/** Compiles the schemas with one ajv instance (strict mode: a schema mistake fails here, not later). */
export function compileDesiredStateSchemas(schemas: DesiredStateSchemas): CompiledDesiredStateSchemas {
  const ajv = new Ajv2020({ allErrors: true, verbose: true, strict: true, allowUnionTypes: true });
  return {
    campaignWeights: { schema: schemas.campaignWeights, validate: ajv.compile(schemas.campaignWeights) },
    controllerPolicy: { schema: schemas.controllerPolicy, validate: ajv.compile(schemas.controllerPolicy) },
    outboundSkill: { schema: schemas.outboundSkill, validate: ajv.compile(schemas.outboundSkill) },
  };
}
