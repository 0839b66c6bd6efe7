/**
 * The long-running controller shell (docs/architecture.md, "The controller shell"): one immutable
 * desired-state generation swapped in one assignment, one state per campaign, and a work queue
 * that reconciles campaigns on start-up, on every new commit of the watched branch and on every
 * sweep. Deleted files are reported and left alone; invalid files are reported and leave every
 * other campaign going.
 */
import { randomUUID } from 'node:crypto';
import { loadDesiredState } from '../adapters/fs/load-desired-state.js';
import type { DesiredStateSnapshot, FetchSchedule } from '../adapters/git/git-source-types.js';
import { restoredCampaignStates } from '../adapters/git/status-document.js';
import { initialState, withHistory } from '../domain/campaign-state.js';
import type { Diagnostic } from '../domain/diagnostic.js';
import type { IncidentCondition } from '../domain/incidents.js';
import type { SweepSchedule } from '../scheduler/sweep-schedule.js';
import { createWorkQueue, type WorkReason, type WorkResult } from '../scheduler/work-queue.js';
import { abortableSleep } from './abortable-sleep.js';
import { createActionDesk } from './action-desk.js';
import { ActionRefusedError } from './manual-actions.js';
import { CampaignStates } from './campaign-states.js';
import { withCommitAuthor } from './commit-author.js';
import { createIncidentKeeper, globalCondition, invalidFileConditions, openIncidents } from './controller-incidents.js';
import type { Controller, ControllerOptions, DeletedCampaign, Readiness } from './controller-types.js';
import { diffGenerations, generationOf, type DesiredGeneration } from './desired-generation.js';
import { sendMlEvent } from './ml-monitoring.js';
import type { ReconcileOutcome } from './reconcile-campaign.js';
import { tutorialTarget, type ShellReconcileDeps } from './reconcile-target.js';
import { createSourceHealth, sourceFailureReason } from './source-health.js';
import { verificationOptions } from './verify-apply.js';

export type { Controller, ControllerAudit, ControllerOptions, ControllerStatus, DeletedCampaign, Readiness, SourceHealth } from './controller-types.js';

/** What a sweep's list read of a campaign (null: not listed), carried by its work item. */
type Observation = unknown;

const DELETED_KEPT = 100;

/** A classified error for the queue, or undefined when the reconcile succeeded. Stalled errors reach the queue as stalled. */
function queueResult(outcome: ReconcileOutcome): WorkResult {
  if (outcome.error !== undefined) throw outcome.error;
  return { requeueAfterMs: outcome.requeueAfterMs };
}

function missingClient(): never {
  throw new Error('createController needs a target (or the tutorial client, cxone)');
}

