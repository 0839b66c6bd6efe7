/**
 * The local gate: before any PUT, the controller runs its own dialer simulator on the proposed
 * weights, on the campaign's operating profile, and refuses a proposal whose predicted abandon
 * bound (the upper end of the 95% interval) breaks the campaign's limit. `plan --simulate` shows
 * the same prediction before → after.
 */
import type { CampaignSpec } from '../domain/campaign-spec.js';
import type { LiveCampaign } from '../domain/live-campaign.js';
import { percent, type Prediction } from '../domain/gate-prediction.js';
import type { SimulationPool } from '../simulation/index.js';
import { DEFAULT_PROFILE, type OperatingProfile, type Weights } from '../simulation/types.js';

export { percent, type Prediction } from '../domain/gate-prediction.js';

/** Seed of every gate simulation: the same proposal always gets the same verdict. */
export const GATE_SEED = 20_260_101;
/** Replications of a gate simulation. */
export const GATE_REPLICATIONS = 20;

export interface GateVerdict {
  pass: boolean;
  prediction: Prediction;
  limit: number;
  reason: string;
}

/** The profile the campaign dials against: defaults, then what CXone reports, then the file's overrides. */
export function operatingProfileFor(campaign: CampaignSpec, live?: LiveCampaign): OperatingProfile {
  return { ...DEFAULT_PROFILE, ...live?.operatingProfile, ...campaign.simulation.profile };
}

export async function predict(pool: SimulationPool, weights: Weights, profile: OperatingProfile, durationSeconds: number): Promise<Prediction> {
  const summary = await pool.run({ weights, profile, durationSeconds, replications: GATE_REPLICATIONS, seed: GATE_SEED });
  return {
    abandonRate: summary.abandonRate.mean,
    abandonRateUpper95: summary.abandonRateUpper95,
    occupancy: summary.occupancy.mean,
    answerRate: summary.answerRate.mean,
  };
}

/** Pure: does the prediction keep within the campaign's abandon limit? */
export function judgeGate(prediction: Prediction, maxAbandonRate: number): GateVerdict {
  const pass = prediction.abandonRateUpper95 <= maxAbandonRate;
  const bound = percent(prediction.abandonRateUpper95);
  const limit = percent(maxAbandonRate);
  return {
    pass,
    prediction,
    limit: maxAbandonRate,
    reason: pass
      ? `predicted abandon bound ${bound} is within the limit ${limit}`
      : `predicted abandon bound ${bound} breaks the limit ${limit}: lower predictive_factor or max_concurrent, or raise simulation.maxAbandonRate if the regulator allows`,
  };
}

/** Runs the local gate on the campaign's desired weights. */
export async function runLocalGate(pool: SimulationPool, campaign: CampaignSpec, live?: LiveCampaign): Promise<GateVerdict> {
  const prediction = await predict(pool, campaign.parameterWeights, operatingProfileFor(campaign, live), campaign.simulation.durationSeconds);
  return judgeGate(prediction, campaign.simulation.maxAbandonRate);
}
