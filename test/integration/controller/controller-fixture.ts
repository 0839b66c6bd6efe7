/**
 * A controller built from real parts on loopback (the emulator, the CXone client, the simulator
 * pool, desired-state directories on disk) with two in-memory fakes the tests steer: a git source
 * that serves prepared directories as revisions, and an audit trail whose writes a test can hold.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { createCxoneClient, type CxoneClient } from '../../../controller/adapters/cxone/cxone-client.js';
import type { DesiredStateSnapshot, GitSource } from '../../../controller/adapters/git/git-source-types.js';
import { silentLogger } from '../../../controller/adapters/logging/logger.js';
import type { CampaignState } from '../../../controller/domain/campaign-state.js';
import { createController, type Controller, type ControllerAudit, type ControllerOptions } from '../../../controller/reconcile/controller.js';
import type { AuditRecord } from '../../../controller/reconcile/reconcile-campaign.js';
import type { SimulationPool } from '../../../controller/simulation/index.js';
import { DEFAULT_CLIENT, startEmulator, type RunningEmulator } from '../../../emulator/emulator-server.js';

export const ACTOR = `api:${DEFAULT_CLIENT.clientId}`;
/** Campaign ids and two weight sets the controller tests share. */
export const A_ID = '11111111-1111-4111-8111-111111111111';
export const B_ID = '22222222-2222-4222-8222-222222222222';
export const V1 = { answer_rate: 0.12, call_rate: -0.08, predictive_factor: -0.1, agent_efficiency: -0.1 };
export const V2 = { answer_rate: 0.15, call_rate: -0.08, predictive_factor: -0.15, agent_efficiency: -0.1 };

/** A campaign file's text. */
export function campaignYaml(name: string, campaignId: string, weights: Record<string, number>): string {
  const lines = Object.entries(weights).map(([key, value]) => `    ${key}: ${value}`);
  return [
    'apiVersion: cxone-gitops/v1',
    'kind: CampaignWeights',
    'metadata:',
    `  name: ${name}`,
    `  campaignId: ${campaignId}`,
    'spec:',
    '  algorithmId: CXONE_PREDICTIVE_V3',
    '  parameterWeights:',
    ...lines,
    '  validationSplit: 0.8',
    '  maxDeviationLimit: 0.2',
    '  convergenceThreshold: 0.05',
    '  sync:',
    '    policy: enforce',
    '',
  ].join('\n');
}

/** A git source over prepared directories: `publish` makes a directory the branch's new tip. */
export class DirectorySource implements GitSource {
  private tip: DesiredStateSnapshot | undefined;
  private readonly listeners = new Set<(revision: string) => void>();
  /** Makes the next `sync` fail with this error (a fetch failure), until cleared. */
  failure: Error | undefined;

  publish(revision: string, dir: string, notify = true): void {
    this.tip = { revision, dir, committedAt: new Date().toISOString(), subject: `commit ${revision}`, author: 'Test <test@example.invalid>' };
    if (notify) for (const listener of this.listeners) listener(revision);
  }

  async sync(): Promise<DesiredStateSnapshot> {
    await Promise.resolve();
    if (this.failure) throw this.failure;
    if (!this.tip) throw new Error('nothing published');
    return this.tip;
  }
  currentRevision = (): string | undefined => this.tip?.revision;
  onChange(listener: (revision: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  notify(): void {}
  start(): void {}
  async stop(): Promise<void> {}
  async changedFilesBetween(): Promise<string[]> {
    return [];
  }
}

/** An in-memory audit trail; `hold(outcome)` makes records of that outcome wait for `release()`. */
export class HeldAudit implements ControllerAudit {
  readonly records: AuditRecord[] = [];
  private held: string | undefined;
  private waiting: Array<() => void> = [];
  /** Resolves when a held record is waiting. */
  heldReached: Promise<void> = new Promise(() => undefined);
  private reached: () => void = () => undefined;

  hold(outcome: string): void {
    this.held = outcome;
    this.heldReached = new Promise((resolve) => (this.reached = resolve));
  }
  release(): void {
    this.held = undefined;
    for (const resume of this.waiting.splice(0)) resume();
  }
  async record(record: AuditRecord): Promise<void> {
    if (record.outcome === this.held) {
      this.reached();
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
    this.records.push(record);
  }
  async start(): Promise<void> {}
  async stop(): Promise<void> {}
  pending = (): number => 0;
  async readStatuses(): Promise<Map<string, unknown>> {
    return new Map();
  }
  async readRecords(): Promise<AuditRecord[]> {
    return [];
  }
}

export interface ControllerFixture {
  emulator: RunningEmulator;
  cxone: CxoneClient;
  source: DirectorySource;
  audit: HeldAudit;
  controller: Controller;
  /** Every state the controller reported after a reconcile, in order. */
  reconciled: CampaignState[];
  /** Runs the sweep's tick as the cron schedule would. */
  sweep(): Promise<void>;
  /** Writes files into a new directory and returns it. */
  revisionDir(files: Record<string, string>): Promise<string>;
  close(): Promise<void>;
}

export async function startControllerFixture(pool: SimulationPool, extra: Partial<ControllerOptions> = {}): Promise<ControllerFixture> {
  const root = await mkdtemp(join(tmpdir(), 'cxone-gitops-controller-'));
  const emulator = await startEmulator({ rateLimitPerMinute: 0, pool });
  const cxone = createCxoneClient({ baseUrl: emulator.url, clientId: DEFAULT_CLIENT.clientId, clientSecret: DEFAULT_CLIENT.clientSecret, ratePerMinute: 0, minBackoffMs: 10 });
  const source = new DirectorySource();
  const audit = new HeldAudit();
  const reconciled: CampaignState[] = [];
  let tick: (() => void | Promise<void>) | undefined;
  let dirs = 0;
  const controller = createController({
    cxone,
    source,
    audit,
    pool,
    log: silentLogger,
    actor: ACTOR,
    verification: { pollIntervalMs: 20, deadlineMs: 5_000, sleep: (ms) => delay(ms) },
    createSweep: (onTick) => {
      tick = onTick;
      return { start: () => undefined, stop: async () => undefined };
    },
    onReconciled: (state) => reconciled.push(state),
    ...extra,
  });
  return {
    emulator,
    cxone,
    source,
    audit,
    controller,
    reconciled,
    sweep: async () => {
      await tick?.();
    },
    async revisionDir(files) {
      const dir = join(root, `rev-${(dirs += 1)}`);
      await mkdir(dir, { recursive: true });
      for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
      return dir;
    },
    async close() {
      await controller.stop().catch(() => undefined);
      await emulator.close();
      await rm(root, { recursive: true, force: true });
    },
  };
}
