/**
 * The desired-state validator the domain tests share (its schemas are compiled once per test run),
 * and helpers to build files for it.
 */
import { readDesiredStateSchemas } from '../../../controller/adapters/fs/read-desired-state-schemas.js';
import { createDesiredStateValidator } from '../../../controller/domain/desired-state-validator.js';
import type { DesiredStateValidator } from '../../../controller/domain/desired-state-validator.js';
import type { DesiredStateFile } from '../../../controller/domain/desired-state-file.js';

/** test/fixtures/ of the repository (the tests run from dist/test/unit/domain). */
export const FIXTURES_DIR = new URL('../../../../test/fixtures/', import.meta.url);

let validator: DesiredStateValidator | undefined;

export function testValidator(): DesiredStateValidator {
  validator ??= createDesiredStateValidator(readDesiredStateSchemas());
  return validator;
}

export function utf8(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

export function fileOf(path: string, text: string): DesiredStateFile {
  return { path, bytes: utf8(text) };
}

/** A valid campaign file; `name` and `campaignId` make it unique. */
export function campaignYaml(name = 'spring-renewals', campaignId = 'a1b2c3d4-e5f6-7890-abcd-ef1234567890', extra = ''): string {
  return [
    'apiVersion: cxone-gitops/v1',
    'kind: CampaignWeights',
    'metadata:',
    `  name: ${name}`,
    `  campaignId: ${campaignId}`,
    '  labels:',
    '    team: retention',
    'spec:',
    '  algorithmId: CXONE_PREDICTIVE_V3',
    '  parameterWeights:',
    '    predictive_factor: 0.18',
    '    answer_rate: 0.12',
    '  validationSplit: 0.8',
    '  maxDeviationLimit: 0.2',
    '  convergenceThreshold: 0.05',
    extra,
  ].join('\n');
}
