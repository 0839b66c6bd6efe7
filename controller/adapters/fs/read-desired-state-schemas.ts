/**
 * Reads the JSON Schemas of the desired-state files from the package's schemas/ directory.
 */
import { readFileSync } from 'node:fs';
import type { DesiredStateSchemas } from '../../domain/compile-schemas.js';

/** schemas/ of this package: dist/controller/adapters/fs → ../../../../schemas. */
export const DEFAULT_SCHEMAS_DIR = new URL('../../../../schemas/', import.meta.url);

function readJson(url: URL): Record<string, unknown> {
  const parsed: unknown = JSON.parse(readFileSync(url, 'utf8'));
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new Error(`${url.pathname} is not a JSON Schema object: reinstall cxone-gitops`);
  }
  return parsed as Record<string, unknown>;
}

/** Reads campaign-weights, controller-policy and outbound-skill .schema.json from `dir` (default: the package's). */
export function readDesiredStateSchemas(dir: URL = DEFAULT_SCHEMAS_DIR): DesiredStateSchemas {
  return {
    campaignWeights: readJson(new URL('campaign-weights.schema.json', dir)),
    controllerPolicy: readJson(new URL('controller-policy.schema.json', dir)),
    outboundSkill: readJson(new URL('outbound-skill.schema.json', dir)),
  };
}
