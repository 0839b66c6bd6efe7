import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { resolveSimulationInput } from './resolve-simulation-input.js';
import { deriveReplicationSeed } from './rng.js';
import { summarizeReplications } from './summarize-replications.js';
import type { RunResult, SimulationInput, SimulationSummary } from './types.js';
import { unpackRuns, type PcWorkerRequest, type WorkerRequest, type WorkerResponse } from './worker-protocol.js';
import { resolvePcSimulationInput } from './resolve-pc-simulation-input.js';
import { summarizePcReplications } from './summarize-pc-replications.js';
import type { PcRunResult, PcSimulationInput, PcSimulationSummary } from './pc-types.js';

/** Runs simulations on worker threads; results equal simulate()'s for the same input. */
export interface SimulationPool {
  /** Splits the replications across the workers; rejects with InvalidSimulationInputError on a bad input. */
  run(input: SimulationInput): Promise<SimulationSummary>;
  /** The same for model pc-v1: equals simulatePc() for the same input. */
  runPc(input: PcSimulationInput): Promise<PcSimulationSummary>;
  /**
   * Starts every worker now and lets each compile its hot loop while it waits (a bulk run calls
   * this before it reads its files and the live state, so no worker starts its first simulation
   * cold). Changes no result; without it workers start on first use.
   */
  warmUp(): void;
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
  private readonly pending = new Map<number, Pending & { replications: number }>();
  private nextId = 0;
  dead = false;
  /** Replications sent and not yet answered. */
  queued = 0;

  constructor() {
    this.worker.unref();
    this.worker.on('message', (response: WorkerResponse) => this.settle(response));
    this.worker.on('error', (error: Error) => this.fail(new Error(`simulation worker failed: ${error.message}`)));
    this.worker.on('exit', (code: number) => this.fail(new Error(`simulation worker exited with code ${code}`)));
  }

  run(request: Omit<WorkerRequest, 'id'> | Omit<PcWorkerRequest, 'id'>): Promise<RunResult[] | PcRunResult[]> {
    const id = this.nextId++;
    return new Promise<RunResult[] | PcRunResult[]>((resolve, reject) => {
      this.pending.set(id, { resolve, reject, replications: request.seeds.length });
      this.queued += request.seeds.length;
      if (this.pending.size === 1) this.worker.ref();
      this.worker.postMessage({ ...request, id });
    });
  }

  warmUp(): void {
    this.worker.postMessage({ kind: 'warm-up' });
  }

  async terminate(): Promise<void> {
    this.fail(new Error('simulation pool closed before the run finished'));
    await this.worker.terminate();
  }

  private settle(response: WorkerResponse): void {
    const pending = this.pending.get(response.id);
    if (pending === undefined) return;
    this.pending.delete(response.id);
    this.queued -= pending.replications;
    if (this.pending.size === 0) this.worker.unref();
    if (response.ok) pending.resolve(unpackRuns<RunResult>(response.runs));
    else pending.reject(new Error(`simulation worker failed: ${response.message}`));
  }

  private fail(error: Error): void {
    this.dead = true;
    const pending = [...this.pending.values()];
    this.pending.clear();
    this.queued = 0;
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
 *
 * A simulation is split across the idle workers (one alone finishes sooner so), or, when every
 * worker is busy (a bulk run keeps many in flight), sent whole to the one with the fewest
 * replications queued: one message instead of one per worker, and no worker idles behind a slow one.
 */
export function createSimulationPool(options: SimulationPoolOptions = {}): SimulationPool {
  const size = options.size ?? os.availableParallelism();
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`size must be an integer >= 1, got ${size}`);
  // Started on first use (or by warmUp): a controller whose sweeps find nothing to change never pays for the threads.
  const workers: Array<PoolWorker | undefined> = Array.from({ length: size }, () => undefined);
  let closed = false;

  function worker(index: number): PoolWorker {
    const existing = workers[index];
    if (existing !== undefined && !existing.dead) return existing;
    const started = new PoolWorker();
    workers[index] = started;
    return started;
  }

  /** The workers to send a simulation to: every idle one, or else the least loaded. */
  function chosenWorkers(): PoolWorker[] {
    const all = workers.map((_, index) => worker(index));
    const idle = all.filter((candidate) => candidate.queued === 0);
    if (idle.length > 0) return idle;
    return [all.reduce((least, candidate) => (candidate.queued < least.queued ? candidate : least))];
  }

  /** Replication i of `replications` seeded deriveReplicationSeed(seed, i), split across the chosen workers, in order. */
  async function runSlices<R>(
    replications: number,
    seed: number,
    request: (seeds: number[]) => Omit<WorkerRequest, 'id'> | Omit<PcWorkerRequest, 'id'>,
  ): Promise<R[]> {
    if (closed) throw new Error('simulation pool is closed; create a new pool to run more simulations');
    const chosen = chosenWorkers();
    const parts = slices(replications, chosen.length).map(({ start, end }, index) => {
      const seeds: number[] = [];
      for (let replication = start; replication < end; replication += 1) {
        seeds.push(deriveReplicationSeed(seed, replication));
      }
      return chosen[index]!.run(request(seeds)) as Promise<R[]>;
    });
    return (await Promise.all(parts)).flat();
  }

  function warmUp(): void {
    if (closed) return;
    workers.forEach((_, index) => worker(index).warmUp());
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

  return { run, runPc, warmUp, close };
}
