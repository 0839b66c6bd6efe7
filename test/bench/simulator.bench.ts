/**
 * Simulator benchmark: events per second on one thread, the wall time of one 100-agent 8-hour
 * replication, and 20 such replications on one thread vs on a pool of 2 worker threads.
 */
import { isDeepStrictEqual } from 'node:util';
import {
  createSimulationPool,
  DEFAULT_PROFILE,
  runReplication,
  simulate,
} from '../../controller/simulation/index.js';
import type { SimulationInput } from '../../controller/simulation/index.js';
import type { BenchRow, Benchmark } from './bench-types.js';
import { engineSpeedRows } from './engine-speed-rows.js';
import { pcSimulatorRows } from './pc-simulator-rows.js';
import { median, spread } from './stats.js';

/** Timed runs per figure (after warm-up runs that are not counted). */
const RUNS = 7;
const WARM_UP_RUNS = 2;
const EIGHT_HOURS = 28_800;
const PROFILE = { ...DEFAULT_PROFILE, agents: 100 };
const WEIGHTS = {};
const TWENTY: SimulationInput = { weights: WEIGHTS, profile: { agents: 100 }, durationSeconds: EIGHT_HOURS, replications: 20 };

const ms = (value: number): string => `${value.toFixed(1)} ms`;
const millionsPerSecond = (value: number): string => `${(value / 1e6).toFixed(2)} M events/s`;

function row(figure: string, values: number[], format: (n: number) => string, aim?: string): BenchRow {
  return { benchmark: 'simulator', figure, median: format(median(values)), spread: spread(values, format), runs: values.length, aim };
}

async function time(action: () => unknown): Promise<number> {
  const start = performance.now();
  await action();
  return performance.now() - start;
}

export const simulatorBenchmark: Benchmark = {
  name: 'simulator',
  async run(): Promise<BenchRow[]> {
    const rates: number[] = [];
    const replicationTimes: number[] = [];
    for (let run = -WARM_UP_RUNS; run < RUNS; run += 1) {
      const start = performance.now();
      const result = runReplication(WEIGHTS, PROFILE, EIGHT_HOURS, 1000 + run);
      const elapsed = performance.now() - start;
      if (run < 0) continue;
      replicationTimes.push(elapsed);
      rates.push(result.events / (elapsed / 1000));
    }

    const singleTimes: number[] = [];
    for (let run = -WARM_UP_RUNS; run < RUNS; run += 1) {
      const elapsed = await time(() => simulate({ ...TWENTY, seed: 2000 + run }));
      if (run >= 0) singleTimes.push(elapsed);
    }

    const pool = createSimulationPool({ size: 2 });
    const poolTimes: number[] = [];
    try {
      for (let run = -WARM_UP_RUNS; run < RUNS; run += 1) {
        const elapsed = await time(() => pool.run({ ...TWENTY, seed: 2000 + run }));
        if (run >= 0) poolTimes.push(elapsed);
      }
      const check = { ...TWENTY, seed: 3000 };
      if (!isDeepStrictEqual(await pool.run(check), simulate(check))) {
        throw new Error('simulator benchmark: the pool and simulate() disagree; run the simulation unit tests');
      }
    } finally {
      await pool.close();
    }

    const coldTimes: number[] = [];
    for (let run = 0; run < RUNS; run += 1) {
      coldTimes.push(
        await time(async () => {
          const cold = createSimulationPool({ size: 2 });
          await cold.run({ ...TWENTY, seed: 4000 + run });
          await cold.close();
        }),
      );
    }

    const speedUps = singleTimes.map((single, i) => single / poolTimes[i]!);
    return [
      row('events/s, one thread (100 agents, 8 h)', rates, millionsPerSecond, '≥ 15 M events/s (issue 16)'),
      row('one 100-agent 8-hour replication', replicationTimes, ms),
      row('20 replications (100 agents, 8 h), one thread', singleTimes, ms),
      row('20 replications (100 agents, 8 h), pool of 2 workers (warm)', poolTimes, ms),
      row('pool speed-up over one thread (run i vs run i)', speedUps, (n) => `${n.toFixed(2)}×`),
      row('20 replications, new pool of 2 (create + run + close)', coldTimes, ms),
      ...(await pcSimulatorRows()),
      ...engineSpeedRows(),
    ];
  },
};
