/**
 * An end-to-end harness: a bare Git remote seeded from desired-state/, the CXone emulator with the
 * same campaigns (in sync, or with drift), and the controller running against both, in this
 * process or as a child process (for SIGKILL tests). Everything lives in a temporary directory
 * and on 127.0.0.1; `close()` stops it all.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createGitRunner } from '../../controller/adapters/git/git-runner.js';
import { seedRemote } from '../../emulator/commands/seed-remote.js';
import { startControllerProcess, type RunningController } from '../../controller/main.js';
import { readConfig } from '../../controller/config.js';
import type { ControllerStatus } from '../../controller/reconcile/controller.js';
import { loadDesiredStateCampaigns, liveCampaignFor } from '../../emulator/desired-state-campaigns.js';
import { DEFAULT_CLIENT, startEmulator, type RunningEmulator } from '../../emulator/emulator-server.js';
import { loadDesiredState } from '../../controller/adapters/fs/load-desired-state.js';
import { desiredSettings, liveSettings } from '../../controller/domain/dialer-settings.js';
import { diffSettings } from '../../controller/domain/diff-settings.js';
import { httpRequest } from './http-request.js';
import { waitFor } from './wait-for.js';
import { REPO_ROOT, spawnCli, type CliProcess } from './spawn-cli.js';

/**
 * One entry per record of an audit commit, newest first: a commit of one record gives its
 * subject and trailers; a commit of a push's many records (docs/architecture.md, "Audit commits")
 * gives one entry per trailer group, in order, with the record's line of the body as the subject.
 */
function auditCommitEntries(subject: string, body = '', trailerText = ''): Array<{ subject: string; trailers: Record<string, string> }> {
  const groups: Array<Record<string, string>> = [];
  for (const line of trailerText.split('\n')) {
    if (!line.includes(': ')) continue;
    const key = line.slice(0, line.indexOf(': '));
    if (key === 'Campaign-Id' || groups.length === 0) groups.push({});
    groups.at(-1)![key] = line.slice(line.indexOf(': ') + 2);
  }
  if (groups.length <= 1) return [{ subject, trailers: groups[0] ?? {} }];
  const subjects = body.split('\n').filter((line) => line.startsWith('- ')).map((line) => line.slice(2));
  return groups.map((trailers, i) => ({ subject: subjects[i] ?? subject, trailers })).reverse();
}

/** Runs git through the product's one git runner (pinned environment, typed errors), trimmed. */
export async function git(cwd: string, ...args: string[]): Promise<string> {
  return (await createGitRunner({ baseDir: cwd, isolateConfig: true, strictExitCode: true, remoteReadAttempts: 1 }).run(args)).trim();
}

export interface AuditEntry {
  subject: string;
  trailers: Record<string, string>;
}

export interface Harness {
  dir: string;
  remote: string;
  emulator: RunningEmulator;
  env: Record<string, string>;
  controller?: RunningController;
  child?: CliProcess;
  url(): string;
  startController(extra?: Record<string, string>): Promise<void>;
  startControllerProcess(extra?: Record<string, string>): Promise<CliProcess>;
  stopController(): Promise<void>;
  /** Clones the remote, lets `edit` change files in the clone's root, commits and pushes. */
  push(message: string, edit: (work: string) => Promise<void>): Promise<string>;
  status(): Promise<ControllerStatus>;
  audit(): Promise<AuditEntry[]>;
  auditRecords(): Promise<Array<Record<string, unknown>>>;
  /** A campaign's status document on the audit branch, or undefined when there is none. */
  statusDocument(name: string): Promise<Record<string, unknown> | undefined>;
  close(): Promise<void>;
}

/** Waits until every enforced campaign of the remote's current desired state equals Git live. */
export async function waitForEnforcedConvergence(harness: Harness, timeoutMs: number): Promise<void> {
  const checkout = path.join(harness.dir, `converge-${Date.now()}`);
  await git(harness.dir, 'clone', '--quiet', '--no-local', harness.remote, checkout);
  const { validation } = await loadDesiredState(checkout);
  const enforced = validation.campaigns.filter((campaign) => campaign.sync.policy === 'enforce');
  await waitFor(
    () => enforced.every((campaign) => diffSettings(liveSettings(harness.emulator.context.store.get(campaign.campaignId)!), desiredSettings(campaign)).length === 0),
    { timeoutMs, what: 'every enforced campaign to equal Git' },
  );
}

/** Clones `remote` into a new directory under `dir`, lets `edit` change files, commits and pushes main; the new commit. */
export async function pushToRemote(dir: string, remote: string, message: string, edit: (work: string) => Promise<void>): Promise<string> {
  const work = await mkdtemp(path.join(dir, 'work-'));
  // --no-local: a local clone copies the remote's object directory and fails on the quarantine
  // directory of a push landing meanwhile (a controller's audit push or heartbeat beat).
  await git(dir, 'clone', '--quiet', '--no-local', '--branch', 'main', remote, work);
  await edit(work);
  await git(work, 'add', '-A');
  await git(work, '-c', 'user.name=Engineer', '-c', 'user.email=engineer@example.com', 'commit', '--quiet', '-m', message);
  await git(work, 'push', '--quiet', 'origin', 'main');
  return git(work, 'rev-parse', 'HEAD');
}

