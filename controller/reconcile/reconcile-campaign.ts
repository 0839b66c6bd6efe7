/**
 * Reconciles one campaign and returns a decision; it never schedules itself (the work queue owns
 * retries and backoff). Observe → plan → (sync window, local gate) → versioned PUT → record →
 * verify → (roll back or pause). A 409 re-observes and re-plans, a bounded number of times. The
 * new state is built in a `finally`, so a failure mid-step still leaves a true record.
 */
import { randomUUID } from 'node:crypto';
import { isCxoneConflictError, isCxoneNotFoundError } from '../adapters/cxone/cxone-errors.js';
import type { CxoneClient } from '../adapters/cxone/cxone-client.js';
import type { Logger } from '../adapters/logging/logger.js';
import type { AuditRecord, AuditStatus } from '../domain/audit-record.js';
import type { CampaignSpec } from '../domain/campaign-spec.js';
import { withHistory, type CampaignState, type DriftField, type SimulationSnapshot } from '../domain/campaign-state.js';
import type { SyncWindow } from '../domain/controller-policy.js';
import { desiredSettings, liveSettings, updateFromLive } from '../domain/dialer-settings.js';
import { isStalledError, isTransientError, isWaitingError } from '../domain/errors.js';
import type { CampaignUpdate, LiveCampaign } from '../domain/live-campaign.js';
import { planCampaign, type CampaignPlan } from '../domain/plan-campaign.js';
import { decideSyncWindow } from '../domain/sync-windows.js';
import type { SimulationPool } from '../simulation/index.js';
import { runLocalGate } from './local-gate.js';
import { intentHappened, type IntentLog } from './apply-intents.js';
import { verifyApply, type Verification, type VerifyOptions } from './verify-apply.js';

export type { AuditRecord };

/** Where records go: the journal first (durable when this resolves), then the audit branch. */
export interface AuditSink {
  record(record: AuditRecord, status?: AuditStatus): Promise<void>;
}

/** What each apply sends to the ML monitoring URL (after verification, with its accuracy). */
export interface AppliedEvent {
  campaign: string;
  campaignId: string;
  desiredRevision: string;
  version: number;
  weights: CampaignSpec['parameterWeights'];
  verification: Verification['outcome'];
  predictionAccuracyRate?: number;
  configurationLatencyMs: number;
}

export interface ReconcileDeps {
  cxone: CxoneClient;
  pool: SimulationPool;
  audit: AuditSink;
  /** How CXone names this controller in `modifiedBy`. */
  actor: string;
  now: () => Date;
  log: Logger;
  verification: Omit<VerifyOptions, 'now'>;
  /** Re-observe and re-plan after a 409 at most this many times. Default 3. */
  maxConflictRetries?: number;
  /** Write-ahead intents of PUTs (apply-intents.ts), so no accepted PUT loses its record. */
  intents?: IntentLog;
  /**
   * Record an `adopted` record when a campaign already matching Git is first taken on, so its
   * applied state is on the audit branch (`apply` pipelines). Default true.
   */
  recordAdoption?: boolean;
  onApplied?: (event: AppliedEvent) => void;
}

export interface ReconcileInput {
  campaign: CampaignSpec;
  revision: string;
  windows: readonly SyncWindow[];
  previous: CampaignState;
  /**
   * The campaign as a sweep's list just read it (`null`: the list has no such campaign), so a sweep
   * costs the list pages, not one GET per campaign. Used for the first look only: after a 409 the
   * campaign is read again.
   */
  observed?: LiveCampaign | null;
  /** Aborted when the controller stops: phases that wait (verification polls) end at once. */
  signal?: AbortSignal;
}

export interface ReconcileOutcome {
  state: CampaignState;
  /** Run again after this long (a closed sync window, a retry the caller should schedule). */
  requeueAfterMs?: number;
  /** The error that ended the reconcile, classified, for the work queue's backoff. */
  error?: unknown;
}

