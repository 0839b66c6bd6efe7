import { estimate } from './estimate.js';
import type { ResolvedPcSimulationInput } from './resolve-pc-simulation-input.js';
import type { PcRunResult, PcSimulationSummary } from './pc-types.js';
import { summarizeCommon } from './summarize-common.js';

/** The summary of pc-v1 replications given in replication order; pure, whichever thread ran them. */
export function summarizePcReplications(input: ResolvedPcSimulationInput, runs: readonly PcRunResult[]): PcSimulationSummary {
  const common = summarizeCommon(input, runs);
  const of = (pick: (run: PcRunResult) => number) => estimate(runs.map(pick));
  return {
    model: input.model,
    ...common,
    settings: { ...input.settings },
    hungUp: of((r) => r.hungUp),
    connectedLate: of((r) => r.connectedLate),
    meanRatio: of((r) => r.meanRatio),
    cutoffSeconds: of((r) => r.cutoffSeconds),
  };
}
