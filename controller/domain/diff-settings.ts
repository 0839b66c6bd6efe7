/** Field-level diff of two normalised settings: pure, in a fixed field order. */
import { WEIGHT_KEYS } from './dialer-weights.js';
import type { DialerSettings } from './dialer-settings.js';

export interface FieldChange {
  /** Dotted path as in the campaign file's spec, e.g. `parameterWeights.answer_rate`. */
  field: string;
  before: string | number | boolean;
  after: string | number | boolean;
}

const SCALARS = ['algorithmId', 'validationSplit', 'maxDeviationLimit', 'convergenceThreshold'] as const;
const CONFIGURATION = ['enablePredictiveTuning', 'simulationTrigger', 'driftProtection'] as const;

/** Numbers closer than this (relative to their size, at least absolutely) are the same setting. */
const TOLERANCE = 1e-9;

/** Equal within a relative tolerance, so a float's last bits never show up as a change. */
export function nearlyEqual(a: number, b: number): boolean {
  return Math.abs(a - b) <= TOLERANCE * Math.max(1, Math.abs(a), Math.abs(b));
}

/** What changes from `before` to `after`; empty when they are the same. */
export function diffSettings(before: DialerSettings, after: DialerSettings): FieldChange[] {
  const changes: FieldChange[] = [];
  const compare = (field: string, a: string | number | boolean, b: string | number | boolean): void => {
    const same = typeof a === 'number' && typeof b === 'number' ? nearlyEqual(a, b) : a === b;
    if (!same) changes.push({ field, before: a, after: b });
  };
  compare('algorithmId', before.algorithmId, after.algorithmId);
  for (const key of WEIGHT_KEYS) compare(`parameterWeights.${key}`, before.parameterWeights[key], after.parameterWeights[key]);
  for (const key of SCALARS.slice(1)) compare(key, before[key], after[key]);
  for (const key of CONFIGURATION) compare(`configuration.${key}`, before.configuration[key], after.configuration[key]);
  return changes;
}

export function sameSettings(a: DialerSettings, b: DialerSettings): boolean {
  return diffSettings(a, b).length === 0;
}
