/**
 * A campaign as the controller works with it: one valid campaign file, normalised, with the
 * repository policy's defaults applied.
 */
import type { Weights } from './dialer-weights.js';
import type { SourcePosition } from './diagnostic.js';
import type { SimulationSettings } from './controller-policy.js';
import type { SimulationTrigger, SyncPolicy } from './desired-state-documents.js';

/** The `configuration` block sent to CXone with the weights. */
export interface CampaignConfiguration {
  /** Default true. */
  enablePredictiveTuning: boolean;
  /** Default `automatic`. */
  simulationTrigger: SimulationTrigger;
  /** Default true. */
  driftProtection: boolean;
}

/** Approval of a change that the significance rule flags; only honoured with a non-empty reason. */
export interface CampaignOverride {
  allowInsignificantChange: boolean;
  reason: string;
}

/** Where the parts of a campaign are in its file, for diagnostics raised after loading. */
export interface CampaignPositions {
  name: SourcePosition;
  campaignId: SourcePosition;
  parameterWeights: SourcePosition;
}

/** A valid campaign file, normalised. */
export interface CampaignSpec {
  /** `metadata.name`, unique in the repository. */
  name: string;
  /** `metadata.campaignId`, unique in the repository. */
  campaignId: string;
  labels: Record<string, string>;
  /** The file, as the user named it. */
  path: string;
  algorithmId: string;
  /** The weights that the file sets, in WEIGHT_KEYS order; a missing weight is 0. */
  parameterWeights: Weights;
  validationSplit: number;
  maxDeviationLimit: number;
  convergenceThreshold: number;
  configuration: CampaignConfiguration;
  sync: { policy: SyncPolicy };
  simulation: SimulationSettings;
  override?: CampaignOverride;
  positions: CampaignPositions;
}

/** The `configuration` block when a file leaves it out. */
export const DEFAULT_CAMPAIGN_CONFIGURATION: Readonly<CampaignConfiguration> = Object.freeze({
  enablePredictiveTuning: true,
  simulationTrigger: 'automatic',
  driftProtection: true,
});
