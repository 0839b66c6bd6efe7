import { estimate } from './estimate.js';
import { pacingFor } from './pacing.js';
import type { ResolvedSimulationInput } from './resolve-simulation-input.js';
import { MODEL_ID } from './types.js';
import type { RunResult, SimulationSummary } from './types.js';

/**
 * The summary of replications given in replication order. Pure: the same runs in the same order
 * give the same summary, whichever thread produced them.
 */
export function summarizeReplications(input: ResolvedSimulationInput, runs: readonly RunResult[]): SimulationSummary {
  if (runs.length !== input.replications) {
    throw new RangeError(`expected ${input.replications} replication results, got ${runs.length}`);
  }
  const of = (pick: (run: RunResult) => number) => estimate(runs.map(pick));
  const abandonRate = of((r) => r.abandonRate);
  const answerRate = of((r) => r.answerRate);
  const answerEstimate = pacingFor(input.weights, input.profile).answerEstimate;
  const observed = answerRate.mean;
  const predictionAccuracyRate =
    observed > 0 ? Math.min(1, Math.max(0, 1 - Math.abs(answerEstimate - observed) / observed)) : 0;
  let events = 0;
  for (const run of runs) events += run.events;
  return {
    model: MODEL_ID,
    seed: input.seed,
    replications: input.replications,
    durationSeconds: input.durationSeconds,
    profile: { ...input.profile },
    weights: { ...input.weights },
    abandonRate,
    abandonRateUpper95: abandonRate.mean + abandonRate.halfWidth,
    occupancy: of((r) => r.occupancy),
    answerRate,
    meanWaitSeconds: of((r) => r.meanWaitSeconds),
    dials: of((r) => r.dials),
    liveAnswers: of((r) => r.liveAnswers),
    connected: of((r) => r.connected),
    abandoned: of((r) => r.abandoned),
    predictionAccuracyRate,
    events,
  };
}
