import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { resolveSimulationInput } from './resolve-simulation-input.js';
import { deriveReplicationSeed } from './rng.js';
import { summarizeReplications } from './summarize-replications.js';
import type { RunResult, SimulationInput, SimulationSummary } from './types.js';
import type { PcWorkerRequest, WorkerRequest, WorkerResponse } from './worker-protocol.js';
import { resolvePcSimulationInput } from './resolve-pc-simulation-input.js';
import { summarizePcReplications } from './summarize-pc-replications.js';
import type { PcRunResult, PcSimulationInput, PcSimulationSummary } from './pc-types.js';

/** Runs simulations on worker threads; results equal simulate()'s for the same input. */
export interface SimulationPool {
  /** Splits the replications across the workers; rejects with InvalidSimulationInputError on a bad input. */
  run(input: SimulationInput): Promise<SimulationSummary>;
  /** The same for model pc-v1: equals simulatePc() for the same input. */
  runPc(input: PcSimulationInput): Promise<PcSimulationSummary>;
  /** Terminates the workers; pending runs reject. Idempotent. */
  close(): Promise<void>;
}

export interface SimulationPoolOptions {
  /** Worker threads, an integer >= 1. Default: one per core (os.availableParallelism()); SIMULATION_WORKERS in the README. */
  size?: number;
}

interface Pending {
  resolve: (runs: RunResult[] | PcRunResult[]) => void;
  reject: (error: Error) => void;
}

/** One worker thread: referenced only while it has work, so an idle pool never keeps a process alive. */
class PoolWorker {
  // Node flags are inherited, except --input-type, which a worker started from a file rejects.
  private readonly worker = new Worker(new URL('./simulation-worker.js', import.meta.url), {
    execArgv: process.execArgv.filter((flag) => !flag.startsWith('--input-type')),
  });
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;
  dead = false;

  constructor() {
    this.worker.unref();
    this.worker.on('message', (response: WorkerResponse) => this.settle(response));
    this.worker.on('error', (error: Error) => this.fail(new Error(`simulation worker failed: ${error.message}`)));
    this.worker.on('exit', (code: number) => this.fail(new Error(`simulation worker exited with code ${code}`)));
  }

  run(request: Omit<WorkerRequest, 'id'> | Omit<PcWorkerRequest, 'id'>): Promise<RunResult[] | PcRunResult[]> {
    const id = this.nextId++;
    return new Promise<RunResult[] | PcRunResult[]>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      if (this.pending.size === 1) this.worker.ref();
      this.worker.postMessage({ ...request, id });
    });
  }

  async terminate(): Promise<void> {
    this.fail(new Error('simulation pool closed before the run finished'));
    await this.worker.terminate();
  }

  private settle(response: WorkerResponse): void {
    const pending = this.pending.get(response.id);
    if (pending === undefined) return;
    this.pending.delete(response.id);
    if (this.pending.size === 0) this.worker.unref();
    if (response.ok) pending.resolve(response.runs);
    else pending.reject(new Error(`simulation worker failed: ${response.message}`));
  }

  private fail(error: Error): void {
    this.dead = true;
    const pending = [...this.pending.values()];
    this.pending.clear();
    this.worker.unref();
    for (const entry of pending) entry.reject(error);
  }
}

/** Contiguous, near-equal slices of 0..count−1, at most `parts` of them, none empty. */
function slices(count: number, parts: number): Array<{ start: number; end: number }> {
  const used = Math.min(parts, count);
  const result: Array<{ start: number; end: number }> = [];
  for (let part = 0; part < used; part += 1) {
    result.push({ start: Math.floor((part * count) / used), end: Math.floor(((part + 1) * count) / used) });
  }
  return result;
}

/**
 * A pool of simulation worker threads. Replication i always uses deriveReplicationSeed(seed, i)
 * and results are combined in replication order, so run() returns exactly what simulate() returns.
 */
export function createSimulationPool(options: SimulationPoolOptions = {}): SimulationPool {
  const size = options.size ?? os.availableParallelism();
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`size must be an integer >= 1, got ${size}`);
  // Started on first use: a controller whose sweeps find nothing to change never pays for the threads.
  const workers: Array<PoolWorker | undefined> = Array.from({ length: size }, () => undefined);
  let closed = false;

  /** Replication i of `replications` seeded deriveReplicationSeed(seed, i), split across the workers, in order. */
  async function runSlices<R>(
    replications: number,
    seed: number,
    request: (seeds: number[]) => Omit<WorkerRequest, 'id'> | Omit<PcWorkerRequest, 'id'>,
  ): Promise<R[]> {
    if (closed) throw new Error('simulation pool is closed; create a new pool to run more simulations');
    const parts = slices(replications, workers.length).map(({ start, end }, index) => {
      if (workers[index] === undefined || workers[index].dead) workers[index] = new PoolWorker();
      const seeds: number[] = [];
      for (let replication = start; replication < end; replication += 1) {
        seeds.push(deriveReplicationSeed(seed, replication));
      }
      return workers[index]!.run(request(seeds)) as Promise<R[]>;
    });
    return (await Promise.all(parts)).flat();
  }

  async function run(input: SimulationInput): Promise<SimulationSummary> {
    if (closed) throw new Error('simulation pool is closed; create a new pool to run more simulations');
    const resolved = resolveSimulationInput(input);
    const { weights, profile, durationSeconds, model } = resolved;
    const runs = await runSlices<RunResult>(resolved.replications, resolved.seed, (seeds) => ({ kind: 'campaign', model, weights, profile, durationSeconds, seeds }));
    return summarizeReplications(resolved, runs);
  }

  async function runPc(input: PcSimulationInput): Promise<PcSimulationSummary> {
    if (closed) throw new Error('simulation pool is closed; create a new pool to run more simulations');
    const resolved = resolvePcSimulationInput(input);
    const { settings, profile, durationSeconds, model } = resolved;
    const runs = await runSlices<PcRunResult>(resolved.replications, resolved.seed, (seeds) => ({
      kind: 'skill', model, settings, profile, durationSeconds, seeds,
    }));
    return summarizePcReplications(resolved, runs);
  }

  async function close(): Promise<void> {
    closed = true;
    await Promise.all(workers.map((worker) => worker?.terminate()));
  }

  return { run, runPc, close };
}
