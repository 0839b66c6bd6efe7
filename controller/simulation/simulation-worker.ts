/**
 * Worker-thread entry of the simulation pool: runs the replications it is sent and posts the
 * results back (packed, the buffer transferred). Started by createSimulationPool; not meant to be
 * run directly.
 */
import { parentPort } from 'node:worker_threads';
import { runPcReplication } from './run-pc-replication.js';
import { runReplication } from './run-replication.js';
import { DEFAULT_PROFILE } from './types.js';
import { packRuns, type PcWorkerRequest, type WarmUpRequest, type WorkerRequest, type WorkerResponse } from './worker-protocol.js';

const port = parentPort;
if (port === null) {
  throw new Error('simulation-worker.js runs only as a worker thread; use createSimulationPool()');
}

/** CPU time a warm-up may take: about what the optimising compile of the hot loop needs (docs/architecture.md, "The simulator"). */
const WARM_UP_CPU_MS = 400;
const WARM_UP_PROFILE = { ...DEFAULT_PROFILE, agents: 60 };
let requested = false;

const cpuMs = (): number => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
};

/** One short replication per macrotask, so a request that arrives is served at once and ends the warm-up. */
function warmUp(started: number, seed: number): void {
  if (requested || cpuMs() - started > WARM_UP_CPU_MS) return;
  runReplication({}, WARM_UP_PROFILE, 300, seed);
  setImmediate(() => warmUp(started, seed + 1));
}

port.on('message', (request: WorkerRequest | PcWorkerRequest | WarmUpRequest) => {
  if (request.kind === 'warm-up') {
    warmUp(cpuMs(), 1);
    return;
  }
  requested = true;
  let response: WorkerResponse;
  try {
    const runs =
      request.kind === 'skill'
        ? request.seeds.map((seed) => runPcReplication(request.settings, request.profile, request.durationSeconds, seed, request.model))
        : request.seeds.map((seed) => runReplication(request.weights, request.profile, request.durationSeconds, seed, request.model));
    response = { id: request.id, ok: true, runs: packRuns(runs) };
  } catch (error: unknown) {
    response = { id: request.id, ok: false, message: error instanceof Error ? error.message : String(error) };
  }
  port.postMessage(response, response.ok ? [response.runs.values.buffer] : []);
});
