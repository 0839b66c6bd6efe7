/**
 * Restoring campaign states from the status documents of the audit branch (docs/architecture.md,
 * "Restored status documents"): each is checked against the strict schema of
 * status-document-schema.ts and must carry its own file's name; a wrong one is ignored with a
 * warning naming the file and what is wrong, so a forged document cannot steer `lastApplied`,
 * holds or a pending verification.
 */
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import type { CampaignState } from '../../domain/campaign-state.js';
import type { Logger } from '../logging/logger.js';
import { statusPath } from './audit-record.js';
import { CAMPAIGN_STATUS_SCHEMA } from './status-document-schema.js';
import { SKILL_STATUS_SCHEMA } from './skill-status-document-schema.js';

const validators = new Map<object, ValidateFunction>();

function validate(schema: Record<string, unknown>): ValidateFunction {
  let validator = validators.get(schema);
  if (!validator) {
    validator = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true }).compile(schema);
    validators.set(schema, validator);
  }
  return validator;
}

/** What is wrong with `document` as the status of `name` (at most five problems), or undefined. */
export function statusDocumentProblem(name: string, document: unknown): string | undefined {
  return problemOf(validate(CAMPAIGN_STATUS_SCHEMA), name, document);
}

/** The same for an OutboundSkill's status document (skill-status-document-schema.ts). */
export function skillStatusDocumentProblem(name: string, document: unknown): string | undefined {
  return problemOf(validate(SKILL_STATUS_SCHEMA), name, document);
}

function problemOf(check: ValidateFunction, name: string, document: unknown): string | undefined {
  if (!check(document)) {
    const problems = (check.errors ?? []).slice(0, 5).map((error) => {
      const where = error.instancePath === '' ? '(document)' : error.instancePath;
      const extra = error.keyword === 'additionalProperties' ? ` (${String((error.params as { additionalProperty?: unknown }).additionalProperty)})` : '';
      return `${where} ${error.message ?? 'is invalid'}${extra}`;
    });
    return problems.join('; ');
  }
  const own = (document as { name: string }).name;
  if (own !== name) return `its name ${JSON.stringify(own)} is not the file's ${JSON.stringify(name)}`;
  return undefined;
}

/**
 * The valid states among `documents` (name → parsed JSON) by the dialect's schema (`problemOf`,
 * default the campaign's); each wrong one is logged and left out.
 */
export function restoredCampaignStates(documents: ReadonlyMap<string, unknown>, log: Pick<Logger, 'warn'>, problemOf: (name: string, document: unknown) => string | undefined = statusDocumentProblem): Map<string, CampaignState> {
  const states = new Map<string, CampaignState>();
  for (const [name, document] of documents) {
    const problem = problemOf(name, document);
    if (problem === undefined) states.set(name, document as CampaignState);
    else log.warn({ file: statusPath(name), problem }, 'a status document on the audit branch is not valid: ignored');
  }
  return states;
}
