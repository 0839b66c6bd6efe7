/**
 * Rule 2 of the README's "Desired-state files", the maximum deviation rule: every `|weight| <= maxDeviationLimit`.
 */
import { WEIGHT_KEYS } from './dialer-weights.js';
import type { WeightKey, Weights } from './dialer-weights.js';
import { errorAt } from './diagnostic.js';
import type { Diagnostic } from './diagnostic.js';
import type { YamlSource } from './yaml-source.js';

/** The largest maxDeviationLimit the schema allows. */
export const MAX_DEVIATION_LIMIT_CEILING = 0.5;

/** A weight that breaks the limit. */
export interface DeviationBreach {
  key: WeightKey;
  weight: number;
}

/** The weights whose absolute value is above `limit`, in WEIGHT_KEYS order. */
export function weightsBeyondLimit(weights: Weights, limit: number): DeviationBreach[] {
  const breaches: DeviationBreach[] = [];
  for (const key of WEIGHT_KEYS) {
    const weight = weights[key];
    if (weight !== undefined && Math.abs(weight) > limit) breaches.push({ key, weight });
  }
  return breaches;
}

/** The sentence for one breach: what is wrong and what to change. */
export function describeDeviationBreach(breach: DeviationBreach, limit: number): string {
  const field = `spec.parameterWeights.${breach.key}`;
  const relation = breach.weight > 0 ? `above maxDeviationLimit ${limit}` : `below -maxDeviationLimit (-${limit})`;
  const fix =
    Math.abs(breach.weight) > MAX_DEVIATION_LIMIT_CEILING
      ? `bring the weight within ±${limit} (maxDeviationLimit can be at most ${MAX_DEVIATION_LIMIT_CEILING})`
      : `${breach.weight > 0 ? 'lower' : 'raise'} the weight or raise maxDeviationLimit (at most ${MAX_DEVIATION_LIMIT_CEILING})`;
  return `${field} is ${breach.weight}, ${relation}: ${fix}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Checks the rule on a campaign document as loaded, skipping what the schema already rejects (a
 * limit out of [0.01, 0.5], a weight that is not a number in [-1, 1]), so one mistake is told once.
 */
export function checkMaxDeviation(document: unknown, source: YamlSource): Diagnostic[] {
  const spec = isRecord(document) ? document.spec : undefined;
  if (!isRecord(spec) || !isRecord(spec.parameterWeights)) return [];
  const limit = spec.maxDeviationLimit;
  if (typeof limit !== 'number' || !(limit >= 0.01 && limit <= MAX_DEVIATION_LIMIT_CEILING)) return [];
  const weights: Weights = {};
  for (const key of WEIGHT_KEYS) {
    const weight = spec.parameterWeights[key];
    if (typeof weight === 'number' && weight >= -1 && weight <= 1) weights[key] = weight;
  }
  return weightsBeyondLimit(weights, limit).map((breach) =>
    errorAt(source.path, source.positionOf(['spec', 'parameterWeights', breach.key]), describeDeviationBreach(breach, limit), 'max-deviation'),
  );
}
