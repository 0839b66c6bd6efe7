/**
 * An `OutboundSkill` file (docs/architecture.md, "The real CXone dialect"), once it has passed
 * schemas/outbound-skill.schema.json: the desired Personal Connection settings of one CXone
 * outbound skill. The parameter groups carry the API's own field names; only the fields a file
 * writes are managed.
 */
import type { API_VERSION, SimulationBlock, SyncPolicy } from './desired-state-documents.js';

/** How fast Personal Connection raises its dial ratio (the API's `aggressiveness`). */
export type Aggressiveness = 'conservative' | 'moderate' | 'aggressive';

/** One parameter group's managed fields, as the file writes them (API names and types). */
export type SkillGroupFields = Record<string, unknown>;

/** `spec.generalSettings` fields the pacing model reads (every other PUT field may be written too). */
export interface GeneralSettingsFields extends SkillGroupFields {
  maximumRatio?: number;
  aggressiveness?: Aggressiveness;
  abandonRateThreshold?: number;
  abandonRateCutoff?: number;
  beginDampenPercentage?: number;
  percentageOfAgentsBeforeOverdial?: number;
  maximumRingingDuration?: number;
  maxConcurrentCallsPerAgent?: number;
}

/** `spec.analysis`: live outcome analysis after an apply, durations as written (`60m`). */
export interface AnalysisBlock {
  window?: string;
  interval?: string;
  minLiveAnswers?: number;
  maxWindow?: string;
}

export interface OutboundSkillDocument {
  apiVersion: typeof API_VERSION;
  kind: 'OutboundSkill';
  metadata: { name: string; skillId: number; labels?: Record<string, string> };
  spec: {
    generalSettings?: GeneralSettingsFields;
    cpaSettings?: SkillGroupFields;
    retrySettings?: SkillGroupFields;
    sync?: { policy?: SyncPolicy };
    simulation?: SimulationBlock;
    analysis?: AnalysisBlock;
  };
}
