/**
 * Worker-thread entry of the simulation pool: runs the replications it is sent and posts the
 * results back. Started by createSimulationPool; not meant to be run directly.
 */
import { parentPort } from 'node:worker_threads';
import { runPcReplication } from './run-pc-replication.js';
import { runReplication } from './run-replication.js';
import type { PcWorkerRequest, WorkerRequest, WorkerResponse } from './worker-protocol.js';

const port = parentPort;
if (port === null) {
  throw new Error('simulation-worker.js runs only as a worker thread; use createSimulationPool()');
}

port.on('message', (request: WorkerRequest | PcWorkerRequest) => {
  let response: WorkerResponse;
  try {
    const runs =
      request.kind === 'skill'
        ? request.seeds.map((seed) => runPcReplication(request.settings, request.profile, request.durationSeconds, seed, request.model))
        : request.seeds.map((seed) => runReplication(request.weights, request.profile, request.durationSeconds, seed, request.model));
    response = { id: request.id, ok: true, runs };
  } catch (error: unknown) {
    response = { id: request.id, ok: false, message: error instanceof Error ? error.message : String(error) };
  }
  port.postMessage(response);
});
