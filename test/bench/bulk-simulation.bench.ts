/**
 * Bulk simulation: `plan --simulate` over 1,000 changed campaigns (every live campaign edited, so
 * each is simulated before → after, 2 × 20 replications), run as a user runs it in a child
 * process, with one simulation worker and with one per core (wall time, peak RSS).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { generateCampaigns } from '../../emulator/generated-campaigns.js';
import { spawnCli } from '../support/spawn-cli.js';
import type { BenchRow, Benchmark } from './bench-types.js';
import { timedCli, writeDesiredState, type Timed } from './desired-state.bench.js';
import { median, spread } from './stats.js';

const CAMPAIGNS = 1_000;
const SEED = 7;
const RUNS = 3;

const seconds = (n: number) => `${(n / 1000).toFixed(2)} s`;
const mb = (n: number) => `${n.toFixed(0)} MB`;

export const bulkSimulationBenchmark: Benchmark = {
  name: 'bulk-simulation',
  async run(): Promise<BenchRow[]> {
    const tmp = await mkdtemp(path.join(os.tmpdir(), 'cxone-bench-bulk-'));
    const dir = path.join(tmp, 'desired-state');
    const emulator = spawnCli(['emulator', '--port', '0', '--rate-limit', '0', '--campaigns', String(CAMPAIGNS), '--seed', String(SEED)]);
    try {
      await writeDesiredState(dir, CAMPAIGNS, SEED);
      const [, url] = await emulator.waitForLine(/listening on (\S+)/, 60_000);
      // A supervisor nudges every campaign, so every one is planned as a change and simulated.
      for (const campaign of generateCampaigns(CAMPAIGNS, SEED)) {
        const response = await fetch(`${url}/emulator/campaigns/${String(campaign.id)}`, {
          method: 'PATCH',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ predictiveDialerSettings: { parameterWeights: { call_rate: 0.013 } }, modifiedBy: 'ui:bench' }),
        });
        if (!response.ok) throw new Error(`PATCH campaign ${String(campaign.id)} answered ${response.status}`);
      }
      const env = { ...process.env, CXONE_DOMAIN: url, CXONE_CLIENT_ID: 'emulator-client', CXONE_CLIENT_SECRET: 'emulator-secret' };
      const runs: Record<string, Timed[]> = {};
      for (const workers of ['1', String(os.availableParallelism())]) {
        runs[workers] = [];
        for (let run = 0; run < RUNS; run += 1) {
          const timed = await timedCli(['plan', dir, '--simulate', '--format', 'json', '--out', path.join(tmp, 'plan.json')], { ...env, SIMULATION_WORKERS: workers });
          if (timed.code !== 2) throw new Error(`plan --simulate exited ${timed.code} (expected 2: every campaign changed)`);
          runs[workers]!.push(timed);
        }
      }
      const row = (figure: string, values: number[], format: (n: number) => string, aim?: string): BenchRow => ({
        benchmark: 'bulk-simulation', figure, median: format(median(values)), spread: spread(values, format), runs: values.length, ...(aim ? { aim } : {}),
      });
      return Object.entries(runs).flatMap(([workers, timings]) => [
        row(`plan --simulate, ${CAMPAIGNS.toLocaleString('en-US')} changed campaigns, ${workers} worker(s): wall time`, timings.map((t) => t.ms), seconds, '< 10 s (issue 16)'),
        row(`plan --simulate, ${CAMPAIGNS.toLocaleString('en-US')} changed campaigns, ${workers} worker(s): CPU time, all threads`, timings.map((t) => t.cpuMs), seconds),
        row(`plan --simulate, ${CAMPAIGNS.toLocaleString('en-US')} changed campaigns, ${workers} worker(s): peak RSS`, timings.map((t) => t.maxRssMb), mb),
      ]);
    } finally {
      await emulator.stop();
      await rm(tmp, { recursive: true, force: true });
    }
  },
};
