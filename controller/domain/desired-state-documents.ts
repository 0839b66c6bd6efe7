/**
 * The desired-state files as written in YAML, once they have passed their JSON Schema
 * (schemas/campaign-weights.schema.json and schemas/controller-policy.schema.json): optional fields
 * are still optional here; campaign-spec.ts and controller-policy.ts hold the normalised forms.
 */
import type { OperatingProfile, Weights } from './dialer-weights.js';

/** The file format version of every desired-state file. */
export const API_VERSION = 'cxone-gitops/v1';

export type SyncPolicy = 'enforce' | 'observe' | 'suspend';
export type OnSimulationFailure = 'rollback' | 'alert';
export type SimulationTrigger = 'automatic' | 'manual';

/** `simulation:` of a campaign file or of the policy file. */
export interface SimulationBlock {
  durationSeconds?: number;
  maxAbandonRate?: number;
  onFailure?: OnSimulationFailure;
  profile?: Partial<OperatingProfile>;
}

/** A campaign file (`kind: CampaignWeights`). */
export interface CampaignWeightsDocument {
  apiVersion: typeof API_VERSION;
  kind: 'CampaignWeights';
  metadata: {
    name: string;
    campaignId: string;
    labels?: Record<string, string>;
  };
  spec: {
    algorithmId: string;
    parameterWeights: Weights;
    validationSplit: number;
    maxDeviationLimit: number;
    convergenceThreshold: number;
    configuration?: {
      enablePredictiveTuning?: boolean;
      simulationTrigger?: SimulationTrigger;
      driftProtection?: boolean;
    };
    sync?: { policy?: SyncPolicy };
    simulation?: SimulationBlock;
    override?: { allowInsignificantChange: boolean; reason?: string };
  };
}

/** `campaigns:` of a sync window: name globs, or a label selector. */
export type CampaignSelectorBlock = string[] | { matchLabels: Record<string, string> };

/** The policy file (`cxone-gitops.yaml`, `kind: ControllerPolicy`). */
export interface ControllerPolicyDocument {
  apiVersion: typeof API_VERSION;
  kind: 'ControllerPolicy';
  spec: {
    sync?: { policy?: SyncPolicy };
    simulation?: SimulationBlock;
    /** The regulator's abandon-rate cap, percent, that OutboundSkill thresholds must respect. Default 3. */
    regulatoryAbandonPercent?: number;
    syncWindows?: {
      kind: 'allow' | 'deny';
      schedule: string;
      duration: string;
      timeZone?: string;
      campaigns?: CampaignSelectorBlock;
    }[];
    alerts?: {
      driftThreshold?: number;
      reminderAfter?: string;
      routes?: {
        matchLabels?: Record<string, string>;
        sinks: { kind: 'webhook' | 'slack' | 'teams' | 'alertmanager' | 'pagerduty'; urlEnv?: string; secretEnv?: string; routingKeyEnv?: string }[];
      }[];
    };
  };
}
