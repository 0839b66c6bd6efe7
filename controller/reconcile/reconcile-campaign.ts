/**
 * Reconciles one campaign and returns a decision; it never schedules itself (the work queue owns
 * retries and backoff). A straight list of named phases (docs/architecture.md, "The phases"):
 * observe (and settle open writes) → decide (pure) → gates (window, local simulation) → write
 * (journaled, conditional) → settle (verify, roll back, record). This outer function turns their
 * outcomes into the status, the audit records and the requeue decision, in one place; the status
 * is finished in a `finally`, so a failure mid-step still leaves a true record.
 */
import { ConflictError, isStalledError, isWaitingError } from '../domain/errors.js';
import { holdOf, type Decision } from '../domain/decide-campaign.js';
import { withHistory } from '../domain/campaign-state.js';
import { applyEffect, appliedState } from './applied-state.js';
import { isVerificationInterrupted } from './dialect.js';
import { decide, heldState, holdFor, observedState, withStatus } from './decide-phase.js';
import { runGates } from './gates-phase.js';
import { observe, observeFresh, type Observation } from './observe-phase.js';
import { recoverWrites } from './recover-writes.js';
import { createReconcileContext, type ReconcileContext } from './reconcile-context.js';
import type { PlanOf, ResourceTypes, StateOf } from './resource-model.js';
import type { ReconcileDeps, ReconcileInput, ReconcileOutcome, ResourceReconcileDeps, ResourceReconcileInput, ResourceReconcileOutcome } from './reconcile-types.js';
import { settle } from './settle-phase.js';
import { transitionRecord } from './transition-record.js';
import { tutorialResource } from './tutorial-model.js';
import { applyName } from './version-names.js';
import { conditionalWrite, isUnsettledWriteError, recordOverwritten } from './write-phase.js';
import { shareEqual } from '../lib/share-equal.js';

export type { AppliedEvent, AuditSink, ReconcileDeps, ReconcileInput, ReconcileOutcome, ResourceReconcileDeps, ResourceReconcileInput, ResourceReconcileOutcome } from './reconcile-types.js';
export type { AuditRecord } from '../domain/audit-record.js';
export { desiredFingerprint } from '../domain/decide-campaign.js';

/** The state a reconcile starts from: the previous one, renamed/relabelled as the file says now. */
function startState<T extends ResourceTypes>(ctx: ReconcileContext<T>, input: ResourceReconcileInput<T>): StateOf<T> {
  const { previous } = input;
  const { name, campaignId, path, labels, calibrated } = ctx.identity;
  return { ...previous, name, campaignId, path, labels, ...(calibrated ? { calibrated } : {}), desiredRevision: input.revision, hold: holdOf(previous) };
}

/** Where the reconcile stands; the outer function reads it whatever a phase threw. */
interface Track<T extends ResourceTypes> {
  state: StateOf<T>;
  requeueAfterMs?: number;
}

/** Observe: settle open writes first (a fresh read), then a sweep's reading, the last observation or a GET. */
async function observePhase<T extends ResourceTypes>(ctx: ReconcileContext<T>, input: ResourceReconcileInput<T>, track: Track<T>): Promise<Observation<T['live']>> {
  const recovered = await recoverWrites(ctx, track.state);
  track.state = recovered.state;
  if (recovered.observed) return { live: recovered.live, source: 'read' };
  if (track.state.verification) return observeFresh(ctx);
  return observe(ctx, track.state, input.observed);
}

/** A decision that writes nothing: held, in sync (adopting when first seen), reported, blocked by a rule. */
async function settleWithoutWrite<T extends ResourceTypes>(ctx: ReconcileContext<T>, track: Track<T>, decision: Decision<PlanOf<T>>, live: T['live'] | undefined): Promise<void> {
  if (decision.action === 'held') {
    track.state = heldState(track.state, decision.hold!);
    return;
  }
  if (decision.action !== 'none' || track.state.lastApplied !== undefined || live === undefined) return;
  // Adopt a campaign that already matches Git as applied from this revision, and say so on the audit
  // branch (its status then carries the applied state across restarts).
  const at = ctx.at();
  const version = ctx.dialect.versionOf(live);
  const lastApplied = { revision: ctx.revision, settings: shareEqual(ctx.model.liveSettings(live), track.state.live), weights: { ...ctx.model.weightsOf(ctx.campaign) }, at, version, via: 'adopted' as const };
  const reason = 'live already matched Git: taken as applied from this revision';
  track.state = withStatus({ ...track.state, lastApplied }, 'Synced', 'Adopted', reason);
  // Recorded: its status carries the applied state across restarts and to `plan`; a first sweep of
  // thousands is a few audit commits (docs/architecture.md, "Audit commits").
  await ctx.record(ctx.records.adopted({ version, settings: ctx.model.liveWrittenOf(live), reason }), track.state);
}

