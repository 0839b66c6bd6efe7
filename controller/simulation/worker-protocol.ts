import type { ModelId, PcModelId } from './model-versions.js';
import type { PcRunResult, ResolvedPcSettings } from './pc-types.js';
import type { OperatingProfile, RunResult, Weights } from './types.js';

/** Main thread → worker: run one replication of a campaign model per seed, in order. */
export interface WorkerRequest {
  id: number;
  kind: 'campaign';
  model: ModelId;
  weights: Required<Weights>;
  profile: OperatingProfile;
  durationSeconds: number;
  seeds: number[];
}

/** Main thread → worker: run one replication of an OutboundSkill model per seed, in order. */
export interface PcWorkerRequest {
  id: number;
  kind: 'skill';
  model: PcModelId;
  settings: ResolvedPcSettings;
  profile: OperatingProfile;
  durationSeconds: number;
  seeds: number[];
}

/** Worker → main thread: the runs in the order of the request's seeds, or why it failed. */
export type WorkerResponse =
  | { id: number; ok: true; runs: RunResult[] | PcRunResult[] }
  | { id: number; ok: false; message: string };
