import { estimate } from './estimate.js';
import type { ResolvedPcSimulationInput } from './resolve-pc-simulation-input.js';
import { PC_MODEL_ID } from './pc-types.js';
import type { PcRunResult, PcSimulationSummary } from './pc-types.js';

/** The summary of pc-v1 replications given in replication order; pure, whichever thread ran them. */
export function summarizePcReplications(input: ResolvedPcSimulationInput, runs: readonly PcRunResult[]): PcSimulationSummary {
  if (runs.length !== input.replications) {
    throw new RangeError(`expected ${input.replications} replication results, got ${runs.length}`);
  }
  const of = (pick: (run: PcRunResult) => number) => estimate(runs.map(pick));
  const abandonRate = of((r) => r.abandonRate);
  let events = 0;
  for (const run of runs) events += run.events;
  return {
    model: PC_MODEL_ID,
    seed: input.seed,
    replications: input.replications,
    durationSeconds: input.durationSeconds,
    profile: { ...input.profile },
    settings: { ...input.settings },
    abandonRate,
    abandonRateUpper95: abandonRate.mean + abandonRate.halfWidth,
    occupancy: of((r) => r.occupancy),
    answerRate: of((r) => r.answerRate),
    meanWaitSeconds: of((r) => r.meanWaitSeconds),
    dials: of((r) => r.dials),
    liveAnswers: of((r) => r.liveAnswers),
    connected: of((r) => r.connected),
    abandoned: of((r) => r.abandoned),
    hungUp: of((r) => r.hungUp),
    connectedLate: of((r) => r.connectedLate),
    meanRatio: of((r) => r.meanRatio),
    cutoffSeconds: of((r) => r.cutoffSeconds),
    events,
  };
}
