/**
 * Validation of the campaign payloads the emulated API accepts. Collects every problem, each
 * message naming the field, as a strict service answering 400 would.
 */
import { WEIGHT_KEYS, type Weights } from '../controller/simulation/types.js';
import type { CampaignConfiguration, DialerSettings } from './types.js';

export type Validated<T> = { ok: true; value: T } | { ok: false; errors: string[] };

const RANGES = {
  validationSplit: [0.1, 0.9],
  maxDeviationLimit: [0.01, 0.5],
  convergenceThreshold: [0.001, 0.1],
} as const;

const SETTINGS_KEYS = ['algorithmId', 'parameterWeights', ...Object.keys(RANGES)];
const CONFIGURATION_KEYS = ['enablePredictiveTuning', 'simulationTrigger', 'driftProtection'];
const ALGORITHM_PATTERN = /^CXONE_PREDICTIVE_V\d+$/;

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function unknownKeys(value: Record<string, unknown>, allowed: readonly string[], field: string): string[] {
  return Object.keys(value)
    .filter((key) => !allowed.includes(key))
    .map((key) => `${field}.${key} is not a known field (allowed: ${allowed.join(', ')})`);
}

function checkNumber(value: unknown, field: string, min: number, max: number, errors: string[]): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    errors.push(`${field} must be a number, got ${JSON.stringify(value) ?? 'nothing'}`);
    return Number.NaN;
  }
  if (value < min || value > max) errors.push(`${field} must be between ${min} and ${max}, got ${value}`);
  return value;
}

export function validateWeights(value: unknown, field: string, errors: string[]): Weights {
  const weights: Weights = {};
  if (!isPlainObject(value)) {
    errors.push(`${field} must be an object of weights`);
    return weights;
  }
  for (const [key, weight] of Object.entries(value)) {
    if (!(WEIGHT_KEYS as readonly string[]).includes(key)) {
      errors.push(`${field}.${key} is not a known weight (allowed: ${WEIGHT_KEYS.join(', ')})`);
      continue;
    }
    weights[key as keyof Weights] = checkNumber(weight, `${field}.${key}`, -1, 1, errors);
  }
  return weights;
}

/** Validates a complete `predictiveDialerSettings` block. */
export function validateDialerSettings(
  value: unknown,
  field = 'predictiveDialerSettings',
): Validated<DialerSettings> {
  if (!isPlainObject(value)) return { ok: false, errors: [`${field} is required and must be an object`] };
  const errors = unknownKeys(value, SETTINGS_KEYS, field);
  const algorithmId = value.algorithmId;
  if (typeof algorithmId !== 'string' || !ALGORITHM_PATTERN.test(algorithmId)) {
    errors.push(`${field}.algorithmId must be an algorithm identifier like CXONE_PREDICTIVE_V3`);
  }
  const parameterWeights = validateWeights(value.parameterWeights, `${field}.parameterWeights`, errors);
  const numbers = Object.fromEntries(
    Object.entries(RANGES).map(([key, [min, max]]) => [key, checkNumber(value[key], `${field}.${key}`, min, max, errors)]),
  ) as Record<keyof typeof RANGES, number>;
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, value: { algorithmId: algorithmId as string, parameterWeights, ...numbers } };
}

/** Validates a complete `configuration` block. */
export function validateConfiguration(value: unknown, field = 'configuration'): Validated<CampaignConfiguration> {
  if (!isPlainObject(value)) return { ok: false, errors: [`${field} must be an object`] };
  const errors = unknownKeys(value, CONFIGURATION_KEYS, field);
  for (const key of ['enablePredictiveTuning', 'driftProtection']) {
    if (typeof value[key] !== 'boolean') errors.push(`${field}.${key} must be true or false`);
  }
  if (value.simulationTrigger !== 'automatic' && value.simulationTrigger !== 'manual') {
    errors.push(`${field}.simulationTrigger must be "automatic" or "manual"`);
  }
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, value: value as unknown as CampaignConfiguration };
}
