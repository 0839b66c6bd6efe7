/**
 * The long-running controller: keeps the desired state from Git, one state per campaign, and a
 * work queue that reconciles campaigns on start-up, on every new commit of the watched branch and
 * on every sweep. Deleted files are reported and left alone; invalid files are reported and leave
 * every other campaign going.
 */
import { randomUUID } from 'node:crypto';
import type { CxoneClient } from '../adapters/cxone/cxone-client.js';
import { loadDesiredState } from '../adapters/fs/load-desired-state.js';
import type { DesiredStateSnapshot, GitSource } from '../adapters/git/git-source-types.js';
import type { Logger } from '../adapters/logging/logger.js';
import type { CampaignSpec } from '../domain/campaign-spec.js';
import { initialState, withHistory, type CampaignState } from '../domain/campaign-state.js';
import type { ControllerPolicy } from '../domain/controller-policy.js';
import type { Diagnostic } from '../domain/diagnostic.js';
import type { LiveCampaign } from '../domain/live-campaign.js';
import { isStalledError } from '../domain/errors.js';
import type { SweepSchedule } from '../scheduler/sweep-schedule.js';
import { createWorkQueue, type WorkQueue, type WorkReason } from '../scheduler/work-queue.js';
import type { SimulationPool } from '../simulation/index.js';
import type { AlertDispatcher } from '../adapters/alerts/alert-dispatcher.js';
import { evaluateIncidents, type AlertAction, type Incident, type IncidentPolicy } from '../domain/incidents.js';
import { intentOutcome, type IntentLog } from './apply-intents.js';
import { registerMlWebhook, sendMlEvent } from './ml-monitoring.js';
import { desiredFingerprint, reconcileCampaign, type AuditRecord, type ReconcileDeps } from './reconcile-campaign.js';
import { verificationOptions } from './verify-apply.js';

/** What the controller needs of the audit trail (adapters/git/audit-trail). */
export interface ControllerAudit {
  record(record: AuditRecord, status?: { name: string; document: unknown }): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
  pending(): number;
  readStatuses(): Promise<Map<string, unknown>>;
  readRecords(options?: { campaign?: string; limit?: number }): Promise<AuditRecord[]>;
}

export interface ControllerOptions {
  cxone: CxoneClient;
  source: GitSource;
  audit: ControllerAudit;
  pool: SimulationPool;
  log: Logger;
  actor: string;
  /** Creates the sweep schedule with the controller's tick (node-cron in production). */
  createSweep?: (onTick: () => void) => SweepSchedule;
  /** ML_WEBHOOK_URL: registered once as a CXone webhook and sent an event per apply. */
  mlWebhookUrl?: string;
  /** Campaigns reconciled at once. Default 4. */
  concurrency?: number;
  verification?: ReconcileDeps['verification'];
  now?: () => Date;
  /** Told after each reconcile (metrics). */
  onReconciled?: (state: CampaignState, seconds: number) => void;
  /** Write-ahead intents of PUTs; pending ones are resolved at start. */
  intents?: IntentLog;
  /** Where alert messages go (drift incidents, failures, rollbacks, pauses, invalid files, circuit). */
  alerts?: AlertDispatcher;
}

export interface DeletedCampaign {
  name: string;
  campaignId: string;
  path: string;
  deletedAt: string;
  revision: string;
}

export interface ControllerStatus {
  ready: boolean;
  /** Incidents that belong to no campaign: invalid files, the CXone circuit. */
  incidents: Incident[];
  revision?: string;
  commit?: { subject: string; author: string; committedAt: string };
  campaigns: CampaignState[];
  deleted: DeletedCampaign[];
  invalidFiles: Diagnostic[];
  policyValid: boolean;
  queue: ReturnType<WorkQueue<string>['stats']>;
  auditPending: number;
  cxone: ReturnType<CxoneClient['health']>;
}

