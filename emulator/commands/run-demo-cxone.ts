/**
 * `cxone-gitops demo --dialect cxone` (`npm start -- --dialect cxone`; README, "Real CXone"): the
 * same GitOps loop on Personal Connection outbound skills. The cxone emulator serves the real
 * skills API over HTTPS (a self-signed certificate written under the demo directory), seeded from
 * desired-state-cxone/ with one skill changed by a "supervisor"; a local bare Git remote holds
 * those files; `cxone-gitops run` with CXONE_DIALECT=cxone runs as a child process trusting the
 * certificate through NODE_EXTRA_CA_CERTS, as it would against a tenant behind a private CA. The
 * emulator's traffic runs at DEMO_TIME_SCALE, and the demo's copy of each file gets an `analysis:`
 * of seconds, so an apply is judged by the live analysis while one watches (the example files
 * keep production windows).
 */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawn, type ChildProcess } from 'node:child_process';
import { SKILL_CAPABILITIES } from '../../controller/adapters/cxone/cxone-skill-dialect.js';
import { stopOnSignals } from '../../controller/commands/run-command.js';
import { cxoneConnectionEnv } from '../cxone/cxone-connection-env.js';
import { startCxoneEmulator } from '../cxone/cxone-emulator-server.js';
import { loadDesiredStateSkills } from '../cxone/seed-skills.js';
import { createSelfSignedCertificate } from '../tls-certificate.js';
import type { DemoOptions } from './demo-command.js';
import { startAlertReceiver } from './demo-alert-receiver.js';
import { AUDIT_BRANCH } from './demo-steps.js';
import { cxoneDemoSteps } from './demo-steps-cxone.js';
import { resetDemoState } from './reset-demo-state.js';
import { watchVerdicts } from './demo-verdicts.js';

/** Simulated seconds of skill traffic per real second: a 20 s analysis sees over an hour of dialling. */
export const DEMO_TIME_SCALE = 300;
/** The analysis the demo's copy of every skill file gets (seconds instead of the example's hour). */
export const DEMO_ANALYSIS = '{ window: 20s, interval: 5s, minLiveAnswers: 200, maxWindow: 3m }';
const SOURCE = 'desired-state-cxone';
const CLI = fileURLToPath(new URL('../../controller/cli.js', import.meta.url));

/** Gives every OutboundSkill file of `dir` (recursively) the demo's analysis window. */
async function withDemoAnalysis(dir: string): Promise<void> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory() && entry.name !== '.git') await withDemoAnalysis(file);
    if (!entry.isFile() || !/\.ya?ml$/.test(entry.name)) continue;
    const text = await readFile(file, 'utf8');
    if (!/^kind: OutboundSkill$/m.test(text)) continue;
    const line = `  analysis: ${DEMO_ANALYSIS}   # demo: seconds (the emulator's traffic runs at ${DEMO_TIME_SCALE}x)`;
    const next = /^ {2}analysis: .*$/m.test(text) ? text.replace(/^ {2}analysis: .*$/m, line) : `${text.replace(/\n*$/, '\n')}${line}\n`;
    await writeFile(file, next);
  }
}

/** `cxone-gitops run` as a child process, its output passed through; resolves with its dashboard URL once it listens. */
function startController(env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [CLI, 'run', '--log-format', 'text'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.pipe(process.stdout);
  child.stderr!.pipe(process.stderr);
  return new Promise((resolve, reject) => {
    let seen = '';
    const onData = (chunk: Buffer): void => {
      const match = /listening on (http:\/\/[^\s"]+)/.exec((seen += chunk.toString('utf8')));
      if (!match) return;
      child.stdout!.off('data', onData);
      child.stderr!.off('data', onData);
      resolve({ child, url: match[1]! });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`the controller exited (${code}) before it listened`)));
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

export async function runCxoneDemo(options: DemoOptions): Promise<void> {
  const root = path.resolve(options.dir, 'cxone');
  const { remote, dataDir, created } = await resetDemoState(root, path.resolve(SOURCE), withDemoAnalysis);
  const tls = await createSelfSignedCertificate();
  const ca = path.join(root, 'emulator-ca.pem');
  await writeFile(ca, tls.cert);
  const seeded = await loadDesiredStateSkills(SOURCE, 1);
  const emulator = await startCxoneEmulator({ tls, skills: seeded.skills, timeScale: DEMO_TIME_SCALE, rateLimitPerMinute: 600 });
  const alerts = await startAlertReceiver((text) => process.stdout.write(`${text}\n`));
  const env: NodeJS.ProcessEnv = {
    ...cxoneConnectionEnv(emulator, ca),
    HOME: process.env.HOME ?? root,
    CXONE_RATE_LIMIT_PER_MINUTE: '600',
    GITOPS_REPO_URL: remote,
    GITOPS_AUDIT_BRANCH: AUDIT_BRANCH,
    GITOPS_POLL_SECONDS: '5',
    GITOPS_SCHEDULE: '*/10 * * * * *',
    DATA_DIR: dataDir,
    HTTP_PORT: options.port,
    ALERT_WEBHOOK_URL: alerts.url,
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
  };
  const shutdown = async (): Promise<void> => {
    await alerts.close();
    await emulator.close();
  };
  let controller: { child: ChildProcess; url: string };
  try {
    controller = await startController(env);
  } catch (error) {
    process.stderr.write(`cxone-gitops demo: ${error instanceof Error ? error.message : String(error)}\n`);
    await shutdown();
    process.exit(1);
  }
  process.stdout.write(cxoneDemoSteps({ emulatorUrl: emulator.url, remote, dashboardUrl: controller.url, skills: seeded.skills.length, created, dir: options.dir, ca }));
  const verdicts = watchVerdicts(`${controller.url}/api/status`, (line) => process.stdout.write(`${line}\n`), SKILL_CAPABILITIES);
  // The controller stopping on its own (it failed) ends the demo too.
  controller.child.once('exit', (code) => void shutdown().finally(() => process.exit(code ?? 1)));
  stopOnSignals(
    {
      async stop() {
        verdicts.stop();
        controller.child.removeAllListeners('exit');
        await stopChild(controller.child);
        await shutdown();
      },
    },
    (line) => process.stdout.write(`${line}\n`),
  );
}
