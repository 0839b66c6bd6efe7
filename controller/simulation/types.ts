/**
 * Types of the predictive-dialer simulator, model `dialer-des/v1` (README, "The dialer simulator and the abandon gate").
 * Shared by the local gate, the CLI and the emulator's simulation endpoint.
 */

/** The model identifier reported with every result. */
export const MODEL_ID = 'dialer-des/v1';

/** The weight keys a campaign may set; a missing weight counts as 0. */
export const WEIGHT_KEYS = [
  'answer_rate',
  'call_rate',
  'predictive_factor',
  'max_concurrent',
  'agent_efficiency',
] as const;

export type WeightKey = (typeof WEIGHT_KEYS)[number];

/** Parameter weights, each in [-1, 1]; missing keys are 0. */
export type Weights = Partial<Record<WeightKey, number>>;

/** The operating profile of a campaign: what the dialer works against. */
export interface OperatingProfile {
  /** Agents logged in. Default 40. */
  agents: number;
  /** Probability that a dial reaches a live person. Default 0.25. */
  answerProbability: number;
  /** Probability that a dial reaches an answering machine. Default 0.15. */
  machineProbability: number;
  /** Mean of the exponential time to answer, seconds. Default 7. */
  ringMeanSeconds: number;
  /** A ring longer than this is a no answer, seconds. Default 25. */
  ringTimeoutSeconds: number;
  /** Mean talk time (lognormal), seconds. Default 180. */
  avgTalkSeconds: number;
  /** Coefficient of variation of talk time. Default 0.8. */
  talkCv: number;
  /** Constant after-call work, seconds. Default 15. */
  wrapSeconds: number;
  /** A live answer waits this long for an agent before it is abandoned, seconds. Default 2. */
  abandonAfterSeconds: number;
  /** A machine answer holds its line this long, seconds. Default 3. */
  machineHoldSeconds: number;
}

export const DEFAULT_PROFILE: Readonly<OperatingProfile> = Object.freeze({
  agents: 40,
  answerProbability: 0.25,
  machineProbability: 0.15,
  ringMeanSeconds: 7,
  ringTimeoutSeconds: 25,
  avgTalkSeconds: 180,
  talkCv: 0.8,
  wrapSeconds: 15,
  abandonAfterSeconds: 2,
  machineHoldSeconds: 3,
});

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
export interface SimulationSummary {
  model: typeof MODEL_ID;
  seed: number;
  replications: number;
  durationSeconds: number;
  /** The profile used: DEFAULT_PROFILE with the input's fields over it. */
  profile: OperatingProfile;
  /** The weights used, every key present (missing ones as 0). */
  weights: Required<Weights>;
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
  /**
   * How well the pacing's answer estimate p' = clamp(p · (1 + w.answer_rate), 0.01, 1) matches the
   * observed answer rate m (mean of liveAnswers / dials over replications):
   * clamp(1 − |p' − m| / m, 0, 1), and 0 when m = 0.
   */
  predictionAccuracyRate: number;
  /** Events processed, summed over the replications. */
  events: number;
}
