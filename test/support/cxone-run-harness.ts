/**
 * An end-to-end harness for the real dialect: a bare Git remote holding OutboundSkill files, the
 * cxone emulator over HTTPS (self-signed, its certificate trusted through NODE_EXTRA_CA_CERTS) with
 * the skills those files name, and `cxone-gitops run` with CXONE_DIALECT=cxone as a child process
 * against both. Everything lives in a temporary directory and on 127.0.0.1; `close()` stops it all.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { CampaignState } from '../../controller/domain/campaign-state.js';
import type { ControllerStatus } from '../../controller/reconcile/controller.js';
import { startCxoneEmulator, type CxoneEmulatorOptions, type RunningCxoneEmulator } from '../../emulator/cxone/cxone-emulator-server.js';
import { seedRemote } from '../../emulator/commands/seed-remote.js';
import { createSelfSignedCertificate, type TlsMaterial } from '../../emulator/tls-certificate.js';
import { cxoneConnectionEnv } from './cxone-cli-fixture.js';
import { HARNESS_POLICY, auditRecordsOf, pushToRemote, statusDocumentOf } from './controller-harness.js';
import { httpRequest, type TestResponse } from './http-request.js';
import { spawnCli, type CliProcess } from './spawn-cli.js';
import { waitFor } from './wait-for.js';

export interface CxoneRunHarness {
  dir: string;
  remote: string;
  tls: TlsMaterial;
  emulator: RunningCxoneEmulator;
  /** The controller's environment (CXONE_DIALECT=cxone, the emulator, the remote, a data directory). */
  env: Record<string, string>;
  child?: CliProcess;
  /** Starts `cxone-gitops run` and waits until it listens. */
  startController(extra?: Record<string, string>): Promise<CliProcess>;
  stopController(signal?: NodeJS.Signals): Promise<void>;
  url(): string;
  get<T = unknown>(route: string): Promise<TestResponse<T>>;
  status(): Promise<ControllerStatus>;
  push(message: string, edit: (work: string) => Promise<void>): Promise<string>;
  auditRecords(): Promise<Array<Record<string, unknown>>>;
  statusDocument(name: string): Promise<Record<string, unknown> | undefined>;
  /** POSTs JSON to the emulator's admin endpoints (`/emulator/...`). */
  admin(route: string, body: unknown): Promise<void>;
  close(): Promise<void>;
}

/** Waits until skill `name`'s status satisfies `ok`; a timeout says what its status (and analysis) was last. */
export async function waitForSkill(h: Pick<CxoneRunHarness, 'status'>, name: string, ok: (state: CampaignState) => boolean, what: string, timing: { timeoutMs?: number; intervalMs?: number } = {}): Promise<CampaignState> {
  let last: CampaignState | undefined;
  try {
    return await waitFor(async () => {
      last = (await h.status()).campaigns.find((state) => state.name === name);
      return last !== undefined && ok(last) && last;
    }, { what, timeoutMs: timing.timeoutMs ?? 60_000, intervalMs: timing.intervalMs ?? 200 });
  } catch (error) {
    throw new Error(`${(error as Error).message}; last status: ${last ? `${last.status}/${last.statusReason}: ${last.reason} analysis ${JSON.stringify(last.analysis)}` : 'none'}`, { cause: error });
  }
}

/** An OutboundSkill file with its settings as YAML flow maps (the e2e and command tests' one skill). */
export function outboundSkillFile(skill: { name: string; skillId: number; generalSettings: string; profile: string; analysis: string }): string {
  return `apiVersion: cxone-gitops/v1
kind: OutboundSkill
metadata:
  name: ${skill.name}
  skillId: ${skill.skillId}
spec:
  generalSettings: ${skill.generalSettings}
  simulation: { maxAbandonRate: 0.03, onFailure: rollback, profile: ${skill.profile} }
  analysis: ${skill.analysis}
`;
}

export interface CxoneRunHarnessOptions {
  /** Files of the desired-state repository (path → text); the harness adds the policy unless given. */
  files: Record<string, string>;
  /** The emulator: its skills, time scale, faults… (HTTPS and no rate limit unless given). */
  emulator: Omit<CxoneEmulatorOptions, 'tls'>;
}

export async function startCxoneRunHarness(options: CxoneRunHarnessOptions): Promise<CxoneRunHarness> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'cxone-run-'));
  const tls = await createSelfSignedCertificate();
  const certFile = path.join(dir, 'emulator-cert.pem');
  await writeFile(certFile, tls.cert);
  const remote = path.join(dir, 'remote.git');
  const seed = await mkdtemp(path.join(dir, 'seed-'));
  await seedRemote(remote, seed, async (work) => {
    const files = { 'cxone-gitops.yaml': HARNESS_POLICY, ...options.files };
    for (const [name, text] of Object.entries(files)) await writeFile(path.join(work, name), text);
  });
  const emulator = await startCxoneEmulator({ rateLimitPerMinute: 0, ...options.emulator, tls });
  const env: Record<string, string> = {
    ...cxoneConnectionEnv(emulator, certFile),
    CXONE_RATE_LIMIT_PER_MINUTE: '6000',
    GITOPS_REPO_URL: remote,
    GITOPS_POLL_SECONDS: '3600',
    GITOPS_SCHEDULE: '0 0 1 1 *',
    DATA_DIR: path.join(dir, 'data'),
    HTTP_PORT: '0',
    LOG_LEVEL: 'info',
  };
  const harness: CxoneRunHarness = {
    dir,
    remote,
    tls,
    emulator,
    env,
    async startController(extra = {}) {
      harness.child = spawnCli(['run'], { env: { ...env, ...extra } });
      await harness.child.waitForLine(/listening on http/, 30_000);
      return harness.child;
    },
    async stopController(signal = 'SIGTERM') {
      await harness.child?.stop(signal);
      harness.child = undefined;
    },
    url() {
      const match = /listening on (http:\/\/\S+?)["\s]/.exec(harness.child?.stdout() ?? '');
      if (!match) throw new Error('the controller is not listening');
      return match[1]!;
    },
    get: (route) => httpRequest(`${harness.url()}${route}`),
    async status() {
      return (await httpRequest<ControllerStatus>(`${harness.url()}/api/status`)).body;
    },
    push: (message, edit) => pushToRemote(dir, remote, message, edit),
    auditRecords: () => auditRecordsOf(remote),
    statusDocument: (name) => statusDocumentOf(remote, name),
    async admin(route, body) {
      const response = await httpRequest(`${emulator.url}${route}`, { method: 'POST', body, ca: tls.cert });
      if (response.status >= 300) throw new Error(`${route}: ${response.status} ${response.text}`);
    },
    async close() {
      await harness.stopController().catch(() => undefined);
      await emulator.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
  return harness;
}
