/**
 * Rows of the simulator benchmark for model `dialer-des/pc-v1`, measured as v1's are: events per
 * second on one thread, one 100-agent 8-hour replication, 20 of them on one thread and on a pool of 2.
 */
import { isDeepStrictEqual } from 'node:util';
import { createSimulationPool, DEFAULT_PROFILE, resolvePcSettings, runPcReplication, simulatePc } from '../../controller/simulation/index.js';
import type { PcSimulationInput } from '../../controller/simulation/index.js';
import type { BenchRow } from './bench-types.js';
import { median, spread } from './stats.js';

const RUNS = 7;
const WARM_UP_RUNS = 2;
const EIGHT_HOURS = 28_800;
const PROFILE = { ...DEFAULT_PROFILE, agents: 100 };
/** A skill that overdials: ratio up to 3, moderate steps, the 3% cutoff. */
const SETTINGS = { maximumRatio: 3, maxConcurrentCallsPerAgent: 3, aggressiveness: 'moderate' as const };
const TWENTY: PcSimulationInput = { settings: SETTINGS, profile: { agents: 100 }, durationSeconds: EIGHT_HOURS, replications: 20 };

const ms = (value: number): string => `${value.toFixed(1)} ms`;

function row(figure: string, values: number[], format: (n: number) => string): BenchRow {
  return { benchmark: 'simulator', figure, median: format(median(values)), spread: spread(values, format), runs: values.length };
}

async function timed(action: () => unknown): Promise<number> {
  const start = performance.now();
  await action();
  return performance.now() - start;
}

export async function pcSimulatorRows(): Promise<BenchRow[]> {
  const resolved = resolvePcSettings(SETTINGS);
  const rates: number[] = [];
  const replicationTimes: number[] = [];
  for (let run = -WARM_UP_RUNS; run < RUNS; run += 1) {
    const start = performance.now();
    const result = runPcReplication(resolved, PROFILE, EIGHT_HOURS, 1000 + run);
    const elapsed = performance.now() - start;
    if (run < 0) continue;
    replicationTimes.push(elapsed);
    rates.push(result.events / (elapsed / 1000));
  }
  const singleTimes: number[] = [];
  for (let run = -WARM_UP_RUNS; run < RUNS; run += 1) {
    const elapsed = await timed(() => simulatePc({ ...TWENTY, seed: 2000 + run }));
    if (run >= 0) singleTimes.push(elapsed);
  }
  const pool = createSimulationPool({ size: 2 });
  const poolTimes: number[] = [];
  try {
    for (let run = -WARM_UP_RUNS; run < RUNS; run += 1) {
      const elapsed = await timed(() => pool.runPc({ ...TWENTY, seed: 2000 + run }));
      if (run >= 0) poolTimes.push(elapsed);
    }
    const check = { ...TWENTY, seed: 3000 };
    if (!isDeepStrictEqual(await pool.runPc(check), simulatePc(check))) {
      throw new Error('simulator benchmark: the pool and simulatePc() disagree; run the simulation unit tests');
    }
  } finally {
    await pool.close();
  }
  return [
    row('pc-v1 events/s, one thread (100 agents, 8 h)', rates, (n) => `${(n / 1e6).toFixed(2)} M events/s`),
    row('pc-v1 one 100-agent 8-hour replication', replicationTimes, ms),
    row('pc-v1 20 replications (100 agents, 8 h), one thread', singleTimes, ms),
    row('pc-v1 20 replications (100 agents, 8 h), pool of 2 workers (warm)', poolTimes, ms),
  ];
}
