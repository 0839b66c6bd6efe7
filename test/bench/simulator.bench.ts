/**
 * Simulator benchmark: for the current models dialer-des/v2 and pc-v2, events per second on one
 * thread, the wall time of one 100-agent 8-hour replication, and 20 such replications on one
 * thread vs on a pool of 2 worker threads; the cost of a cold pool; per CPU second, the current
 * models against the old ones (v1, pc-v1) on the same engine and on the first engine.
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  createSimulationPool,
  DEFAULT_PROFILE,
  resolvePcSettings,
  runPcReplication,
  runReplication,
  simulate,
  simulatePc,
} from '../../controller/simulation/index.js';
import type { PcSimulationInput, SimulationInput } from '../../controller/simulation/index.js';
import type { BenchRow, Benchmark } from './bench-types.js';
import { engineSpeedRows } from './engine-speed-rows.js';
import { modelSpeedRows, simulatorRow } from './model-speed-rows.js';

const RUNS = 7;
const EIGHT_HOURS = 28_800;
const PROFILE = { ...DEFAULT_PROFILE, agents: 100 };
const WEIGHTS = {};
const TWENTY: SimulationInput = { weights: WEIGHTS, profile: { agents: 100 }, durationSeconds: EIGHT_HOURS, replications: 20 };
/** A skill that overdials: ratio up to 3, moderate steps, the 3% cutoff. */
const PC_SETTINGS = { maximumRatio: 3, maxConcurrentCallsPerAgent: 3, aggressiveness: 'moderate' as const };
const PC_TWENTY: PcSimulationInput = { settings: PC_SETTINGS, profile: { agents: 100 }, durationSeconds: EIGHT_HOURS, replications: 20 };

const ms = (value: number): string => `${value.toFixed(1)} ms`;

/**
 * `cxone-gitops simulate FILE` as a user runs it, whole process (start-up, the file's loading and
 * validation, 20 replications of v1 over 8 hours with 100 agents on one thread, the output): the
 * figure issue 16 starts from. The demo's broadband-upsell file, with 100 agents, alone in a directory.
 */
async function wholeProcessTimes(): Promise<number[]> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'cxone-bench-simulate-'));
  try {
    const source = await readFile(new URL('../../../desired-state/sales/broadband-upsell.yaml', import.meta.url), 'utf8');
    const file = path.join(dir, 'broadband-upsell.yaml');
    await writeFile(file, source.replace(/agents: \d+/, 'agents: 100'));
    const cli = fileURLToPath(new URL('../../controller/cli.js', import.meta.url));
    const args = [cli, 'simulate', file, '--duration', String(EIGHT_HOURS), '--replications', '20', '--model', 'dialer-des/v1'];
    const times: number[] = [];
    for (let run = 0; run < RUNS + 1; run += 1) {
      const started = performance.now();
      const result = spawnSync(process.execPath, args, { encoding: 'utf8' });
      if (result.status !== 0 && result.status !== 2) throw new Error(`cxone-gitops simulate exited ${String(result.status)}: ${result.stderr}`);
      if (run > 0) times.push(performance.now() - started); // the first run warms the disk cache
    }
    return times;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function time(action: () => unknown): Promise<number> {
  const start = performance.now();
  await action();
  return performance.now() - start;
}

export const simulatorBenchmark: Benchmark = {
  name: 'simulator',
  async run(): Promise<BenchRow[]> {
    const campaignRows = await modelSpeedRows({
      label: '',
      replicate: (seed) => runReplication(WEIGHTS, PROFILE, EIGHT_HOURS, seed).events,
      simulateTwenty: (seed) => simulate({ ...TWENTY, seed }),
      poolTwenty: (pool, seed) => pool.run({ ...TWENTY, seed }),
      aim: '≥ 15 M events/s (issue 16)',
    });
    const pcResolved = resolvePcSettings(PC_SETTINGS);
    const pcRows = await modelSpeedRows({
      label: 'pc-v2',
      replicate: (seed) => runPcReplication(pcResolved, PROFILE, EIGHT_HOURS, seed).events,
      simulateTwenty: (seed) => simulatePc({ ...PC_TWENTY, seed }),
      poolTwenty: (pool, seed) => pool.runPc({ ...PC_TWENTY, seed }),
    });
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

    return [
      ...campaignRows,
      simulatorRow('20 replications, new pool of 2 (create + run + close)', coldTimes, ms),
      simulatorRow('cxone-gitops simulate FILE, whole process: 20 replications of v1 (100 agents, 8 h), one thread', await wholeProcessTimes(), ms),
      ...pcRows,
      ...engineSpeedRows(),
    ];
  },
};
