import { resolvePcSimulationInput } from './resolve-pc-simulation-input.js';
import { deriveReplicationSeed } from './rng.js';
import { runPcReplication } from './run-pc-replication.js';
import { summarizePcReplications } from './summarize-pc-replications.js';
import type { PcRunResult, PcSimulationInput, PcSimulationSummary } from './pc-types.js';

/**
 * Runs every pc-v1 replication on the calling thread and summarises them. Replication i uses the
 * seed deriveReplicationSeed(seed, i), as v1 does. Throws InvalidSimulationInputError on a bad input.
 */
export function simulatePc(input: PcSimulationInput): PcSimulationSummary {
  const resolved = resolvePcSimulationInput(input);
  const runs: PcRunResult[] = [];
  for (let index = 0; index < resolved.replications; index += 1) {
    runs.push(runPcReplication(resolved.settings, resolved.profile, resolved.durationSeconds, deriveReplicationSeed(resolved.seed, index), resolved.model));
  }
  return summarizePcReplications(resolved, runs);
}
