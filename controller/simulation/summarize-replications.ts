import { pacingFor } from './pacing.js';
import type { ResolvedSimulationInput } from './resolve-simulation-input.js';
import { summarizeCommon } from './summarize-common.js';
import type { RunResult, SimulationSummary } from './types.js';

/**
 * The summary of replications given in replication order. Pure: the same runs in the same order
 * give the same summary, whichever thread produced them.
 */
export function summarizeReplications(input: ResolvedSimulationInput, runs: readonly RunResult[]): SimulationSummary {
  const common = summarizeCommon(input, runs);
  const answerEstimate = pacingFor(input.weights, input.profile).answerEstimate;
  const observed = common.answerRate.mean;
  const predictionAccuracyRate =
    observed > 0 ? Math.min(1, Math.max(0, 1 - Math.abs(answerEstimate - observed) / observed)) : 0;
  return { model: input.model, ...common, weights: { ...input.weights }, predictionAccuracyRate };
}
