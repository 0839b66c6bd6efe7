import { estimate } from './estimate.js';
import type { SummaryCommon } from './types.js';

/** The per-replication figures every model reports. */
export interface CommonRun {
  abandonRate: number;
  occupancy: number;
  answerRate: number;
  meanWaitSeconds: number;
  dials: number;
  liveAnswers: number;
  connected: number;
  abandoned: number;
  events: number;
}

/**
 * The fields every model's summary shares, over replications given in replication order. Pure:
 * the same runs in the same order give the same summary, whichever thread produced them.
 */
export function summarizeCommon(input: Pick<SummaryCommon, 'seed' | 'replications' | 'durationSeconds' | 'profile'>, runs: readonly CommonRun[]): SummaryCommon {
  if (runs.length !== input.replications) {
    throw new RangeError(`expected ${input.replications} replication results, got ${runs.length}`);
  }
  const of = (pick: (run: CommonRun) => number) => estimate(runs.map(pick));
  const abandonRate = of((r) => r.abandonRate);
  let events = 0;
  for (const run of runs) events += run.events;
  return {
    seed: input.seed,
    replications: input.replications,
    durationSeconds: input.durationSeconds,
    profile: { ...input.profile },
    abandonRate,
    abandonRateUpper95: abandonRate.mean + abandonRate.halfWidth,
    occupancy: of((r) => r.occupancy),
    answerRate: of((r) => r.answerRate),
    meanWaitSeconds: of((r) => r.meanWaitSeconds),
    dials: of((r) => r.dials),
    liveAnswers: of((r) => r.liveAnswers),
    connected: of((r) => r.connected),
    abandoned: of((r) => r.abandoned),
    events,
  };
}