/** Gates, then the journaled conditional write and its record; `conflict` asks the caller to re-plan on `live`. */
async function writePhase<T extends ResourceTypes>(ctx: ReconcileContext<T>, input: ResourceReconcileInput<T>, track: Track<T>, decision: Decision<PlanOf<T>>, before: T['live']): Promise<{ conflict?: Observation<T['live']>; latencyMs?: number }> {
  const gate = await runGates(ctx, input.windows, before);
  if (!gate.pass) {
    if (gate.reason === 'WindowClosed') {
      track.state = withStatus(track.state, 'Blocked', 'WindowClosed', gate.message);
      track.requeueAfterMs = gate.requeueAfterMs;
    } else {
      track.state = heldState({ ...track.state, lastSimulation: gate.simulation }, holdFor(ctx.fingerprint, 'Blocked', 'GateFailed', gate.message, ctx.at()));
    }
    return {};
  }
  track.state = { ...track.state, lastSimulation: gate.simulation };
  const { plan } = decision;
  const heal = plan.action === 'heal';
  const fromVersion = ctx.dialect.versionOf(before);
  const update = plan.update as T['write'];
  const verification = {
    kind: ctx.dialect.capabilities.verificationKinds[0]!,
    applyId: '',
    revision: ctx.revision,
    fingerprint: ctx.fingerprint,
    fromVersion,
    restore: ctx.dialect.restoreOf(before),
    heal,
    previousAppliedRevision: track.state.lastApplied?.revision,
  };
  const record = ctx.records.applied({ kind: heal ? 'heal' : 'update', fromVersion, toVersion: fromVersion + 1, changes: plan.changes, settings: ctx.model.writtenOf(update), reason: plan.reason, gatePrediction: gate.simulation });
  verification.applyId = record.id;
  const started = ctx.now().getTime();
  const outcome = await conditionalWrite(ctx, { write: update, expected: before, record, effect: applyEffect(ctx, verification) });
  if (outcome.outcome === 'overwritten') {
    await recordOverwritten(ctx, outcome, track.state, 're-observing and re-planning');
    return { conflict: await observeFresh(ctx) };
  }
  if (outcome.outcome === 'conflict') {
    if (!ctx.dialect.capabilities.versionedWrites) {
      // A versioned API refused a stale write (nothing changed). Over a last-writer-wins API (the real
      // CXone) the race may have overwritten someone, or been overwritten: it goes on the audit branch.
      const reason = `the write conflicted: ${outcome.error instanceof Error ? outcome.error.message : String(outcome.error)}; re-observing and re-planning`;
      await ctx.record(ctx.records.condition('write-conflict', { reason, statusReason: 'Conflict' }), track.state);
    }
    return { conflict: { live: outcome.live, source: 'read' } };
  }
  track.state = { ...appliedState(ctx, track.state, { verification, weights: ctx.model.weightsOf(ctx.campaign), live: outcome.live, at: outcome.acceptedAt }), gatePrediction: gate.simulation };
  await ctx.record({ ...record, time: ctx.at(), toVersion: ctx.dialect.versionOf(outcome.live), ...(outcome.recovered ? { recovered: true } : {}) }, track.state);
  await ctx.deps.intents?.end(record.id);
  return { latencyMs: ctx.now().getTime() - started };
}

/** The desired settings changed while an apply waited for its verdict: the later apply supersedes it (I2). */
async function supersede<T extends ResourceTypes>(ctx: ReconcileContext<T>, track: Track<T>): Promise<void> {
  const pending = track.state.verification!;
  track.state = { ...track.state, verification: undefined };
  const reason = `the desired settings changed before ${applyName(ctx.dialect.capabilities, pending.appliedVersion)} was verified: superseded by the new desired state`;
  await ctx.record(ctx.records.verdict('verification-superseded', { version: pending.appliedVersion, verification: pending.kind, reason }), track.state);
}

