/**
 * Commit-to-PUT latency (issue 4), on loopback with a real Git remote and the emulator: the
 * controller in this process (as `npm start` runs it), a bare local remote seeded from
 * desired-state/ (the policy without its sync window), the emulator in this process with the same
 * campaigns in sync. 20 commits each move spring-renewals' answer_rate between 0.12 and 0.15: a
 * one-key change, significant (score 0.5 ≥ 0.05), and within the 3% abandon gate (`simulate`
 * predicts 1.75% / 1.65%). Time from `git push` returning to the emulator accepting the PUT (the
 * change's `dateModified`; the change list is polled every 5 ms). Each commit waits for the
 * previous apply to be verified (polled every 50 ms here).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadDesiredState } from '../../controller/adapters/fs/load-desired-state.js';
import { readConfig } from '../../controller/config.js';
import type { CampaignState } from '../../controller/domain/campaign-state.js';
import { startControllerProcess, type RunningController } from '../../controller/main.js';
import type { StatusPageAnswer } from '../../controller/reconcile/status-page.js';
import { liveCampaignFor } from '../../emulator/desired-state-campaigns.js';
import { seedRemote } from '../../emulator/commands/seed-remote.js';
import { startEmulator, type RunningEmulator } from '../../emulator/emulator-server.js';
import { controllerEnv, git, replaceInFile } from '../support/controller-harness.js';
import { REPO_ROOT } from '../support/spawn-cli.js';
import { millis, row } from './bench-format.js';
import { getJson, until } from './bench-controller-process.js';
import { commit, POLICY, settled } from './bench-repository.js';
import type { BenchRow, Benchmark } from './bench-types.js';
import { percentile } from './stats.js';

const BENCH = 'controller-commit-latency';
const COMMITS = 20;
const SPRING_RENEWALS = 'a1b2c3d4-e5f6-7890-abcd-ef1234567890';

async function commitLatency(): Promise<BenchRow[]> {
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'cxone-bench-controller-'));
  const remote = path.join(tmp, 'remote.git');
  let emulator: RunningEmulator | undefined;
  let controller: RunningController | undefined;
  try {
    await seedRemote(remote, path.join(REPO_ROOT, 'desired-state'), (work) => writeFile(path.join(work, 'cxone-gitops.yaml'), POLICY));
    const campaigns = (await loadDesiredState(path.join(REPO_ROOT, 'desired-state'))).validation.campaigns.map((campaign) => liveCampaignFor(campaign));
    emulator = await startEmulator({ campaigns, rateLimitPerMinute: 0 });
    const store = emulator.context.store;
    controller = await startControllerProcess(readConfig(controllerEnv(emulator, remote, path.join(tmp, 'data')), ['cxone', 'repo']), { verificationPollMs: 50 });
    const url = controller.url;
    await until(async () => (settled(await getJson<StatusPageAnswer>(`${url}/api/status`), campaigns.length) ? true : undefined), 'the startup sweep and its audit records', { timeoutMs: 60_000 });

    const work = path.join(tmp, 'work');
    await git(tmp, 'clone', '--quiet', '--branch', 'main', remote, work);
    const file = path.join(work, 'retention', 'spring-renewals.yaml');
    const latencies: number[] = [];
    for (let i = 0; i < COMMITS; i += 1) {
      const [from, to] = i % 2 === 0 ? ['answer_rate: 0.12', 'answer_rate: 0.15'] : ['answer_rate: 0.15', 'answer_rate: 0.12'];
      await replaceInFile(file, from, to);
      await git(work, 'add', '-A');
      await commit(work, `spring-renewals: ${to}`);
      const revision = await git(work, 'rev-parse', 'HEAD');
      const seen = store.changes.length;
      await git(work, 'push', '--quiet', 'origin', 'main');
      const pushed = Date.now();
      const change = await until(() => store.changes.slice(seen).find((c) => c.campaignId === SPRING_RENEWALS && c.source === 'api'), `the PUT of commit ${i + 1}`, {
        timeoutMs: 30_000,
        intervalMs: 5,
      });
      latencies.push(Date.parse(change.dateModified) - pushed);
      // The next commit waits for this apply to be verified, so it never queues behind it.
      const state = await until(
        async () => {
          const campaign = await getJson<CampaignState>(`${url}/api/campaigns/spring-renewals`);
          return campaign.lastAttemptedRevision === revision && campaign.status !== 'OutOfSync' && (await getJson<StatusPageAnswer>(`${url}/api/status`)).queue.running === 0 ? campaign : undefined;
        },
        `the verification of commit ${i + 1}`,
        { timeoutMs: 30_000 },
      );
      if (state.status !== 'Synced' || state.lastAppliedRevision !== revision) throw new Error(`commit ${i + 1} ended ${state.status}: ${state.reason}`);
    }
    return [
      row(BENCH, 'commit-to-PUT latency, local remote (push returns → PUT accepted), median', latencies, millis, '< 1 s'),
      { ...row(BENCH, 'commit-to-PUT latency, local remote, p95', latencies, millis, '< 1 s'), median: millis(percentile(latencies, 95)) },
    ];
  } finally {
    await controller?.stop().catch(() => undefined);
    await emulator?.close();
    await rm(tmp, { recursive: true, force: true });
  }
}

export const commitLatencyBenchmark: Benchmark = { name: BENCH, run: commitLatency };
