import { resolveSimulationInput } from './resolve-simulation-input.js';
import { deriveReplicationSeed } from './rng.js';
import { runReplication } from './run-replication.js';
import { summarizeReplications } from './summarize-replications.js';
import type { RunResult, SimulationInput, SimulationSummary } from './types.js';

/**
 * Runs every replication on the calling thread and summarises them. Replication i uses the seed
 * deriveReplicationSeed(seed, i). Throws InvalidSimulationInputError when the input is invalid.
 */
export function simulate(input: SimulationInput): SimulationSummary {
  const resolved = resolveSimulationInput(input);
  const runs: RunResult[] = [];
  for (let index = 0; index < resolved.replications; index += 1) {
    runs.push(
      runReplication(
        resolved.weights,
        resolved.profile,
        resolved.durationSeconds,
        deriveReplicationSeed(resolved.seed, index),
        resolved.model,
      ),
    );
  }
  return summarizeReplications(resolved, runs);
}
