import type { OperatingProfile, RunResult, Weights } from './types.js';

/** Main thread → worker: run one replication per seed, in order. */
export interface WorkerRequest {
  id: number;
  weights: Required<Weights>;
  profile: OperatingProfile;
  durationSeconds: number;
  seeds: number[];
}

/** Worker → main thread: the runs in the order of the request's seeds, or why it failed. */
export type WorkerResponse = { id: number; ok: true; runs: RunResult[] } | { id: number; ok: false; message: string };
