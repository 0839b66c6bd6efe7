/**
 * Rule 3 of the README's "Desired-state files", the significance rule, on a change of the desired weights against
 * the weights last applied from Git (or live, where none were):
 *   d = |new - old| over the keys both have;
 *   if std(d) > 0 (population std), significant when mean(d) / std(d) >= convergenceThreshold,
 *   otherwise significant when mean(d) >= convergenceThreshold;
 *   no common keys is insignificant.
 * An insignificant change is blocked unless `override.allowInsignificantChange` is set with a reason.
 */
import { WEIGHT_KEYS } from './dialer-weights.js';
import type { WeightKey, Weights } from './dialer-weights.js';
import type { CampaignSpec } from './campaign-spec.js';
import { errorAt } from './diagnostic.js';
import type { Diagnostic } from './diagnostic.js';

/** Differences and statistics are rounded to 12 decimals, so that a float's last bit never decides. */
const DECIMALS = 1e12;

function round(value: number): number {
  return Math.round(value * DECIMALS) / DECIMALS;
}

/** The rule's verdict and the numbers behind it. */
export interface Significance {
  significant: boolean;
  /** mean(d); 0 without common keys. */
  mean: number;
  /** Population standard deviation of d; 0 without common keys. */
  std: number;
  /** mean / std when std > 0, otherwise mean: the number compared with the threshold. */
  score: number;
  /** The keys both weight sets have, in WEIGHT_KEYS order. */
  commonKeys: WeightKey[];
}

/** Applies the significance rule to a change from `oldWeights` to `newWeights`. */
export function isSignificantChange(oldWeights: Weights, newWeights: Weights, convergenceThreshold: number): Significance {
  const commonKeys = WEIGHT_KEYS.filter((key) => oldWeights[key] !== undefined && newWeights[key] !== undefined);
  if (commonKeys.length === 0) return { significant: false, mean: 0, std: 0, score: 0, commonKeys };
  const differences = commonKeys.map((key) => round(Math.abs((newWeights[key] ?? 0) - (oldWeights[key] ?? 0))));
  const mean = round(differences.reduce((sum, difference) => sum + difference, 0) / differences.length);
  const variance = differences.reduce((sum, difference) => sum + (difference - mean) ** 2, 0) / differences.length;
  const std = round(Math.sqrt(variance));
  const score = std > 0 ? round(mean / std) : mean;
  return { significant: score >= convergenceThreshold, mean, std, score, commonKeys };
}

function formatNumber(value: number): string {
  return String(Number(value.toPrecision(4)));
}

/**
 * The significance rule for a campaign whose desired weights differ from `previousWeights` (the
 * weights last applied from Git, or live ones where none were): undefined when the change is
 * significant, when the campaign approves it with `override.allowInsignificantChange` and a reason,
 * or when there is nothing to compare with. Callers do not call it for healing drift back to weights
 * already applied, which this rule never blocks.
 */
export function checkSignificance(campaign: CampaignSpec, previousWeights: Weights | undefined): Diagnostic | undefined {
  if (previousWeights === undefined) return undefined;
  const result = isSignificantChange(previousWeights, campaign.parameterWeights, campaign.convergenceThreshold);
  if (result.significant) return undefined;
  const { override } = campaign;
  if (override?.allowInsignificantChange === true && override.reason.trim() !== '') return undefined;
  const threshold = formatNumber(campaign.convergenceThreshold);
  const why =
    result.commonKeys.length === 0
      ? 'it shares no weight with the weights last applied, so its significance cannot be measured'
      : result.std > 0
        ? `mean(|change|) / std(|change|) is ${formatNumber(result.score)}, below convergenceThreshold ${threshold}`
        : `every weight changes by ${formatNumber(result.mean)}, below convergenceThreshold ${threshold}`;
  const count = result.commonKeys.length;
  const over = count === 0 ? '' : `, over ${count} common key${count === 1 ? '' : 's'}`;
  const message =
    `spec.parameterWeights: the change is not significant (${why}${over}): ` +
    'make a larger change, or set spec.override.allowInsignificantChange: true with a reason';
  return errorAt(campaign.path, campaign.positions.parameterWeights, message, 'significance');
}
