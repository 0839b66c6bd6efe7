/**
 * Rolling back an apply whose verification failed: a conditional write of the settings live before
 * it, bound to the version the apply produced. Whatever happens the campaign ends held (I4):
 * RolledBack when the rollback was written, Failed (`RollbackFailed`) when it was refused, conflicted
 * or could not be settled — the bad settings may be live and a person must look.
 */
import type { PendingVerification } from '../domain/campaign-state.js';
import { heldState, holdFor } from './decide-phase.js';
import type { RolledBackRecord } from './audit-records.js';
import type { ReconcileContext } from './reconcile-context.js';
import type { ResourceTypes, StateOf } from './resource-model.js';
import { settingsBefore, whenNamed } from './version-names.js';
import { conditionalWrite, isUnsettledWriteError, recordOverwritten } from './write-phase.js';
import { messageOf } from '../lib/error-message.js';

async function rollbackFailed<T extends ResourceTypes>(ctx: ReconcileContext<T>, state: StateOf<T>, pending: PendingVerification<T['write']>, why: string, problem: string): Promise<StateOf<T>> {
  const message = `${why}; the rollback to ${settingsBefore(ctx.dialect.capabilities, pending.fromVersion)} failed (${problem}): the verified-bad settings may be live — roll back by hand or fix Git`;
  const next = heldState(state, { ...holdFor(ctx.fingerprint, 'Failed', 'RollbackFailed', message, ctx.at()), verification: pending });
  await ctx.record(ctx.records.verdict('rollback-failed', { version: pending.appliedVersion, verification: pending.kind, reason: message }), next);
  ctx.log.error({ campaign: ctx.identity.name, version: pending.appliedVersion }, 'rollback failed: the campaign needs a person');
  return next;
}

/** The state after an accepted rollback (also used when a rollback's lost answer is recovered). */
export function rolledBackState<T extends ResourceTypes>(ctx: ReconcileContext<T>, state: StateOf<T>, live: T['live'], revision: string | undefined, message: string): StateOf<T> {
  const at = ctx.at();
  const settings = ctx.model.liveSettings(live);
  const version = ctx.dialect.versionOf(live);
  // Rolled back to what was live before: a drift that the apply was healing is back, not healed.
  const drift = state.drift ? { ...state.drift, healedAt: undefined } : undefined;
  const next: StateOf<T> = {
    ...state,
    drift,
    liveVersion: version,
    live: settings,
    lastObserved: { at, campaign: live },
    pendingChanges: ctx.model.diffSettings(settings, ctx.model.desiredSettings(ctx.campaign)),
    lastApplied: { revision: revision ?? ctx.revision, settings, weights: { ...ctx.model.writtenWeightsOf(ctx.model.liveWrittenOf(live)) }, at, version, via: 'rolled-back' },
    lastAppliedRevision: revision,
    verification: undefined,
  };
  return heldState(next, holdFor(ctx.fingerprint, 'RolledBack', 'RolledBack', message, at));
}

/** What the rolled-back record carries of the failed verification. */
export type RollbackEvidence = Pick<RolledBackRecord, 'abandonRateUpper95' | 'analysis'>;

export async function rollBack<T extends ResourceTypes>(ctx: ReconcileContext<T>, state: StateOf<T>, pending: PendingVerification<T['write']>, applied: T['live'], why: string, evidence: RollbackEvidence = {}): Promise<StateOf<T>> {
  const restore = pending.restore;
  const version = pending.appliedVersion;
  const written = ctx.model.writtenOf(restore);
  const record = ctx.records.rolledBack({ fromVersion: version, toVersion: version + 1, restoredFromVersion: pending.fromVersion, reason: why, ...evidence, settings: written });
  const revision = pending.previousAppliedRevision;
  const names = ctx.dialect.capabilities;
  const planned = `${why}: rolled back to ${settingsBefore(names, pending.fromVersion)}`;
  const hold = holdFor(ctx.fingerprint, 'RolledBack', 'RolledBack', planned, ctx.at());
  const effect = { kind: 'rollback' as const, hold, revision, weights: { ...ctx.model.writtenWeightsOf(written) } };
  let outcome;
  try {
    outcome = await conditionalWrite(ctx, { write: restore, expected: applied, record, effect });
  } catch (error) {
    return rollbackFailed(ctx, state, pending, why, isUnsettledWriteError(error) ? `its answer was lost and could not be settled yet: ${messageOf(error)}` : messageOf(error));
  }
  if (outcome.outcome === 'overwritten') {
    await recordOverwritten(ctx, outcome, state, 'the rollback failed: the campaign is held for a person');
    return rollbackFailed(ctx, state, pending, why, `CXone accepted its PUT before the conflict: ${messageOf(outcome.error)}`);
  }
  if (outcome.outcome === 'conflict') return rollbackFailed(ctx, state, pending, why, `the campaign changed since the apply${whenNamed(names, () => ` (now v${outcome.live === undefined ? '?' : ctx.dialect.versionOf(outcome.live)})`)}`);
  const now = ctx.dialect.versionOf(outcome.live);
  const message = `${planned}${whenNamed(names, () => ` (now v${now})`)}`;
  const next = rolledBackState(ctx, state, outcome.live, revision, message);
  await ctx.record({ ...record, time: ctx.at(), toVersion: now, ...(outcome.recovered ? { recovered: true } : {}) }, next);
  await ctx.deps.intents?.end(record.id);
  ctx.log.warn({ campaign: ctx.identity.name, version: now }, 'apply rolled back');
  return next;
}