export function createController(options: ControllerOptions): Controller {
  const { source, audit, pool, log } = options;
  // The dialect's objects and API (reconcile-target.ts): the shell never asks which one it runs.
  const target = options.target ?? tutorialTarget(options.cxone ?? missingClient());
  const now = options.now ?? (() => new Date());
  const mayWrite = options.mayWrite ?? (() => true);
  const states = new CampaignStates();
  const deleted: DeletedCampaign[] = [];
  const stopping = new AbortController();
  const sourceHealth = createSourceHealth(now);
  /** The desired state: replaced whole, in one assignment, by `load`. */
  let generation: DesiredGeneration | undefined;
  /** Invalid-file conditions change only when a generation is loaded: computed then, not per reconcile. */
  let fileConditions: IncidentCondition[] = [];
  let isReady = false;
  let syncing: Promise<void> = Promise.resolve();
  let sweepSchedule: SweepSchedule | undefined;
  let lastSuccessfulSweepAt: string | undefined;
  let mlWebhookRegistered = false;

  const records = withCommitAuthor(audit, () => generation?.snapshot);
  const incidents = createIncidentKeeper({ audit: records, alerts: options.alerts, log, now, policy: () => generation?.policy, revision: () => generation?.snapshot.revision });
  const baseVerification = options.verification ?? verificationOptions();
  const reconcileDeps: ShellReconcileDeps = {
    pool,
    audit: records,
    actor: options.actor,
    now,
    log,
    intents: options.intents,
    // A first sweep of thousands of in-sync campaigns must not write thousands of audit commits:
    // the controller re-adopts after a restart at no API cost.
    recordAdoption: false,
    // A verification poll ends at once when the controller stops (its sleep is cut short).
    verification: { ...baseVerification, sleep: (ms) => abortableSleep(baseVerification.sleep(ms), stopping.signal) },
    onApplied: (event) => {
      if (options.mlWebhookUrl) void sendMlEvent(options.mlWebhookUrl, event, now, log);
    },
  };

  // Manual actions (README, "Manual actions"): taken by the campaign's next reconcile, recorded with the actor.
  const actions = createActionDesk({ record: (record, state) => records.record(record, { name: state.name, document: state }) });
  const queue = createWorkQueue<string, Observation>({ concurrency: options.concurrency ?? 4, log, handler: reconcileOne });

  function globalConditions(): IncidentCondition[] {
    const circuit = target.health().circuit === 'open' ? [globalCondition('circuit-open', 'circuit-open', 'the CXone API circuit is open after repeated failures: applies wait until it closes')] : [];
    return [...fileConditions, ...circuit, ...sourceHealth.conditions()];
  }

  async function reconcileOne(name: string, reason: WorkReason, observed: Observation | undefined): Promise<WorkResult | void> {
    // Let the status server and timers run between reconciles, however many are queued.
    await new Promise((resolve) => setImmediate(resolve));
    const current = generation; // read once: the reconcile uses one generation throughout
    const campaign = current?.campaigns.get(name);
    if (!current?.policy || !campaign || stopping.signal.aborted) return actions.cancel(name, 503, `${name} was not reconciled: the controller is stopping or the policy file is invalid`);
    // "May I write now?" (docs/architecture.md, "One writer"): a controller that may not write does not reconcile.
    if (!mayWrite()) return actions.cancel(name, 503, 'this replica may not write now (not the leader): send the action to the leader');
    const windows = current.policy.syncWindows;
    const taken = await actions.take(name, states.get(name) ?? initialState(campaign), { campaign, windows, now: now() });
    const previous = taken?.state ?? states.get(name) ?? initialState(campaign);
    if (taken) states.set(name, taken.state);
    const started = performance.now();
    let outcome: ReconcileOutcome | undefined;
    try {
      outcome = await target.reconcile(
        { ...reconcileDeps, log: log.child({ campaign: name, reason }) },
        {
          object: campaign,
          revision: current.snapshot.revision,
          // `sync --force` (a manual action) lifts the sync windows for this one reconcile.
          windows: taken?.ignoreWindows ? [] : windows,
          previous,
          observed,
          signal: stopping.signal,
          // The status as each record journals it: an accepted apply shows Verifying at once (I6).
          onRecorded: (state) => {
            if (generation?.campaigns.has(name)) states.set(name, state);
          },
        },
      );
      if (generation?.campaigns.has(name)) states.set(name, await incidents.forCampaign(outcome.state, campaign.sync.policy));
    } finally {
      actions.finished(name, outcome && states.get(name));
    }
    options.onReconciled?.(outcome.state, (performance.now() - started) / 1000);
    await incidents.refreshGlobal(globalConditions());
    return queueResult(outcome);
  }

  async function markInvalid(name: string, diagnostics: readonly Diagnostic[], revision: string): Promise<void> {
    const previous = states.get(name);
    if (!previous) return;
    const reason = diagnostics.map((d) => `${d.path}:${d.line}:${d.column}: ${d.message}`).join('; ');
    const state = await incidents.forCampaign(withHistory({ ...previous, status: 'Invalid', reason, desiredRevision: revision }, now().toISOString()), 'enforce');
    states.set(name, state);
    if (previous.status === 'Invalid') return;
    await records.record({ id: randomUUID(), time: now().toISOString(), campaign: name, campaignId: previous.campaignId, outcome: 'invalid', desiredRevision: revision, reason }, { name, document: state });
  }

  /** A campaign whose file is gone is no longer managed: reported, live left as it is. */
  async function markDeleted(name: string, revision: string, silently: boolean): Promise<void> {
    const state = states.get(name);
    if (!state) return;
    queue.forget(name);
    states.delete(name);
    if (silently) return;
    const entry: DeletedCampaign = { name, campaignId: state.campaignId, path: state.path, deletedAt: now().toISOString(), revision };
    deleted.push(entry);
    if (deleted.length > DELETED_KEPT) deleted.shift();
    log.warn({ campaign: name, path: state.path }, 'campaign file deleted: no longer managed, live settings left as they are');
    await records.record(
      { id: randomUUID(), time: entry.deletedAt, campaign: name, campaignId: state.campaignId, outcome: 'deleted', desiredRevision: revision, reason: `${state.path} was deleted: the campaign is no longer managed; its live settings are left as they are` },
      { name, document: { ...state, status: 'Deleted', reason: 'file deleted' } },
    );
  }

  /** Open writes of campaigns whose file was deleted: judged against live and recorded (docs/architecture.md, "Deleted files"). */
  async function settleOrphans(): Promise<void> {
    if (!options.intents || stopping.signal.aborted || !mayWrite()) return;
    const managed = new Set([...states.values()].map((state) => state.campaignId));
    for (const campaign of generation?.campaigns.values() ?? []) managed.add(campaign.campaignId);
    if (options.intents.pending().every((intent) => managed.has(intent.campaignId))) return;
    const deps = { intents: options.intents, audit, actor: options.actor, now, newId: randomUUID, log, signal: stopping.signal };
    const { settled, kept } = await target.settleOrphans(deps, (id) => managed.has(id));
    log.info({ settled, kept }, 'open writes of deleted campaigns settled');
  }

  async function load(snapshot: DesiredStateSnapshot, reason: WorkReason): Promise<void> {
    // Paths relative to the repository, as the CLI shows them, not into the data directory (README, "Dashboard").
    const readOptions = snapshot.repoPath === undefined ? {} : { displayRoot: snapshot.repoPath };
    const loaded = await (options.loadDesiredState ? options.loadDesiredState(snapshot.dir, readOptions) : loadDesiredState(snapshot.dir, undefined, readOptions));
    const next = generationOf(snapshot, loaded.validation, loaded.diagnostics, target.objects(loaded.validation));
    const before = generation;
    const changes = diffGenerations(before, next, [...states.values()]);
    generation = next; // the one assignment: every reconcile from here on sees the whole of `next`
    for (const campaign of next.campaigns.values()) {
      const known = states.get(campaign.name);
      // A status restored from the audit branch keeps its history; its path is the generation's.
      if (!known) states.set(campaign.name, initialState(campaign));
      else if (known.path !== campaign.path) states.set(campaign.name, { ...known, path: campaign.path });
    }
    for (const { name, diagnostics } of changes.invalid) await markInvalid(name, diagnostics, snapshot.revision);
    for (const name of changes.deleted) {
      // A status restored at start-up for a campaign never applied and no longer in Git is dropped quietly.
      await markDeleted(name, snapshot.revision, before === undefined && !states.get(name)?.lastAppliedRevision);
    }
    await settleOrphans();
    fileConditions = invalidFileConditions(next.invalidFiles);
    await incidents.refreshGlobal(globalConditions());
    if (!next.policy) {
      log.error({ diagnostics: next.invalidFiles.length }, 'the policy file is invalid: nothing is applied until it is fixed');
      return;
    }
    // Only campaigns whose desired settings changed need the commit's priority; the rest wait for the sweep.
    if (reason === 'commit') queue.addAll([...changes.added, ...changes.changed], 'commit');
    else await sweepAll(reason);
  }

  /**
   * Registers the ML monitoring webhook once. A failure is not fatal: the next sweep tries again,
   * listing first, so a create whose answer was lost never leads to a duplicate.
   */
  async function ensureMlWebhook(): Promise<void> {
    if (!options.mlWebhookUrl || mlWebhookRegistered || !mayWrite()) return;
    if (!target.registerWebhook) {
      mlWebhookRegistered = true;
      log.warn({ kind: target.kind }, 'ML_WEBHOOK_URL: this CXone dialect has no webhook API: events are still sent after each apply');
      return;
    }
    try {
      await target.registerWebhook(options.mlWebhookUrl, log);
      mlWebhookRegistered = true;
    } catch (error) {
      log.warn({ err: error }, 'ML monitoring webhook not registered yet: trying again on the next sweep');
    }
  }

  /** Reads every campaign with one request per page, then queues them all, each with what was read of it. */
  async function sweepAll(reason: WorkReason): Promise<void> {
    const current = generation;
    if (stopping.signal.aborted || !current?.policy) return;
    await ensureMlWebhook();
    let observed: Map<string, unknown> | undefined;
    try {
      observed = await target.sweep({ priority: 'sweep' });
      lastSuccessfulSweepAt = now().toISOString();
    } catch (error) {
      log.warn({ err: error }, 'cannot list the campaigns: each is read on its own');
    }
    await incidents.refreshGlobal(globalConditions());
    await settleOrphans();
    queue.addAll([...current.campaigns.keys()], reason, (name) => (observed ? (observed.get(current.campaigns.get(name)?.campaignId ?? '') ?? null) : undefined));
  }

  async function fetched(error: unknown, schedule?: FetchSchedule): Promise<void> {
    if (error === undefined) sourceHealth.succeeded();
    else sourceHealth.failed(error, schedule);
    await incidents.refreshGlobal(globalConditions());
  }

  function syncFromGit(reason: WorkReason): Promise<void> {
    syncing = syncing.then(async () => {
      if (stopping.signal.aborted) return;
      try {
        const next = await source.sync();
        await fetched(undefined);
        if (generation && next.revision === generation.snapshot.revision && reason !== 'startup') return;
        log.info({ revision: next.revision, subject: next.subject }, 'desired state loaded');
        await load(next, reason);
      } catch (error) {
        log.error({ err: error }, 'cannot read the desired state from Git');
        await fetched(error);
      }
    });
    return syncing;
  }

  function readiness(): Readiness {
    if (!isReady) return { ready: false, reason: stopping.signal.aborted ? 'stopping' : 'starting' };
    const health = sourceHealth.health();
    if (!health.ok) return { ready: false, reason: sourceFailureReason(health) };
    return { ready: true };
  }

  return {
    async start() {
      await audit.start();
      for (const [name, state] of restoredCampaignStates(await audit.readStatuses(), log, target.statusProblem)) {
        if ((state.status as string) !== 'Deleted') states.set(name, state);
      }
      await target.authenticate();
      await ensureMlWebhook();
      const first = await source.sync();
      sourceHealth.succeeded();
      await load(first, 'startup');
      // Incidents open before the restart keep firing in Alertmanager (README, "Alert sinks").
      incidents.resumeOpen(states.values());
      source.onChange(() => void syncFromGit('commit'));
      source.onFetch?.((error, schedule) => void fetched(error, schedule));
      source.start();
      sweepSchedule = options.createSweep?.(() => sweepAll('sweep'));
      sweepSchedule?.start();
      isReady = true;
      log.info({ campaigns: generation?.campaigns.size ?? 0, revision: first.revision }, 'controller started');
    },
    async stop() {
      stopping.abort();
      actions.cancelAll('the controller is stopping');
      isReady = false;
      await sweepSchedule?.stop();
      await source.stop();
      await syncing;
      await queue.stop();
      await audit.stop();
    },
    ready: () => readiness().ready,
    readiness,
    status: () => ({
      ready: readiness().ready,
      incidents: openIncidents(incidents.global(), states.values()),
      revision: generation?.snapshot.revision,
      commit: generation ? { subject: generation.snapshot.subject, author: generation.snapshot.author, committedAt: generation.snapshot.committedAt } : undefined,
      campaigns: states.inOrder(),
      deleted: [...deleted],
      invalidFiles: [...(generation?.invalidFiles ?? [])],
      syncWindows: generation?.policy?.syncWindows,
      policyValid: generation?.policy !== undefined,
      queue: queue.stats(),
      auditPending: audit.pending(),
      lastSuccessfulSweepAt,
      cxone: target.health(),
      source: sourceHealth.health(),
    }),
    campaign: (name) => states.get(name),
    notifyPush: () => source.notify(),
    act(name, request) {
      const campaign = generation?.campaigns.get(name);
      const state = states.get(name);
      if (!campaign || !state || !generation?.policy) throw new ActionRefusedError(404, `no managed campaign named ${name}`);
      if (!isReady || !mayWrite()) throw new ActionRefusedError(503, isReady ? 'this replica may not write now (not the leader): send the action to the leader' : 'the controller is starting: try again when /readyz is 200');
      return actions.request(name, state, request, { campaign, windows: generation.policy.syncWindows, now: now() }, () => queue.add(name, 'manual'));
    },
    history: (name, limit = 200) => audit.readRecords({ campaign: name, limit }),
  };
}
