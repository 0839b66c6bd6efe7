/**
 * The weight vocabulary of the dialer settings and the operating profile a campaign dials against
 * (README, "The desired-state file"). It lives in domain/ because the desired state, the rules and
 * the plan speak it; the simulator imports it from here, never the other way round
 * (docs/architecture.md, "Boundaries").
 */

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
