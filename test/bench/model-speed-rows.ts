/**
 * The speed rows every simulator model gets, measured the same way: events per second of one
 * replication on one thread, its wall time, and 20 replications on one thread vs on a warm pool
 * of 2 workers (whose results must equal the single thread's).
 */
import { isDeepStrictEqual } from 'node:util';
import { createSimulationPool, type SimulationPool } from '../../controller/simulation/index.js';
import type { BenchRow } from './bench-types.js';
import { median, spread } from './stats.js';

/** Timed runs per figure (after warm-up runs that are not counted). */
const RUNS = 7;
const WARM_UP_RUNS = 2;
/**
 * Replications run first, by CPU time, so that the figures measure the optimised hot loop: its
 * compile takes over a second on a loaded machine (docs/architecture.md, "The simulator").
 */
const WARM_UP_CPU_MS = 4000;

function warmUp(replicate: (seed: number) => number): void {
  const cpuMs = (): number => (process.cpuUsage().user + process.cpuUsage().system) / 1000;
  const started = cpuMs();
  for (let seed = 1; cpuMs() - started < WARM_UP_CPU_MS; seed += 1) replicate(seed);
}

/** One model, as the rows drive it. */
export interface ModelUnderBench {
  /** Prefix of the row names ('' for the current campaign model, whose rows keep their names). */
  label: string;
  /** One 100-agent 8-hour replication on this thread; returns the events it processed. */
  replicate(seed: number): number;
  /** 20 such replications on this thread. */
  simulateTwenty(seed: number): unknown;
  /** The same 20 on the pool. */
  poolTwenty(pool: SimulationPool, seed: number): Promise<unknown>;
  /** Row aim of the events/s figure. */
  aim?: string;
}

const ms = (value: number): string => `${value.toFixed(1)} ms`;
const millionsPerSecond = (value: number): string => `${(value / 1e6).toFixed(2)} M events/s`;

export function simulatorRow(figure: string, values: number[], format: (n: number) => string, aim?: string): BenchRow {
  return { benchmark: 'simulator', figure, median: format(median(values)), spread: spread(values, format), runs: values.length, aim };
}

async function timed(action: () => unknown): Promise<number> {
  const start = performance.now();
  await action();
  return performance.now() - start;
}

async function timedRuns(action: (seed: number) => unknown, firstSeed: number): Promise<number[]> {
  const times: number[] = [];
  for (let run = -WARM_UP_RUNS; run < RUNS; run += 1) {
    const elapsed = await timed(() => action(firstSeed + run));
    if (run >= 0) times.push(elapsed);
  }
  return times;
}

export async function modelSpeedRows(model: ModelUnderBench): Promise<BenchRow[]> {
  warmUp((seed) => model.replicate(seed));
  const rates: number[] = [];
  const replicationTimes: number[] = [];
  for (let run = -WARM_UP_RUNS; run < RUNS; run += 1) {
    const start = performance.now();
    const events = model.replicate(1000 + run);
    const elapsed = performance.now() - start;
    if (run < 0) continue;
    replicationTimes.push(elapsed);
    rates.push(events / (elapsed / 1000));
  }
  const singleTimes = await timedRuns((seed) => model.simulateTwenty(seed), 2000);
  const pool = createSimulationPool({ size: 2 });
  let poolTimes: number[];
  try {
    poolTimes = await timedRuns((seed) => model.poolTwenty(pool, seed), 2000);
    if (!isDeepStrictEqual(await model.poolTwenty(pool, 3000), model.simulateTwenty(3000))) {
      throw new Error(`simulator benchmark: the pool and the single thread disagree on ${model.label || 'the campaign model'}; run the simulation unit tests`);
    }
  } finally {
    await pool.close();
  }
  const name = (figure: string): string => (model.label ? `${model.label} ${figure}` : figure);
  return [
    simulatorRow(name('events/s, one thread (100 agents, 8 h)'), rates, millionsPerSecond, model.aim),
    simulatorRow(name('one 100-agent 8-hour replication'), replicationTimes, ms),
    simulatorRow(name('20 replications (100 agents, 8 h), one thread'), singleTimes, ms),
    simulatorRow(name('20 replications (100 agents, 8 h), pool of 2 workers (warm)'), poolTimes, ms),
    simulatorRow(name('pool speed-up over one thread (run i vs run i)'), singleTimes.map((single, i) => single / poolTimes[i]!), (n) => `${n.toFixed(2)}×`),
  ];
}