/** Every audit record on the remote's audit branch (the JSON lines under audit/). */
export async function auditRecordsOf(remote: string): Promise<Array<Record<string, unknown>>> {
  const branches = await git(remote, 'branch', '--list', 'cxone-gitops/audit');
  if (!branches) return [];
  const files = (await git(remote, 'ls-tree', '-r', '--name-only', 'cxone-gitops/audit', 'audit')).split('\n').filter(Boolean);
  const records: Array<Record<string, unknown>> = [];
  for (const file of files) {
    const text = await git(remote, 'show', `cxone-gitops/audit:${file}`);
    for (const line of text.split('\n').filter(Boolean)) records.push(JSON.parse(line) as Record<string, unknown>);
  }
  return records;
}

/** A status document on the remote's audit branch, or undefined when there is none. */
export async function statusDocumentOf(remote: string, name: string): Promise<Record<string, unknown> | undefined> {
  const files = await git(remote, 'ls-tree', '--name-only', 'cxone-gitops/audit', `status/${name}.json`).catch(() => '');
  if (!files) return undefined;
  return JSON.parse(await git(remote, 'show', `cxone-gitops/audit:status/${name}.json`)) as Record<string, unknown>;
}

export async function replaceInFile(file: string, from: string, to: string): Promise<void> {
  const text = await readFile(file, 'utf8');
  if (!text.includes(from)) throw new Error(`${file} does not contain ${from}`);
  await writeFile(file, text.replace(from, to));
}

/** The controller's environment for a test or benchmark against `emulator` and `remote`: quiet, no polling, no sweeps. */
export function controllerEnv(emulator: RunningEmulator, remote: string, dataDir: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    CXONE_DOMAIN: emulator.url,
    CXONE_CLIENT_ID: DEFAULT_CLIENT.clientId,
    CXONE_CLIENT_SECRET: DEFAULT_CLIENT.clientSecret,
    CXONE_RATE_LIMIT_PER_MINUTE: '6000',
    GITOPS_REPO_URL: remote,
    GITOPS_POLL_SECONDS: '3600',
    GITOPS_SCHEDULE: '0 0 1 1 *',
    DATA_DIR: dataDir,
    HTTP_PORT: '0',
    LOG_LEVEL: 'silent',
    ...extra,
  };
}

/** The policy the harness seeds: the example's, without its Monday-morning deny window (tests must not depend on the day). */
export const HARNESS_POLICY = 'apiVersion: cxone-gitops/v1\nkind: ControllerPolicy\nspec:\n  sync:\n    policy: enforce\n';

export async function startHarness(options: { drift?: boolean; policy?: string } = {}): Promise<Harness> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'cxone-e2e-'));
  const remote = path.join(dir, 'remote.git');
  await seedRemote(remote, path.join(REPO_ROOT, 'desired-state'), (work) => writeFile(path.join(work, 'cxone-gitops.yaml'), options.policy ?? HARNESS_POLICY));
  const campaigns = options.drift
    ? (await loadDesiredStateCampaigns(path.join(REPO_ROOT, 'desired-state'), 1)).campaigns
    : (await loadDesiredState(path.join(REPO_ROOT, 'desired-state'))).validation.campaigns.map((campaign) => liveCampaignFor(campaign));
  const emulator = await startEmulator({ campaigns, rateLimitPerMinute: 0 });
  const env: Record<string, string> = controllerEnv(emulator, remote, path.join(dir, 'data'));
  /** The HTTP_AUTH_TOKEN of the running controller: a token that is set is required on loopback too. */
  let token: string | undefined;
  const harness: Harness = {
    dir,
    remote,
    emulator,
    env,
    url() {
      if (harness.controller) return harness.controller.url;
      const match = /listening on (http:\/\/\S+?)["\s]/.exec(harness.child?.stdout() ?? '');
      if (!match) throw new Error('the controller is not listening');
      return match[1]!;
    },
    async startController(extra = {}) {
      token = { ...env, ...extra }.HTTP_AUTH_TOKEN;
      harness.controller = await startControllerProcess(readConfig({ ...env, ...extra }, ['cxone', 'repo']), { verificationPollMs: 50 });
    },
    async startControllerProcess(extra = {}) {
      token = { ...env, ...extra }.HTTP_AUTH_TOKEN;
      harness.child = spawnCli(['run'], { env: { PATH: process.env.PATH ?? '', ...env, LOG_LEVEL: 'info', ...extra } });
      await harness.child.waitForLine(/listening on http/, 30_000);
      return harness.child;
    },
    async stopController() {
      await harness.controller?.stop();
      harness.controller = undefined;
      await harness.child?.stop('SIGTERM');
      harness.child = undefined;
    },
    push: (message, edit) => pushToRemote(dir, remote, message, edit),
    async status() {
      const headers = token ? { authorization: `Bearer ${token}` } : undefined;
      const response = await httpRequest<ControllerStatus>(`${harness.url()}/api/status`, { headers });
      return response.body;
    },
    async audit() {
      const branches = await git(remote, 'branch', '--list', 'cxone-gitops/audit');
      if (!branches) return [];
      const log = await git(remote, 'log', '--format=%s%x1f%b%x1f%(trailers:only,unfold)%x1e', 'cxone-gitops/audit');
      return log
        .split('\x1e')
        .map((entry) => entry.trim())
        .filter(Boolean)
        .flatMap((entry) => auditCommitEntries(...(entry.split('\x1f') as [string, string, string])));
    },
    auditRecords: () => auditRecordsOf(remote),
    statusDocument: (name: string) => statusDocumentOf(remote, name),
    async close() {
      await harness.stopController().catch(() => undefined);
      await emulator.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
  return harness;
}
