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

/**
 * Main thread → worker: compile the hot loop now, while the worker has nothing else to do (short
 * replications until a request arrives or the budget is spent; they change no result).
 */
export interface WarmUpRequest {
  kind: 'warm-up';
}

/**
 * Runs packed for the way back: their field names once and every value in one Float64Array
 * (transferred, not copied), run after run, as cheap to post as one buffer.
 */
export interface PackedRuns {
  fields: string[];
  values: Float64Array<ArrayBuffer>;
}

/** Worker → main thread: the runs in the order of the request's seeds, or why it failed. */
export type WorkerResponse =
  | { id: number; ok: true; runs: PackedRuns }
  | { id: number; ok: false; message: string };

/** Packs runs whose fields are all numbers (RunResult, PcRunResult). */
export function packRuns(runs: ReadonlyArray<RunResult | PcRunResult>): PackedRuns {
  const fields = runs.length > 0 ? Object.keys(runs[0]!) : [];
  const values = new Float64Array(runs.length * fields.length);
  runs.forEach((run, index) => {
    const record = run as unknown as Record<string, number>;
    fields.forEach((field, offset) => (values[index * fields.length + offset] = record[field]!));
  });
  return { fields, values };
}

/** The runs packRuns packed, each an object with the same fields in the same order. */
export function unpackRuns<R>({ fields, values }: PackedRuns): R[] {
  const count = fields.length > 0 ? values.length / fields.length : 0;
  return Array.from({ length: count }, (_, index) => {
    const run: Record<string, number> = {};
    fields.forEach((field, offset) => (run[field] = values[index * fields.length + offset]!));
    return run as R;
  });
}
