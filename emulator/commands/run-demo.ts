/**
 * `cxone-gitops demo` (what `npm start` runs): the whole thing on an embedded default — the CXone
 * emulator seeded from desired-state/ (with some live drift), a local bare Git remote seeded with
 * desired-state/ under .demo/ (ignored by Git), and the controller with its status server and
 * dashboard. A second start reuses the remote and the controller's data.
 */
import path from 'node:path';
import type { DemoOptions } from './demo-command.js';
import { readConfig } from '../../controller/config.js';
import { startControllerProcess, stopOnSignals } from '../../controller/commands/run-command.js';
import { loadDesiredStateCampaigns } from '../desired-state-campaigns.js';
import { DEFAULT_CLIENT, startEmulator } from '../emulator-server.js';
import { seedRemote } from './seed-remote.js';

export async function runDemo(options: DemoOptions): Promise<void> {
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
    controller = await startControllerProcess(readConfig(env, ['cxone', 'repo']), { verificationPollMs: 250, logFormat: 'text' });
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
}
