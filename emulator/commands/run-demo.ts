/**
 * `cxone-gitops demo` (what `npm start` runs): the whole thing on an embedded default — the CXone
 * emulator seeded from desired-state/ (with some live drift), a local bare Git remote seeded with
 * desired-state/ under .demo/ (ignored by Git), the controller with its status server and
 * dashboard, a local alert receiver that prints what ops would be sent, and a verdict line per
 * judged apply. A second start reuses the remote (reset-demo-state.ts).
 */
import path from 'node:path';
import type { DemoOptions } from './demo-command.js';
import { readConfig } from '../../controller/config.js';
import { TUTORIAL_CAPABILITIES } from '../../controller/reconcile/tutorial-dialect.js';
import { startControllerProcess, stopOnSignals, type RunningController } from '../../controller/commands/run-command.js';
import { loadDesiredStateCampaigns } from '../desired-state-campaigns.js';
import { DEFAULT_CLIENT, startEmulator } from '../emulator-server.js';
import { startAlertReceiver } from './demo-alert-receiver.js';
import { demoSteps, AUDIT_BRANCH } from './demo-steps.js';
import { watchVerdicts } from './demo-verdicts.js';
import { resetDemoState } from './reset-demo-state.js';

/** The observe campaign the demo leaves drifted, so drift stays visible (observe never heals). */
export const OBSERVED_DRIFT = { name: 'early-arrears', field: 'predictive_factor', by: 'ui:jane.doe' };

function withObservedDrift(campaigns: unknown[]): unknown[] {
  return campaigns.map((campaign) => {
    const live = campaign as { name?: string; modifiedBy?: string; predictiveDialerSettings: { parameterWeights: Record<string, number> } };
    if (live.name !== OBSERVED_DRIFT.name) return campaign;
    const weights = live.predictiveDialerSettings.parameterWeights;
    const moved = Math.round(((weights[OBSERVED_DRIFT.field] ?? 0) + 0.05) * 100) / 100;
    return { ...live, modifiedBy: OBSERVED_DRIFT.by, predictiveDialerSettings: { ...live.predictiveDialerSettings, parameterWeights: { ...weights, [OBSERVED_DRIFT.field]: moved } } };
  });
}

/** The status server's port is taken (the controller wraps the listen error, keeping it as the cause). */
function isAddressInUse(error: unknown): boolean {
  for (let current = error; current instanceof Error || (typeof current === 'object' && current !== null); current = (current as { cause?: unknown }).cause) {
    if ((current as { code?: unknown }).code === 'EADDRINUSE') return true;
  }
  return false;
}

export async function runDemo(options: DemoOptions): Promise<void> {
  const { remote, dataDir, created } = await resetDemoState(path.resolve(options.dir), path.resolve('desired-state'));
  const seeded = await loadDesiredStateCampaigns('desired-state', 1);
  const emulator = await startEmulator({ campaigns: withObservedDrift(seeded.campaigns), rateLimitPerMinute: 600 });
  const alerts = await startAlertReceiver((text) => process.stdout.write(`${text}\n`));
  const env = {
    CXONE_DOMAIN: emulator.url,
    CXONE_CLIENT_ID: DEFAULT_CLIENT.clientId,
    CXONE_CLIENT_SECRET: DEFAULT_CLIENT.clientSecret,
    CXONE_RATE_LIMIT_PER_MINUTE: '600',
    GITOPS_REPO_URL: remote,
    GITOPS_AUDIT_BRANCH: AUDIT_BRANCH,
    GITOPS_POLL_SECONDS: '5',
    GITOPS_SCHEDULE: '*/30 * * * * *',
    DATA_DIR: dataDir,
    HTTP_PORT: options.port,
    ALERT_WEBHOOK_URL: alerts.url,
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
  };
  let controller: RunningController;
  try {
    controller = await startControllerProcess(readConfig(env, ['cxone', 'repo']), { verificationPollMs: 250, logFormat: 'text' });
  } catch (error) {
    const message = isAddressInUse(error) ? `port ${options.port} is in use; try \`npm start -- --port 0\`` : error instanceof Error ? error.message : String(error);
    process.stderr.write(`cxone-gitops demo: ${message}\n`);
    // What a failed start left behind (the emulator, simulator workers) must not keep the process alive.
    process.exit(1);
  }
  process.stdout.write(demoSteps({ emulatorUrl: emulator.url, remote, dashboardUrl: controller.url, campaigns: seeded.campaigns.length, created, dir: options.dir }));
  const verdicts = watchVerdicts(`${controller.url}/api/status`, (line) => process.stdout.write(`${line}\n`), TUTORIAL_CAPABILITIES);
  stopOnSignals(
    {
      async stop() {
        verdicts.stop();
        await controller.stop();
        await alerts.close();
        await emulator.close();
      },
    },
    (line) => process.stdout.write(`${line}\n`),
  );
}
