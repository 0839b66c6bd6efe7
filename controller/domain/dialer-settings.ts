/**
 * The settings the controller manages, in one normalised shape for both sides of a diff: the
 * desired file and the live campaign. Normalising first — every weight key present (a missing
 * weight is 0, as the dialer treats it), numbers rounded to 12 significant digits for display,
 * configuration defaults filled — means key order or an omitted default never shows up as a
 * change; the diff compares numbers within a tolerance, so neither does a float's last bit.
 */
import { WEIGHT_KEYS, type WeightKey } from './dialer-weights.js';
import { DEFAULT_CAMPAIGN_CONFIGURATION, type CampaignSpec } from './campaign-spec.js';
import type { CampaignUpdate, LiveCampaign } from './live-campaign.js';

export interface DialerSettings {
  algorithmId: string;
  parameterWeights: Record<WeightKey, number>;
  validationSplit: number;
  maxDeviationLimit: number;
  convergenceThreshold: number;
  configuration: { enablePredictiveTuning: boolean; simulationTrigger: string; driftProtection: boolean };
}

/** A number as the plan shows it: 12 significant digits, no negative zero. */
export function normalizeNumber(value: number): number {
  const rounded = Number(value.toPrecision(12));
  return rounded === 0 ? 0 : rounded;
}

function normalize(settings: {
  algorithmId: string;
  parameterWeights: Partial<Record<WeightKey, number>>;
  validationSplit: number;
  maxDeviationLimit: number;
  convergenceThreshold: number;
  configuration?: Partial<DialerSettings['configuration']>;
}): DialerSettings {
  const parameterWeights = Object.fromEntries(WEIGHT_KEYS.map((key) => [key, normalizeNumber(settings.parameterWeights[key] ?? 0)])) as Record<WeightKey, number>;
  return {
    algorithmId: settings.algorithmId,
    parameterWeights,
    validationSplit: normalizeNumber(settings.validationSplit),
    maxDeviationLimit: normalizeNumber(settings.maxDeviationLimit),
    convergenceThreshold: normalizeNumber(settings.convergenceThreshold),
    configuration: { ...DEFAULT_CAMPAIGN_CONFIGURATION, ...settings.configuration },
  };
}

export function desiredSettings(campaign: CampaignSpec): DialerSettings {
  return normalize(campaign);
}

export function liveSettings(campaign: LiveCampaign): DialerSettings {
  return normalize({ ...campaign.predictiveDialerSettings, configuration: campaign.configuration });
}

/** The PUT payload that makes the live campaign match `settings`: only the weights that are set (non-zero) are sent. */
export function updateFor(campaign: CampaignSpec): CampaignUpdate {
  return {
    predictiveDialerSettings: {
      algorithmId: campaign.algorithmId,
      parameterWeights: { ...campaign.parameterWeights },
      validationSplit: campaign.validationSplit,
      maxDeviationLimit: campaign.maxDeviationLimit,
      convergenceThreshold: campaign.convergenceThreshold,
    },
    configuration: { ...campaign.configuration },
  };
}

/** The PUT payload that puts a live campaign back as it was (rollback). */
export function updateFromLive(campaign: LiveCampaign): CampaignUpdate {
  return {
    predictiveDialerSettings: { ...campaign.predictiveDialerSettings, parameterWeights: { ...campaign.predictiveDialerSettings.parameterWeights } },
    ...(campaign.configuration ? { configuration: { ...campaign.configuration } } : {}),
  };
}
