/**
 * Types of the predictive-dialer simulator, models `dialer-des/v1` and `v2` (README, "The dialer simulator and the abandon gate").
 * Shared by the local gate, the CLI and the emulator's simulation endpoint.
 */
import type { OperatingProfile, Weights } from '../domain/dialer-weights.js';
import type { ModelId } from './model-versions.js';

export { WEIGHT_KEYS, DEFAULT_PROFILE } from '../domain/dialer-weights.js';
export type { WeightKey, Weights, OperatingProfile } from '../domain/dialer-weights.js';

export { MODEL_ID, MODEL_IDS } from './model-versions.js';
export type { ModelId } from './model-versions.js';

/** A mean over replications with its Student-t 95% confidence half-width. */
export interface Estimate {
  /** Mean over the replications. */
  mean: number;
  /** Student-t 95% two-sided half-width (df = replications − 1); 0 when there is one replication. */
  halfWidth: number;
}

/** What to simulate. */
export interface SimulationInput {
  /** Parameter weights, each in [-1, 1]; missing keys are 0. */
  weights: Weights;
  /** Operating profile fields; missing fields take DEFAULT_PROFILE's values. */
  profile?: Partial<OperatingProfile>;
  /** Simulated seconds per replication (D), an integer in 1..86400. */
  durationSeconds: number;
  /** Independent replications, an integer in 1..1000. Default 20. */
  replications?: number;
  /** Seed (a safe integer) from which every replication's seed is derived. Default 1. */
  seed?: number;
  /** The model version (MODEL_IDS); default MODEL_ID, the current one. */
  model?: ModelId;
}

/** The outcome of one replication of D seconds. Counts include only events at t <= D. */
export interface RunResult {
  /** Calls dialled at the pacing ticks t = 0..D−1. */
  dials: number;
  /** Dials answered by a live person (within the ring timeout). */
  liveAnswers: number;
  /** Dials answered by a machine (within the ring timeout). */
  machineAnswers: number;
  /** Dials whose line was released unanswered after the ring timeout (counted at release). */
  noAnswers: number;
  /** Live answers that reached an agent. */
  connected: number;
  /** Live answers that waited abandonAfterSeconds without an agent. */
  abandoned: number;
  /** Lines in flight at D: ringing + held by a machine + waiting for an agent. */
  inFlightAtEnd: number;
  /** Dials still ringing at D (including those that will be no answers). */
  ringingAtEnd: number;
  /** Machine answers still holding their line at D. */
  machineHoldingAtEnd: number;
  /** Live answers still waiting for an agent at D. */
  waitingAtEnd: number;
  /** abandoned / liveAnswers (0 when there are no live answers). */
  abandonRate: number;
  /** Agent busy time (talk + wrap) within [0, D] / (agents · D). */
  occupancy: number;
  /** liveAnswers / dials (0 when there are no dials). */
  answerRate: number;
  /** Mean wait of connected calls, seconds (0 when none connected). */
  meanWaitSeconds: number;
  /** Events taken off the event queue and processed (pacing ticks not included). */
  events: number;
}

/** The result of a simulation: resolved inputs and estimates over the replications. */
/** What every model's summary reports; each model adds its own fields (SimulationSummary, PcSimulationSummary). */
export interface SummaryCommon {
  seed: number;
  replications: number;
  durationSeconds: number;
  /** The profile used: DEFAULT_PROFILE with the input's fields over it. */
  profile: OperatingProfile;
  abandonRate: Estimate;
  /** abandonRate.mean + abandonRate.halfWidth: the bound the gate compares with its limit. */
  abandonRateUpper95: number;
  occupancy: Estimate;
  answerRate: Estimate;
  meanWaitSeconds: Estimate;
  dials: Estimate;
  liveAnswers: Estimate;
  connected: Estimate;
  abandoned: Estimate;
  /** Events processed, summed over the replications. */
  events: number;
}

export interface SimulationSummary extends SummaryCommon {
  /** The model version that made the prediction. */
  model: ModelId;
  /** The weights used, every key present (missing ones as 0). */
  weights: Required<Weights>;
  /**
   * How well the pacing's answer estimate p' = clamp(p · (1 + w.answer_rate), 0.01, 1) matches the
   * observed answer rate m (mean of liveAnswers / dials over replications):
   * clamp(1 − |p' − m| / m, 0, 1), and 0 when m = 0.
   */
  predictionAccuracyRate: number;
}
