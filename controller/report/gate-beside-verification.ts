/**
 * The local gate's prediction of the last apply beside what CXone's verification found (README,
 * "The dialer simulator and the abandon gate"): the gate predicts before the write, the verification
 * (CXone's simulation, or a live analysis of real traffic on skills) judges after it. The campaign
 * page and the demo's output say both in one line.
 */
import type { CampaignState, SimulationSnapshot } from '../domain/campaign-state.js';
import { percent } from '../domain/gate-prediction.js';

export interface GateBesideVerification {
  predicted: SimulationSnapshot;
  /** The verification of the same settings, once it answered. */
  verified?: SimulationSnapshot;
}

/** The pair of the last apply, or nothing when the status has no gate prediction. */
export function gateBesideVerification(state: Pick<CampaignState, 'gatePrediction' | 'lastSimulation'>): GateBesideVerification | undefined {
  const predicted = state.gatePrediction;
  if (!predicted) return undefined;
  const candidate = state.lastSimulation;
  const sameApply = candidate !== undefined && candidate.source !== 'local' && candidate.fingerprint === predicted.fingerprint && Date.parse(candidate.at) >= Date.parse(predicted.at);
  return sameApply ? { predicted, verified: candidate } : { predicted };
}

const VERIFIER: Record<Exclude<SimulationSnapshot['source'], 'local'>, string> = { remote: "CXone's simulation", analysis: "CXone's live traffic" };

/** `local gate predicted 1.27% abandon; CXone's simulation verified 1.31% (upper 95% bounds; limit 3.00%)`. */
export function gateBesideVerificationText({ predicted, verified }: GateBesideVerification): string {
  const gate = `local gate predicted ${percent(predicted.abandonRateUpper95)} abandon`;
  if (!verified || verified.source === 'local') return `${gate} (upper 95% bound; limit ${percent(predicted.limit)}); CXone's verification not in yet`;
  const who = VERIFIER[verified.source];
  if (verified.pass) return `${gate}; ${who} verified ${percent(verified.abandonRateUpper95)} (upper 95% bounds; limit ${percent(verified.limit)})`;
  return `${gate}; ${who} measured ${percent(verified.abandonRateUpper95)}: over the limit ${percent(verified.limit)} (upper 95% bounds)`;
}
