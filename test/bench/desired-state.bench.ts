/**
 * Desired state at scale: `validate` over 10,000 generated campaign files (wall time, peak RSS),
 * and `plan` of 10,000 campaigns against the emulator with the rate limit off (API calls, wall
 * time, peak RSS). Both run the real CLI in a child process, as a user would.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { generateCampaigns } from '../../emulator/generated-campaigns.js';
import { CLI, spawnCli } from '../support/spawn-cli.js';
import type { BenchRow, Benchmark } from './bench-types.js';
import { median, spread } from './stats.js';

const CAMPAIGNS = 10_000;
const RUNS = 3;
const SEED = 42;
/** Prints the process's peak RSS to stderr when it exits. */
const MAX_RSS_HOOK =
  'data:text/javascript,process.on("exit",()=>{const u=process.resourceUsage();process.stderr.write("MAXRSS_KB "+u.maxRSS+" CPU_US "+(u.userCPUTime+u.systemCPUTime)+"\\n")})';

export interface Timed {
  ms: number;
  maxRssMb: number;
  /** CPU time of the whole process (every thread), ms: less disturbed by other load than wall time. */
  cpuMs: number;
  code: number;
}

/** Runs the CLI in a child process: its wall time, peak RSS and exit code. */
export function timedCli(args: string[], env: NodeJS.ProcessEnv): Promise<Timed> {
  const started = performance.now();
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', MAX_RSS_HOOK, CLI, ...args], { env, maxBuffer: 256 * 1024 * 1024 }, (error, _stdout, stderr) => {
      const kb = Number(/MAXRSS_KB (\d+)/.exec(stderr)?.[1] ?? 0);
      const cpuMs = Number(/CPU_US (\d+)/.exec(stderr)?.[1] ?? 0) / 1000;
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
      resolve({ ms: performance.now() - started, maxRssMb: kb / 1024, cpuMs, code });
    });
  });
}

/** Writes one file per campaign the emulator generates for (count, seed), in 20 team folders. */
export async function writeDesiredState(dir: string, count = CAMPAIGNS, seed = SEED): Promise<void> {
  const campaigns = generateCampaigns(count, seed);
  for (let i = 0; i < campaigns.length; i += 500) {
    await Promise.all(
      campaigns.slice(i, i + 500).map(async (campaign, offset) => {
        const settings = campaign.predictiveDialerSettings as Record<string, unknown>;
        const name = campaign.name as string;
        const document = {
          apiVersion: 'cxone-gitops/v1',
          kind: 'CampaignWeights',
          metadata: { name, campaignId: campaign.id, labels: { team: name.split('-')[0] } },
          spec: { ...settings, sync: { policy: 'enforce' }, simulation: { profile: campaign.operatingProfile } },
        };
        const folder = path.join(dir, `team-${(i + offset) % 20}`);
        await mkdir(folder, { recursive: true });
        await writeFile(path.join(folder, `${name}.yaml`), stringify(document));
      }),
    );
  }
}

const ms = (n: number) => `${(n / 1000).toFixed(2)} s`;
const mb = (n: number) => `${n.toFixed(0)} MB`;

export const desiredStateBenchmark: Benchmark = {
  name: 'desired-state',
  async run(): Promise<BenchRow[]> {
    const tmp = await mkdtemp(path.join(os.tmpdir(), 'cxone-bench-desired-'));
    const dir = path.join(tmp, 'desired-state');
    const emulator = spawnCli(['emulator', '--port', '0', '--rate-limit', '0', '--campaigns', String(CAMPAIGNS), '--seed', String(SEED)]);
    try {
      await writeDesiredState(dir);
      const validations: Timed[] = [];
      for (let run = 0; run < RUNS; run += 1) validations.push(await timedCli(['validate', dir], process.env));
      if (validations.some((v) => v.code !== 0)) throw new Error('validate failed on the generated files');

      const [, url] = await emulator.waitForLine(/listening on (\S+)/, 60_000);
      const env = { ...process.env, CXONE_DOMAIN: url, CXONE_CLIENT_ID: 'emulator-client', CXONE_CLIENT_SECRET: 'emulator-secret' };
      const plans: Timed[] = [];
      const calls: number[] = [];
      for (let run = 0; run < RUNS; run += 1) {
        const before = ((await (await fetch(`${url}/emulator/requests?limit=1`)).json()) as { lastSeq: number }).lastSeq;
        const timed = await timedCli(['plan', dir, '--format', 'json', '--out', path.join(tmp, 'plan.json')], env);
        if (timed.code !== 0) throw new Error(`plan exited ${timed.code} (expected 0: every campaign in sync)`);
        plans.push(timed);
        const log = (await (await fetch(`${url}/emulator/requests?since=${before}`)).json()) as { entries: unknown[] };
        calls.push(log.entries.length);
      }
      const row = (figure: string, values: number[], format: (n: number) => string, aim?: string): BenchRow => ({
        benchmark: 'desired-state',
        figure,
        median: format(median(values)),
        spread: spread(values, format),
        runs: values.length,
        ...(aim ? { aim } : {}),
      });
      return [
        row(`validate ${CAMPAIGNS.toLocaleString('en-US')} files, wall time`, validations.map((v) => v.ms), ms),
        row(`validate ${CAMPAIGNS.toLocaleString('en-US')} files, peak RSS`, validations.map((v) => v.maxRssMb), mb),
        row(`plan ${CAMPAIGNS.toLocaleString('en-US')} campaigns, API calls (token + list pages of 1000)`, calls, String, '= list pages (10) + 1 token'),
        row(`plan ${CAMPAIGNS.toLocaleString('en-US')} campaigns, wall time (rate limit off)`, plans.map((p) => p.ms), ms),
        row(`plan ${CAMPAIGNS.toLocaleString('en-US')} campaigns, peak RSS`, plans.map((p) => p.maxRssMb), mb),
      ];
    } finally {
      await emulator.stop();
      await rm(tmp, { recursive: true, force: true });
    }
  },
};