export interface Controller {
  start(): Promise<void>;
  stop(): Promise<void>;
  ready(): boolean;
  status(): ControllerStatus;
  campaign(name: string): CampaignState | undefined;
  /** Fetch now (the signed push webhook). */
  notifyPush(): void;
  /** The campaign's audit records (oldest first), for its history and weights over time. */
  history(name: string, limit?: number): Promise<AuditRecord[]>;
}

function isCampaignState(value: unknown): value is CampaignState {
  const state = value as Partial<CampaignState> | null;
  return typeof state === 'object' && state !== null && typeof state.name === 'string' && typeof state.status === 'string' && Array.isArray(state.history);
}

export function createController(options: ControllerOptions): Controller {
  const { cxone, source, audit, pool, log } = options;
  const now = options.now ?? (() => new Date());
  const states = new Map<string, CampaignState>();
  const deleted: DeletedCampaign[] = [];
  let campaigns = new Map<string, CampaignSpec>();
  let policy: ControllerPolicy | undefined;
  let invalidFiles: Diagnostic[] = [];
  let snapshot: DesiredStateSnapshot | undefined;
  let isReady = false;
  let stopping = false;
  let syncing: Promise<void> = Promise.resolve();
  let sweepSchedule: SweepSchedule | undefined;
  /** Incidents of no campaign, by key. */
  const globalIncidents = new Map<string, Incident>();
  /** What the last list read of each campaign, for the reconcile it queued (used once). */
  const observations = new Map<string, LiveCampaign | null>();

  const reconcileDeps: ReconcileDeps = {
    cxone,
    pool,
    audit,
    actor: options.actor,
    now,
    log,
    intents: options.intents,
    // A first sweep of thousands of in-sync campaigns must not write thousands of audit commits:
    // the controller re-adopts after a restart at no API cost.
    recordAdoption: false,
    verification: options.verification ?? verificationOptions(),
    onApplied: (event) => {
      if (options.mlWebhookUrl) void sendMlEvent(options.mlWebhookUrl, event, now, log);
    },
  };

  const queue = createWorkQueue<string>({
    concurrency: options.concurrency ?? 4,
    log,
    handler: async (name: string, reason: WorkReason) => {
      // Let the status server and timers run between reconciles, however many are queued.
      await new Promise((resolve) => setImmediate(resolve));
      const campaign = campaigns.get(name);
      if (!campaign || !snapshot || !policy) return;
      const previous = states.get(name) ?? initialState(campaign);
      const child = log.child({ campaign: name, reason });
      const started = performance.now();
      const observed = observations.get(name);
      observations.delete(name);
      const outcome = await reconcileCampaign({ ...reconcileDeps, log: child }, { campaign, revision: snapshot.revision, windows: policy.syncWindows, previous, observed });
      if (campaigns.has(name)) {
        states.set(name, outcome.state);
        await updateIncidents(name, outcome.state, campaign.sync.policy);
      }
      options.onReconciled?.(outcome.state, (performance.now() - started) / 1000);
      await refreshGlobalIncidents();
      if (outcome.error === undefined || isStalledError(outcome.error)) return { requeueAfterMs: outcome.requeueAfterMs };
      // Transient, conflict and waiting errors: the queue backs off (or waits the error's retryAfterMs).
      throw outcome.error;
    },
  });

  const incidentPolicy = (): IncidentPolicy => ({
    driftThreshold: policy?.alerts.driftThreshold ?? 2,
    reminderAfterSeconds: policy?.alerts.reminderAfterSeconds ?? 4 * 3600,
  });

  async function announce(actions: readonly AlertAction[], state?: CampaignState): Promise<void> {
    if (actions.length === 0) return;
    options.alerts?.dispatch(actions, policy?.alerts.routes ?? []);
    for (const { event, incident } of actions) {
      log.info({ campaign: incident.campaign, key: incident.key, event }, `alert ${event}: ${incident.summary}`);
      await audit
        .record(
          { id: randomUUID(), time: now().toISOString(), campaign: incident.campaign, campaignId: incident.campaignId, outcome: `incident-${event}`, desiredRevision: snapshot?.revision, key: incident.key, kind: incident.kind, reason: incident.summary },
          state ? { name: state.name, document: state } : undefined,
        )
        .catch((error: unknown) => log.error({ error: error instanceof Error ? error.message : String(error) }, 'audit record not written'));
    }
  }

  /** Evaluates a campaign's incidents after its state changed, and stores them with it. */
  async function updateIncidents(name: string, state: CampaignState, syncPolicy: CampaignSpec['sync']['policy']): Promise<void> {
    const { open, actions } = evaluateIncidents(state.incidents ?? [], state, syncPolicy, incidentPolicy(), now());
    const next = { ...state, incidents: open };
    if (campaigns.has(name) || state.status === 'Invalid') states.set(name, next);
    await announce(actions, next);
  }

  /** Incidents of no campaign: one per invalid file that no campaign owns, and the CXone circuit. */
  async function updateGlobalIncidents(conditions: Array<{ key: string; kind: Incident['kind']; summary: string }>): Promise<void> {
    const at = now().toISOString();
    const actions: AlertAction[] = [];
    const wanted = new Map(conditions.map((condition) => [condition.key, condition]));
    for (const [key, incident] of globalIncidents) {
      if (!wanted.has(key) && (incident.kind === 'invalid-file' || key === 'circuit-open')) {
        globalIncidents.delete(key);
        actions.push({ event: 'resolved', incident });
      }
    }
    for (const condition of conditions) {
      if (globalIncidents.has(condition.key)) continue;
      const incident: Incident = { ...condition, campaign: '*', campaignId: '*', labels: {}, openedAt: at, lastNotifiedAt: at, reminders: 0 };
      globalIncidents.set(condition.key, incident);
      actions.push({ event: 'opened', incident });
    }
    await announce(actions);
  }

  function circuitConditions(): Array<{ key: string; kind: Incident['kind']; summary: string }> {
    return cxone.health().circuit === 'open' ? [{ key: 'circuit-open', kind: 'circuit-open', summary: 'the CXone API circuit is open after repeated failures: applies wait until it closes' }] : [];
  }

  function fileConditions(): Array<{ key: string; kind: Incident['kind']; summary: string }> {
    const owned = new Set([...states.values()].map((state) => state.path));
    const paths = [...new Set(invalidFiles.map((d) => d.path))].filter((path) => !owned.has(path));
    return paths.map((path) => ({
      key: `invalid-file:${path}`,
      kind: 'invalid-file' as const,
      summary: `invalid file on the watched branch: ${invalidFiles.filter((d) => d.path === path).map((d) => `${d.path}:${d.line}:${d.column}: ${d.message}`).join('; ')}`,
    }));
  }

  /** Invalid-file conditions change only when the desired state is loaded: computed then, not per reconcile. */
  let currentFileConditions: Array<{ key: string; kind: Incident['kind']; summary: string }> = [];
  let lastCircuit: string | undefined;

  async function refreshGlobalIncidents(reloaded = false): Promise<void> {
    if (reloaded) currentFileConditions = fileConditions();
    const circuit = cxone.health().circuit;
    if (!reloaded && circuit === lastCircuit) return;
    lastCircuit = circuit;
    await updateGlobalIncidents([...currentFileConditions, ...circuitConditions()]);
  }

  async function markInvalid(name: string, diagnostics: Diagnostic[], revision: string): Promise<void> {
    const previous = states.get(name);
    if (!previous) return;
    const reason = diagnostics.map((d) => `${d.path}:${d.line}:${d.column}: ${d.message}`).join('; ');
    const state = withHistory({ ...previous, status: 'Invalid', reason, desiredRevision: revision }, now().toISOString());
    states.set(name, state);
    await updateIncidents(name, state, 'enforce');
    if (previous.status !== 'Invalid') {
      await audit.record(
        { id: randomUUID(), time: now().toISOString(), campaign: name, campaignId: previous.campaignId, outcome: 'invalid', desiredRevision: revision, reason },
        { name, document: state },
      );
    }
  }

  async function load(next: DesiredStateSnapshot, reason: WorkReason): Promise<void> {
    const loaded = await loadDesiredState(next.dir);
    const previousCampaigns = campaigns;
    const nextCampaigns = new Map(loaded.validation.campaigns.map((campaign) => [campaign.name, campaign]));
    invalidFiles = loaded.diagnostics.filter((d) => d.severity === 'error');
    policy = loaded.validation.policy;
    snapshot = next;

    // A campaign whose file is now invalid keeps its place (and its live settings) and shows Invalid.
    const invalidPaths = new Set(invalidFiles.map((d) => d.path));
    const invalidNames = new Set<string>();
    for (const state of states.values()) {
      if (invalidPaths.has(state.path) && !nextCampaigns.has(state.name)) {
        invalidNames.add(state.name);
        await markInvalid(state.name, invalidFiles.filter((d) => d.path === state.path), next.revision);
      }
    }
    // A campaign whose file is gone is no longer managed: reported, live left as it is.
    for (const [name, state] of states) {
      if (nextCampaigns.has(name) || invalidNames.has(name)) continue;
      if (reason === 'startup' && !previousCampaigns.has(name) && previousCampaigns.size === 0 && !state.lastAppliedRevision) {
        states.delete(name);
        continue;
      }
      queue.forget(name);
      states.delete(name);
      const entry: DeletedCampaign = { name, campaignId: state.campaignId, path: state.path, deletedAt: now().toISOString(), revision: next.revision };
      deleted.push(entry);
      if (deleted.length > 100) deleted.shift();
      log.warn({ campaign: name, path: state.path }, 'campaign file deleted: no longer managed, live settings left as they are');
      await audit.record(
        { id: randomUUID(), time: entry.deletedAt, campaign: name, campaignId: state.campaignId, outcome: 'deleted', desiredRevision: next.revision, reason: `${state.path} was deleted: the campaign is no longer managed; its live settings are left as they are` },
        { name, document: { ...state, status: 'Deleted', reason: 'file deleted' } },
      );
    }
    campaigns = nextCampaigns;
    for (const campaign of nextCampaigns.values()) {
      if (!states.has(campaign.name)) states.set(campaign.name, initialState(campaign));
    }
    await refreshGlobalIncidents(true);
    if (!policy) {
      log.error({ diagnostics: invalidFiles.length }, 'the policy file is invalid: nothing is applied until it is fixed');
      return;
    }
    if (reason === 'commit') {
      // Only campaigns whose desired settings changed need the commit's priority; the rest wait for the sweep.
      for (const campaign of nextCampaigns.values()) {
        const before = previousCampaigns.get(campaign.name);
        if (!before || desiredFingerprint(before) !== desiredFingerprint(campaign) || before.sync.policy !== campaign.sync.policy) queue.add(campaign.name, 'commit');
      }
    } else {
      await sweepAll(reason);
    }
  }

  /** PUTs sent by a previous run that was killed before recording them: record those that happened. */
  async function resolveIntents(): Promise<void> {
    for (const intent of options.intents?.pending() ?? []) {
      const live = await cxone.getCampaign(intent.campaignId, { priority: 'apply' }).catch(() => undefined);
      const outcome = intentOutcome(intent, live, options.actor);
      if (outcome === 'yes') {
        log.warn({ campaign: intent.record.campaign, version: live?.version }, 'recording a PUT the previous run made but did not record');
        await audit.record({ ...intent.record, recovered: true });
      } else if (outcome === 'unknown') {
        log.warn({ campaign: intent.record.campaign, version: live?.version }, 'a PUT of the previous run may have been applied: recorded as uncertain');
        await audit.record({
          ...intent.record,
          recovered: true,
          uncertain: true,
          reason: `the controller stopped during this PUT and the campaign has changed since (now v${live?.version ?? '?'}): it may or may not have been applied`,
        });
      }
      await options.intents?.end(intent.id);
    }
  }

  /**
   * Registers the ML monitoring webhook once. A failure is not fatal: the next sweep tries again,
   * listing first, so a create whose answer was lost never leads to a duplicate.
   */
  let mlWebhookRegistered = false;
  async function ensureMlWebhook(): Promise<void> {
    if (!options.mlWebhookUrl || mlWebhookRegistered) return;
    try {
      await registerMlWebhook(cxone, options.mlWebhookUrl, log);
      mlWebhookRegistered = true;
    } catch (error) {
      log.warn({ error: error instanceof Error ? error.message : String(error) }, 'ML monitoring webhook not registered yet: trying again on the next sweep');
    }
  }

  /** Reads every campaign with one request per page, then queues them all with what was read. */
  async function sweepAll(reason: WorkReason): Promise<void> {
    if (stopping || !policy) return;
    await ensureMlWebhook();
    try {
      const live = await cxone.listCampaigns({ priority: 'sweep' });
      const byId = new Map(live.map((campaign) => [campaign.id, campaign]));
      for (const campaign of campaigns.values()) observations.set(campaign.name, byId.get(campaign.campaignId) ?? null);
    } catch (error) {
      log.warn({ error: error instanceof Error ? error.message : String(error) }, 'cannot list the campaigns: each is read on its own');
    }
    queue.addAll([...campaigns.keys()], reason);
  }

  function syncFromGit(reason: WorkReason): Promise<void> {
    syncing = syncing.then(async () => {
      if (stopping) return;
      try {
        const next = await source.sync();
        if (snapshot && next.revision === snapshot.revision && reason !== 'startup') return;
        log.info({ revision: next.revision, subject: next.subject }, 'desired state loaded');
        await load(next, reason);
      } catch (error) {
        log.error({ error: error instanceof Error ? error.message : String(error) }, 'cannot read the desired state from Git');
      }
    });
    return syncing;
  }

  return {
    async start() {
      await audit.start();
      for (const [name, document] of await audit.readStatuses()) {
        if (isCampaignState(document) && (document.status as string) !== 'Deleted') states.set(name, document);
      }
      await cxone.authenticate();
      await resolveIntents();
      await ensureMlWebhook();
      const first = await source.sync();
      await load(first, 'startup');
      source.onChange(() => void syncFromGit('commit'));
      source.start();
      sweepSchedule = options.createSweep?.(() => sweepAll('sweep'));
      sweepSchedule?.start();
      isReady = true;
      log.info({ campaigns: campaigns.size, revision: first.revision }, 'controller started');
    },
    async stop() {
      stopping = true;
      isReady = false;
      await sweepSchedule?.stop();
      await source.stop();
      await syncing;
      await queue.stop();
      await audit.stop();
    },
    ready: () => isReady,
    status: () => ({
      ready: isReady,
      incidents: [...globalIncidents.values()],
      revision: snapshot?.revision,
      commit: snapshot ? { subject: snapshot.subject, author: snapshot.author, committedAt: snapshot.committedAt } : undefined,
      campaigns: [...states.values()].sort((a, b) => a.name.localeCompare(b.name)),
      deleted: [...deleted],
      invalidFiles,
      policyValid: policy !== undefined,
      queue: queue.stats(),
      auditPending: audit.pending(),
      cxone: cxone.health(),
    }),
    campaign: (name) => states.get(name),
    notifyPush: () => source.notify(),
    history: (name, limit = 200) => audit.readRecords({ campaign: name, limit }),
  };
}