async function phases<T extends ResourceTypes>(ctx: ReconcileContext<T>, input: ResourceReconcileInput<T>, track: Track<T>): Promise<void> {
  let observation = await observePhase(ctx, input, track);
  for (let attempt = 0; ; attempt += 1) {
    const decision = decide(ctx, track.state, observation.live);
    if (observation.source === 'cache' && decision.action !== 'update' && decision.action !== 'heal') {
      // Only a write may rest on the last observation (it is bound to its version); anything else is read now.
      observation = await observeFresh(ctx);
      attempt -= 1;
      continue;
    }
    track.state = observedState(ctx, track.state, decision, observation.live);
    if (observation.source !== 'read' && decision.action === 'heal') {
      // Drift is confirmed by a read of its own (a second observation) before it is healed.
      observation = await observeFresh(ctx);
      attempt -= 1;
      continue;
    }
    if (decision.supersedes && track.state.verification) await supersede(ctx, track);
    if (decision.action === 'verify') {
      const settled = await settle(ctx, track.state, observation.live as T['live']);
      track.state = settled.state;
      track.requeueAfterMs = settled.requeueAfterMs;
      if (!settled.superseded) return;
      continue;
    }
    if (decision.action !== 'update' && decision.action !== 'heal') return settleWithoutWrite(ctx, track, decision, observation.live);
    const written = await writePhase(ctx, input, track, decision, observation.live as T['live']);
    if (written.conflict) {
      if (attempt >= (ctx.deps.maxConflictRetries ?? 3)) throw new ConflictError(`${ctx.identity.name} kept changing under the controller (${attempt + 1} conflicts): retried later`);
      ctx.log.info({ campaign: ctx.identity.name, attempt: attempt + 1 }, 'campaign changed under us: re-observing and re-planning');
      observation = written.conflict;
      continue;
    }
    if (!track.state.verification) return;
    const settled = await settle(ctx, track.state, track.state.lastObserved!.campaign, written.latencyMs);
    track.state = settled.state;
    track.requeueAfterMs = settled.requeueAfterMs;
    return;
  }
}

/** A failure keeps what the status must not lose: a hold (I4) or an apply waiting for its verdict (I2). */
function failedState<T extends ResourceTypes>(ctx: ReconcileContext<T>, state: StateOf<T>, error: unknown): StateOf<T> {
  const message = error instanceof Error ? error.message : String(error);
  if (isVerificationInterrupted(error) || (state.verification && state.verification.fingerprint === ctx.fingerprint)) {
    return withStatus(state, 'Verifying', 'Verifying', `an accepted apply waits for its verification (${message})`);
  }
  if (state.hold && state.hold.fingerprint === ctx.fingerprint) return withStatus(state, state.hold.status, state.hold.reason, `${state.hold.message} (last reconcile failed: ${message})`);
  const reason = isUnsettledWriteError(error) ? 'WriteUnsettled' : error instanceof ConflictError ? 'Conflict' : 'ReconcileError';
  return withStatus(state, 'Failed', reason, message);
}

/** Reconciles one object of any dialect (the phases above, generic over its types). */
export async function reconcileResource<T extends ResourceTypes>(deps: ResourceReconcileDeps<T>, input: ResourceReconcileInput<T>): Promise<ResourceReconcileOutcome<T>> {
  const ctx = createReconcileContext(deps, input);
  const track: Track<T> = { state: startState(ctx, input) };
  let failure: unknown;
  try {
    await phases(ctx, input, track);
  } catch (error) {
    failure = isVerificationInterrupted(error) ? undefined : error;
    track.state = failedState(ctx, track.state, error);
    if (isWaitingError(error) && error.retryAfterMs !== undefined) track.requeueAfterMs = error.retryAfterMs;
    ctx.log[isStalledError(error) ? 'error' : 'warn']({ campaign: ctx.identity.name, err: error }, 'reconcile failed');
  } finally {
    track.state = withHistory({ ...track.state, lastReconcileAt: ctx.at() }, ctx.at());
    const record = transitionRecord(ctx, input.previous, track.state);
    if (record) {
      await ctx.record(record, track.state).catch((error: unknown) => ctx.log.error({ campaign: ctx.identity.name, err: error }, 'audit record not written'));
    }
  }
  return { state: track.state, requeueAfterMs: track.requeueAfterMs, error: failure };
}

/** Reconciles one tutorial campaign: the tutorial dialect and the remote simulation over `deps.cxone` unless given. */
export function reconcileCampaign(deps: ReconcileDeps, input: ReconcileInput): Promise<ReconcileOutcome> {
  const { cxone, dialect, verifiers, verification, ...rest } = deps;
  const resource = tutorialResource(cxone, { dialect, verifiers, verification: { ...verification, now: () => deps.now().getTime() } });
  return reconcileResource({ ...rest, resource }, input);
}
