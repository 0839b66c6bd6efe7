/**
 * `cxone-gitops demo` (what `npm start` runs): the whole thing on an embedded default — the CXone
 * emulator seeded from desired-state/ (with some live drift), a local bare Git remote seeded with
 * desired-state/ under .demo/ (ignored by Git), and the controller with its status server and
 * dashboard. A second start reuses the remote and the controller's data.
 */
import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Command } from 'commander';
import { loadDesiredStateCampaigns } from '../../emulator/desired-state-campaigns.js';
import { DEFAULT_CLIENT, startEmulator } from '../../emulator/emulator-server.js';
import { readConfig } from '../config.js';
import { startControllerProcess, stopOnSignals } from './run-command.js';

const run = promisify(execFile);

async function git(cwd: string, ...args: string[]): Promise<string> {
  const { stdout } = await run('git', args, { cwd });
  return stdout.trim();
}

/**
 * Creates `remote` (a bare repository on branch main) holding the files of `source`, unless it
 * exists; `prepare` may change the files before the first commit.
 */
export async function seedRemote(remote: string, source: string, prepare?: (work: string) => Promise<void>): Promise<boolean> {
  if (existsSync(path.join(remote, 'HEAD'))) return false;
  await mkdir(remote, { recursive: true });
  await git(remote, 'init', '--bare', '--initial-branch=main');
  const work = await mkdtemp(path.join(os.tmpdir(), 'cxone-demo-seed-'));
  try {
    await git(work, 'init', '--initial-branch=main');
    await cp(source, work, { recursive: true });
    await prepare?.(work);
    await git(work, 'add', '-A');
    await git(work, '-c', 'user.name=cxone-gitops demo', '-c', 'user.email=demo@localhost', 'commit', '-m', 'Seed the desired state');
    await git(work, 'push', remote, 'main');
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  return true;
}

interface DemoOptions {
  dir: string;
  port: string;
}

export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description('run the embedded demo: the CXone emulator, a local Git remote seeded from desired-state/, the controller and its dashboard')
    .option('--dir <dir>', 'where the demo keeps its Git remote and data', '.demo')
    .option('--port <port>', 'port of the status server and dashboard (0 picks a free one)', process.env.HTTP_PORT ?? '8080')
    .action(async (options: DemoOptions) => {
      const root = path.resolve(options.dir);
      const remote = path.join(root, 'remote.git');
      const created = await seedRemote(remote, path.resolve('desired-state'));
      const seeded = await loadDesiredStateCampaigns('desired-state', 1);
      const emulator = await startEmulator({ campaigns: seeded.campaigns, rateLimitPerMinute: 600 });
      const env = {
        CXONE_DOMAIN: emulator.url,
        CXONE_CLIENT_ID: DEFAULT_CLIENT.clientId,
        CXONE_CLIENT_SECRET: DEFAULT_CLIENT.clientSecret,
        CXONE_RATE_LIMIT_PER_MINUTE: '600',
        GITOPS_REPO_URL: remote,
        GITOPS_POLL_SECONDS: '5',
        GITOPS_SCHEDULE: '*/30 * * * * *',
        DATA_DIR: path.join(root, 'data'),
        HTTP_PORT: options.port,
        LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
      };
      let controller;
      try {
        controller = await startControllerProcess(readConfig(env, ['cxone', 'repo']), { verificationPollMs: 250 });
      } catch (error) {
        await emulator.close();
        throw error;
      }
      const lines = [
        '',
        'cxone-gitops demo is running.',
        `  CXone emulator     ${emulator.url}  (${seeded.campaigns.length} campaigns, some changed by "supervisors" so there is drift to heal)`,
        `  Git remote         ${remote}  (${created ? 'seeded from desired-state/' : 'reused from the last run'})`,
        `  Dashboard          ${controller.url}/`,
        `  Status API         ${controller.url}/api/status`,
        '',
        'Make a change the GitOps way:',
        `  git clone ${remote} /tmp/cxone-demo && cd /tmp/cxone-demo`,
        '  sed -i "s/answer_rate: 0.12/answer_rate: 0.15/" retention/spring-renewals.yaml',
        '  git commit -am "Raise the answer-rate weight of spring renewals" && git push',
        '  → applied within seconds (the remote is watched), verified by a simulation, recorded on the cxone-gitops/audit branch:',
        `  git --git-dir=${remote} log --format="%h %s%n%(trailers)" cxone-gitops/audit`,
        '',
        'Change a campaign outside Git, as a supervisor in the CXone UI would:',
        `  curl -X PATCH ${emulator.url}/emulator/campaigns/a1b2c3d4-e5f6-7890-abcd-ef1234567890 -H 'content-type: application/json' \\`,
        `    -d '{"predictiveDialerSettings":{"parameterWeights":{"predictive_factor":0.05}},"modifiedBy":"ui:jane.doe"}'`,
        '  → healed on the next sweep (every 30 s).',
        '',
        'Ctrl-C stops everything; the next npm start reuses .demo/ (delete it to start afresh).',
        '',
      ];
      process.stdout.write(`${lines.join('\n')}\n`);
      stopOnSignals(
        {
          async stop() {
            await controller.stop();
            await emulator.close();
          },
        },
        (line) => process.stdout.write(`${line}\n`),
      );
    });
}
