/**
 * The desired-state loader with its schemas compiled once: create it at start-up and use it for
 * every validation (validate, plan, every reconcile).
 */
import { compileDesiredStateSchemas } from './compile-schemas.js';
import type { DesiredStateSchemas } from './compile-schemas.js';
import type { DesiredStateFile } from './desired-state-file.js';
import { parseCampaignFile } from './parse-campaign-file.js';
import type { ParsedCampaignFile } from './parse-campaign-file.js';
import { parsePolicyFile } from './parse-policy-file.js';
import type { ParsedPolicyFile } from './parse-policy-file.js';
import { validateDesiredState } from './validate-desired-state.js';
import type { DesiredStateValidation } from './validate-desired-state.js';

export interface DesiredStateValidator {
  /** One campaign file on its own (no repository-wide rules, no policy defaults). */
  parseCampaignFile(path: string, bytes: Uint8Array): ParsedCampaignFile;
  /** The policy file on its own. */
  parsePolicyFile(path: string, bytes: Uint8Array): ParsedPolicyFile;
  /** Every file of a desired-state directory, with the repository-wide rules and the policy's defaults. */
  validateDesiredState(files: readonly DesiredStateFile[]): DesiredStateValidation;
}

/** Compiles `schemas` (read from schemas/ by readDesiredStateSchemas) and returns the loader. */
export function createDesiredStateValidator(schemas: DesiredStateSchemas): DesiredStateValidator {
  const compiled = compileDesiredStateSchemas(schemas);
  return {
    parseCampaignFile: (path, bytes) => parseCampaignFile(path, bytes, compiled),
    parsePolicyFile: (path, bytes) => parsePolicyFile(path, bytes, compiled),
    validateDesiredState: (files) => validateDesiredState(files, compiled),
  };
}