/** A fingerprint of the desired settings: a Paused campaign resumes when it changes. */
export function desiredFingerprint(campaign: CampaignSpec): string {
  return JSON.stringify(desiredSettings(campaign));
}

function snapshotOf(verification: Verification, at: string): SimulationSnapshot | undefined {
  if (verification.outcome === 'inconclusive') return undefined;
  const { result, limit } = verification;
  return {
    source: 'remote',
    at,
    abandonRateUpper95: result.abandonRateUpper95,
    abandonRate: result.predictedAbandonRate,
    occupancy: result.agentOccupancy,
    answerRate: result.predictedAnswerRate,
    predictionAccuracyRate: result.predictionAccuracyRate,
    limit,
    pass: verification.outcome === 'pass',
  };
}

export async function reconcileCampaign(deps: ReconcileDeps, input: ReconcileInput): Promise<ReconcileOutcome> {
  const { cxone, audit, actor, log } = deps;
  const { campaign, revision, previous } = input;
  const at = () => deps.now().toISOString();
  let state: CampaignState = {
    ...previous,
    name: campaign.name,
    campaignId: campaign.campaignId,
    path: campaign.path,
    labels: campaign.labels,
    desiredRevision: revision,
  };
  let requeueAfterMs: number | undefined;
  let failure: unknown;
  const fingerprint = desiredFingerprint(campaign);

  const newRecord = (outcome: string, details: Record<string, unknown>): AuditRecord => ({
    id: randomUUID(),
    time: at(),
    campaign: campaign.name,
    campaignId: campaign.campaignId,
    outcome,
    desiredRevision: revision,
    ...details,
  });
  const record = async (outcome: string, details: Record<string, unknown>): Promise<void> => {
    const entry = newRecord(outcome, details);
    // Each record carries the campaign's status as it stands, so the audit branch can restore it.
    await audit.record(entry, { name: campaign.name, document: state });
  };
  const setStatus = (status: CampaignState['status'], reason: string): void => {
    state = { ...state, status, reason };
  };

  /**
   * A version-checked PUT and its audit record, with a write-ahead intent in between: `onAccepted`
   * updates the state before the record (which carries the status) is journaled. When the answer
   * is lost (a transient failure), the campaign is read again to learn whether the PUT happened.
   */
  const recordedPut = async (
    outcome: string,
    update: CampaignUpdate,
    version: number,
    details: Record<string, unknown>,
    onAccepted: (live: LiveCampaign) => void,
  ): Promise<LiveCampaign> => {
    const entry = newRecord(outcome, { fromVersion: version, toVersion: version + 1, ...details });
    const { id } = entry;
    const intent = { id, campaignId: campaign.campaignId, fromVersion: version, settings: update.predictiveDialerSettings, record: entry };
    await deps.intents?.begin(intent);
    let accepted: LiveCampaign;
    try {
      accepted = await cxone.updateCampaign(campaign.campaignId, update, version, { priority: 'apply' });
    } catch (error) {
      const reread = isTransientError(error) ? await cxone.getCampaign(campaign.campaignId, { priority: 'apply' }).catch(() => undefined) : undefined;
      if (!reread || !intentHappened(intent, reread, actor)) {
        await deps.intents?.end(id);
        throw error;
      }
      log.warn({ campaign: campaign.name, version: reread.version }, 'the PUT answer was lost, but CXone applied it');
      accepted = reread;
    }
    onAccepted(accepted);
    await audit.record({ ...entry, time: at(), toVersion: accepted.version }, { name: campaign.name, document: state });
    await deps.intents?.end(id);
    return accepted;
  };

  const steps = async (): Promise<void> => {
    let plan: CampaignPlan | undefined;
    let live: LiveCampaign | undefined;
    let fromList = input.observed !== undefined;
    for (let attempt = 0; ; attempt += 1) {
      live =
        attempt === 0 && fromList
          ? (input.observed ?? undefined)
          : await cxone.getCampaign(campaign.campaignId, { priority: 'apply' }).catch((error: unknown) => {
              if (isCxoneNotFoundError(error)) return undefined;
              throw error;
            });
      plan = planCampaign({ desired: campaign, live, lastApplied: state.lastApplied, actor });
      state = { ...state, liveVersion: live?.version, pendingChanges: plan.changes, lastAttemptedRevision: revision };
      if (plan.drifted && plan.action !== 'suspended') {
        // Consecutive observations of drift: drift incidents open after a threshold of them.
        const since = state.drift?.healedAt === undefined ? (state.drift?.since ?? at()) : at();
        const fields: DriftField[] =
          plan.drift.length > 0
            ? plan.drift.map((change) => ({ field: change.field, git: change.before, live: change.after }))
            : plan.changes.map((change) => ({ field: change.field, git: change.after, live: change.before }));
        state = { ...state, drift: { fields, since, modifiedBy: live?.modifiedBy, dateModified: live?.dateModified }, driftObservations: state.driftObservations + 1 };
      } else if (plan.action !== 'suspended') {
        state = { ...state, drift: undefined, driftObservations: 0 };
      }
      if (plan.action === 'heal' && fromList && attempt === 0) {
        // A sweep's list may be a moment old: confirm drift with a fresh read before healing it.
        fromList = false;
        attempt -= 1;
        continue;
      }

      const held = previous.status === 'Paused' || previous.status === 'RolledBack';
      if (held && previous.pausedFingerprint === fingerprint && plan.action !== 'none') {
        // Never re-apply what failed verification or could not be verified: wait for a new desired state.
        setStatus(previous.status, previous.reason);
        state = { ...state, pausedFingerprint: fingerprint };
        return;
      }
      state = { ...state, pausedFingerprint: undefined };

      if (plan.action === 'none') {
        setStatus('Synced', plan.reason);
        if (state.lastApplied === undefined && live) {
          // Adopt a campaign that already matches Git as applied from this revision, and say so on
          // the audit branch (its status then carries the applied state across restarts).
          state = { ...state, lastApplied: { revision, settings: liveSettings(live), weights: { ...campaign.parameterWeights }, at: at(), version: live.version } };
          if (deps.recordAdoption !== false) {
            await record('adopted', { version: live.version, settings: live.predictiveDialerSettings, reason: 'live already matched Git: taken as applied from this revision' });
          }
        }
        return;
      }
      if (plan.action !== 'update' && plan.action !== 'heal') {
        setStatus(plan.status, plan.reason);
        return;
      }

      const window = decideSyncWindow(input.windows, campaign, deps.now());
      if (!window.allowed) {
        setStatus('Blocked', `sync window: ${window.reason}`);
        if (window.nextChangeAt) requeueAfterMs = Math.max(1000, window.nextChangeAt.getTime() - deps.now().getTime() + 1000);
        return;
      }

      const gate = await runLocalGate(deps.pool, campaign, live);
      state = { ...state, lastSimulation: { source: 'local', at: at(), ...gate.prediction, limit: gate.limit, pass: gate.pass } };
      if (!gate.pass) {
        setStatus('Blocked', `local gate: ${gate.reason}`);
        return;
      }

      const before = live!;
      const started = Date.now();
      let applied: LiveCampaign;
      try {
        applied = await recordedPut(
          'applied',
          plan.update!,
          before.version,
          { kind: plan.action, changes: plan.changes, settings: plan.update!.predictiveDialerSettings, reason: plan.reason },
          (accepted) => {
            state = {
              ...state,
              liveVersion: accepted.version,
              lastAppliedRevision: revision,
              lastApplied: { revision, settings: desiredSettings(campaign), weights: { ...campaign.parameterWeights }, at: at(), version: accepted.version },
              // Healed drift stays on record (with when it was healed) until a clean observation.
              ...(plan!.drifted && state.drift ? { drift: { ...state.drift, healedAt: at() } } : { drift: undefined, driftObservations: 0 }),
              pendingChanges: [],
            };
          },
        );
      } catch (error) {
        if (isCxoneConflictError(error) && attempt < (deps.maxConflictRetries ?? 3)) {
          log.info({ campaign: campaign.name, attempt: attempt + 1 }, 'campaign changed under us: re-observing and re-planning');
          continue;
        }
        throw error;
      }
      const latencyMs = Date.now() - started;

      const verification = await verifyApply(cxone, campaign, { ...deps.verification, now: () => deps.now().getTime() });
      const snapshot = snapshotOf(verification, at());
      if (snapshot) state = { ...state, lastSimulation: snapshot };
      deps.onApplied?.({
        campaign: campaign.name,
        campaignId: campaign.campaignId,
        desiredRevision: revision,
        version: applied.version,
        weights: campaign.parameterWeights,
        verification: verification.outcome,
        predictionAccuracyRate: verification.outcome === 'inconclusive' ? undefined : verification.result.predictionAccuracyRate,
        configurationLatencyMs: latencyMs,
      });
      if (verification.outcome === 'pass') {
        setStatus('Synced', `${plan.action === 'heal' ? 'healed drift' : 'applied'} v${before.version} → v${applied.version}; ${verification.reason}`);
        await record('verified', { version: applied.version, reason: verification.reason, abandonRateUpper95: verification.result.abandonRateUpper95, predictionAccuracyRate: verification.result.predictionAccuracyRate });
        return;
      }
      if (verification.outcome === 'inconclusive') {
        setStatus('Paused', `${verification.reason}: no further applies until the desired state changes`);
        state = { ...state, pausedFingerprint: fingerprint };
        await record('paused', { version: applied.version, reason: verification.reason });
        return;
      }
      if (campaign.simulation.onFailure === 'alert') {
        setStatus('Failed', `${verification.reason}; simulation.onFailure is alert: left applied`);
        return;
      }
      const restore = updateFromLive(before);
      const rolledBack = await recordedPut(
        'rolled-back',
        restore,
        applied.version,
        { restoredFromVersion: before.version, reason: verification.reason, abandonRateUpper95: verification.result.abandonRateUpper95, settings: restore.predictiveDialerSettings },
        (accepted) => {
          // Rolled back to what was live before: a drift that the apply was healing is back, not healed.
          const drift = state.drift ? { ...state.drift, healedAt: undefined } : undefined;
          state = { ...state, drift, liveVersion: accepted.version, lastApplied: previous.lastApplied, lastAppliedRevision: previous.lastAppliedRevision, pausedFingerprint: fingerprint };
          setStatus('RolledBack', `${verification.reason}: rolled back to v${before.version}'s settings (now v${accepted.version})`);
        },
      );
      log.warn({ campaign: campaign.name, version: rolledBack.version }, 'apply rolled back');
      return;
    }
  };

  try {
    await steps();
  } catch (error) {
    failure = error;
    const message = error instanceof Error ? error.message : String(error);
    setStatus('Failed', message);
    if (isWaitingError(error) && error.retryAfterMs !== undefined) requeueAfterMs = error.retryAfterMs;
    log[isStalledError(error) ? 'error' : 'warn']({ campaign: campaign.name, error: message }, 'reconcile failed');
  } finally {
    state = withHistory({ ...state, lastReconcileAt: at() }, at());
    if (state.status !== previous.status) {
      const outcomes: Partial<Record<CampaignState['status'], string>> = { Blocked: 'blocked', Failed: 'failed', Drifted: 'drift-detected', Invalid: 'invalid' };
      const outcome = outcomes[state.status] ?? (previous.status === 'Drifted' && state.status === 'Synced' ? 'drift-resolved' : undefined);
      if (outcome) await record(outcome, { reason: state.reason, ...(state.drift ? { drift: state.drift } : {}) }).catch((error: unknown) => {
        log.error({ campaign: campaign.name, error: error instanceof Error ? error.message : String(error) }, 'audit record not written');
      });
    }
  }
  return { state, requeueAfterMs, error: failure };
}
