/** A valid campaign document as a CampaignSpec: defaults from the policy, weights in a fixed order. */
import { WEIGHT_KEYS } from './dialer-weights.js';
import type { Weights } from './dialer-weights.js';
import { DEFAULT_CAMPAIGN_CONFIGURATION } from './campaign-spec.js';
import type { CampaignPositions, CampaignSpec } from './campaign-spec.js';
import type { ControllerPolicy } from './controller-policy.js';
import type { CampaignWeightsDocument } from './desired-state-documents.js';
import { mergeSimulation } from './normalize-policy.js';

/** The weights that are set, in WEIGHT_KEYS order (so that key order never shows up as a change). */
export function normalizeWeights(weights: Weights): Weights {
  const normalized: Weights = {};
  for (const key of WEIGHT_KEYS) {
    const weight = weights[key];
    if (weight !== undefined) normalized[key] = weight;
  }
  return normalized;
}

/** Normalises a valid campaign document (one that passed parseCampaignFile) under `policy`. */
export function normalizeCampaign(
  document: CampaignWeightsDocument,
  path: string,
  positions: CampaignPositions,
  policy: ControllerPolicy,
): CampaignSpec {
  const { metadata, spec } = document;
  const campaign: CampaignSpec = {
    name: metadata.name,
    campaignId: metadata.campaignId,
    labels: { ...metadata.labels },
    path,
    algorithmId: spec.algorithmId,
    parameterWeights: normalizeWeights(spec.parameterWeights),
    validationSplit: spec.validationSplit,
    maxDeviationLimit: spec.maxDeviationLimit,
    convergenceThreshold: spec.convergenceThreshold,
    configuration: { ...DEFAULT_CAMPAIGN_CONFIGURATION, ...spec.configuration },
    sync: { policy: spec.sync?.policy ?? policy.sync.policy },
    simulation: mergeSimulation(policy.simulation, spec.simulation),
    positions,
  };
  if (spec.override !== undefined) {
    campaign.override = { allowInsignificantChange: spec.override.allowInsignificantChange, reason: spec.override.reason?.trim() ?? '' };
  }
  return campaign;
}
