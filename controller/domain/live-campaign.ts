/**
 * A campaign as CXone reports it (the tutorial's contract). The domain owns this shape; the CXone
 * adapter reads into it.
 */
import type { OperatingProfile, Weights } from './dialer-weights.js';

export interface LiveDialerSettings {
  algorithmId: string;
  parameterWeights: Weights;
  validationSplit: number;
  maxDeviationLimit: number;
  convergenceThreshold: number;
}

export interface LiveConfiguration {
  enablePredictiveTuning: boolean;
  simulationTrigger: string;
  driftProtection: boolean;
}

export interface LiveCampaign {
  id: string;
  name: string;
  predictiveDialerSettings: LiveDialerSettings;
  configuration?: LiveConfiguration;
  version: number;
  operatingProfile?: Partial<OperatingProfile>;
  modifiedBy?: string;
  dateModified?: string;
}

/** The PUT payload (the tutorial's); the gateway adds the campaign id and the bound version. */
export interface CampaignUpdate {
  predictiveDialerSettings: LiveDialerSettings;
  configuration?: LiveConfiguration;
}
