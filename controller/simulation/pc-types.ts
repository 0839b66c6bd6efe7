/**
 * Types of the Personal Connection pacing model `dialer-des/pc-v1` (docs/architecture.md,
 * "Simulator"; README "The pc-v1 pacing model"). NICE does not publish Personal Connection's
 * algorithm: this is a documented approximation driven by a skill's real parameters.
 */
import type { PcModelId } from './model-versions.js';
import type { Estimate, OperatingProfile, SummaryCommon } from './types.js';

export { PC_MODEL_ID, PC_MODEL_IDS } from './model-versions.js';
export type { PcModelId } from './model-versions.js';

/** Aggressiveness as the API writes it, or its integer form 0 / 1 / 2. */
export type PcAggressiveness = 'conservative' | 'moderate' | 'aggressive' | 0 | 1 | 2;

/** The ratio step per 10-second adjustment for each aggressiveness. */
export const AGGRESSIVENESS_STEP: Readonly<Record<'conservative' | 'moderate' | 'aggressive', number>> = Object.freeze({
  conservative: 0.02,
  moderate: 0.05,
  aggressive: 0.1,
});

/**
 * The skill parameters pc-v1 reads: `generalSettings` fields plus `cpaSettings.abandonTimeout`,
 * with the API's names, units and ranges. A missing (or null) field takes PC_DEFAULT_SETTINGS' value.
 */
export interface PcSettings {
  /** Lines per agent, an integer 1–3. Default 2. */
  maximumRatio?: number | null;
  /** How fast the ratio moves. Default 'conservative'. */
  aggressiveness?: PcAggressiveness | null;
  /** Percent, 0–99.9: pacing dampens from beginDampenPercentage % of it. Default 2.5. */
  abandonRateThreshold?: number | null;
  /** Percent, 0–100: at or over it overdial stops. Default 3. */
  abandonRateCutoff?: number | null;
  /** Percent of the threshold at which pacing starts to slow, 0–100. Default 80. */
  beginDampenPercentage?: number | null;
  /** Overdial only while at least this percent of agents are busy, 0–100. Default 50. */
  percentageOfAgentsBeforeOverdial?: number | null;
  /** Ring timeout, seconds 1–60; unset → the profile's ringTimeoutSeconds. */
  maximumRingingDuration?: number | null;
  /** An integer 1–10; the line cap is min(maximumRatio, this). Default 2. */
  maxConcurrentCallsPerAgent?: number | null;
  /** `cpaSettings.abandonTimeout`, seconds 0–60; 0 or unset → the profile's abandonAfterSeconds. */
  abandonTimeout?: number | null;
}

/** PcSettings with every default filled in; aggressiveness in its string form. */
export interface ResolvedPcSettings {
  maximumRatio: number;
  aggressiveness: 'conservative' | 'moderate' | 'aggressive';
  abandonRateThreshold: number;
  abandonRateCutoff: number;
  beginDampenPercentage: number;
  percentageOfAgentsBeforeOverdial: number;
  /** null: the profile's ringTimeoutSeconds. */
  maximumRingingDuration: number | null;
  maxConcurrentCallsPerAgent: number;
  /** 0: the profile's abandonAfterSeconds. */
  abandonTimeout: number;
}

export const PC_DEFAULT_SETTINGS: Readonly<ResolvedPcSettings> = Object.freeze({
  maximumRatio: 2,
  aggressiveness: 'conservative',
  abandonRateThreshold: 2.5,
  abandonRateCutoff: 3,
  beginDampenPercentage: 80,
  percentageOfAgentsBeforeOverdial: 50,
  maximumRingingDuration: null,
  maxConcurrentCallsPerAgent: 2,
  abandonTimeout: 0,
});

/** What to simulate with pc-v1. */
export interface PcSimulationInput {
  /** The skill's parameters; missing ones take PC_DEFAULT_SETTINGS. */
  settings: PcSettings;
  /** Operating profile fields; missing fields take DEFAULT_PROFILE's values. */
  profile?: Partial<OperatingProfile>;
  /** Simulated seconds per replication, an integer in 1..86400. */
  durationSeconds: number;
  /** Independent replications, an integer in 1..1000. Default 20. */
  replications?: number;
  /** Seed (a safe integer) from which every replication's seed is derived. Default 1. */
  seed?: number;
  /** The model version (PC_MODEL_IDS); default PC_MODEL_ID, the current one. */
  model?: PcModelId;
}

/** Counts of a pc-v1 dialler since it started (or over one replication). */
export interface PcCounts {
  dials: number;
  liveAnswers: number;
  machineAnswers: number;
  noAnswers: number;
  /** Live answers that reached an agent, late ones included. */
  connected: number;
  /** Live answers that reached an agent more than 2 s after answering (TSR abandons). */
  connectedLate: number;
  /** Live answers that hung up waiting for an agent. */
  hungUp: number;
  /** TSR abandons: hungUp + connectedLate. */
  abandoned: number;
  /** Sum of the talk times of connected calls, seconds. */
  talkSeconds: number;
  /** Sum of the wrap times of connected calls, seconds. */
  wrapSeconds: number;
  /** Sum of the waits of connected calls, seconds. */
  waitSeconds: number;
  /** Agent busy time (talk + wrap), agent-seconds. */
  busySeconds: number;
  /** Sum over pacing ticks of the dial ratio used (1 while progressive). */
  ratioSum: number;
  /** Pacing ticks run. */
  ticks: number;
  /** Pacing ticks spent cut off (abandon rate reached the cutoff). */
  cutoffSeconds: number;
  /** Events taken off the event queue. */
  events: number;
}

/** The outcome of one pc-v1 replication of D seconds. */
export interface PcRunResult extends PcCounts {
  /** abandoned / liveAnswers (0 when there are no live answers). */
  abandonRate: number;
  /** busySeconds / (agents · D). */
  occupancy: number;
  /** liveAnswers / dials (0 when there are no dials). */
  answerRate: number;
  /** Mean wait of connected calls, seconds (0 when none). */
  meanWaitSeconds: number;
  /** Mean dial ratio over the pacing ticks. */
  meanRatio: number;
}

/** The result of a pc-v1 simulation: resolved inputs and estimates over the replications. */
export interface PcSimulationSummary extends SummaryCommon {
  /** The model version that made the prediction. */
  model: PcModelId;
  settings: ResolvedPcSettings;
  hungUp: Estimate;
  connectedLate: Estimate;
  meanRatio: Estimate;
  cutoffSeconds: Estimate;
}
