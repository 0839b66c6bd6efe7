/**
 * Rolling back an apply whose verification failed: a conditional write of the settings live before
 * it, bound to the version the apply produced. Whatever happens the campaign ends held (I4):
 * RolledBack when the rollback was written, Failed (`RollbackFailed`) when it was refused, conflicted
 * or could not be settled — the bad settings may be live and a person must look.
 */
import type { CampaignState, PendingVerification } from '../domain/campaign-state.js';
import { desiredSettings, liveSettings } from '../domain/dialer-settings.js';
import { diffSettings } from '../domain/diff-settings.js';
import type { LiveCampaign } from '../domain/live-campaign.js';
import { heldState, holdFor } from './decide-phase.js';
import type { RolledBackRecord } from './audit-records.js';
import type { ReconcileContext } from './reconcile-context.js';
import { conditionalWrite, isUnsettledWriteError } from './write-phase.js';

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

async function rollbackFailed(ctx: ReconcileContext, state: CampaignState, pending: PendingVerification, why: string, problem: string): Promise<CampaignState> {
  const message = `${why}; the rollback to v${pending.fromVersion}'s settings failed (${problem}): the verified-bad settings may be live — roll back by hand or fix Git`;
  const next = heldState(state, holdFor(ctx.fingerprint, 'Failed', 'RollbackFailed', message, ctx.at()));
  await ctx.record(ctx.records.verdict('rollback-failed', { version: pending.appliedVersion, verification: pending.kind, reason: message }), next);
  ctx.log.error({ campaign: ctx.campaign.name, version: pending.appliedVersion }, 'rollback failed: the campaign needs a person');
  return next;
}

/** The state after an accepted rollback (also used when a rollback's lost answer is recovered). */
export function rolledBackState(ctx: ReconcileContext, state: CampaignState, live: LiveCampaign, revision: string | undefined, message: string): CampaignState {
  const at = ctx.at();
  const settings = liveSettings(live);
  // Rolled back to what was live before: a drift that the apply was healing is back, not healed.
  const drift = state.drift ? { ...state.drift, healedAt: undefined } : undefined;
  const next: CampaignState = {
    ...state,
    drift,
    liveVersion: live.version,
    live: settings,
    lastObserved: { at, campaign: live },
    pendingChanges: diffSettings(settings, desiredSettings(ctx.campaign)),
    lastApplied: { revision: revision ?? ctx.revision, settings, weights: { ...live.predictiveDialerSettings.parameterWeights }, at, version: live.version, via: 'rolled-back' },
    lastAppliedRevision: revision,
    verification: undefined,
  };
  return heldState(next, holdFor(ctx.fingerprint, 'RolledBack', 'RolledBack', message, at));
}

/** What the rolled-back record carries of the failed verification. */
export type RollbackEvidence = Pick<RolledBackRecord, 'abandonRateUpper95' | 'analysis'>;

export async function rollBack(ctx: ReconcileContext, state: CampaignState, pending: PendingVerification, applied: LiveCampaign, why: string, evidence: RollbackEvidence = {}): Promise<CampaignState> {
  const restore = pending.restore;
  const version = pending.appliedVersion;
  const record = ctx.records.rolledBack({ fromVersion: version, toVersion: version + 1, restoredFromVersion: pending.fromVersion, reason: why, ...evidence, settings: restore.predictiveDialerSettings });
  const revision = pending.previousAppliedRevision;
  const planned = `${why}: rolled back to v${pending.fromVersion}'s settings`;
  const hold = holdFor(ctx.fingerprint, 'RolledBack', 'RolledBack', planned, ctx.at());
  const effect = { kind: 'rollback' as const, hold, revision, weights: { ...restore.predictiveDialerSettings.parameterWeights } };
  let outcome;
  try {
    outcome = await conditionalWrite(ctx, { write: restore, expected: applied, record, effect });
  } catch (error) {
    return rollbackFailed(ctx, state, pending, why, isUnsettledWriteError(error) ? `its answer was lost and could not be settled yet: ${messageOf(error)}` : messageOf(error));
  }
  if (outcome.outcome === 'conflict') return rollbackFailed(ctx, state, pending, why, `the campaign changed since the apply (now v${outcome.live?.version ?? '?'})`);
  const message = `${planned} (now v${outcome.live.version})`;
  const next = rolledBackState(ctx, state, outcome.live, revision, message);
  await ctx.record({ ...record, time: ctx.at(), toVersion: outcome.live.version, ...(outcome.recovered ? { recovered: true } : {}) }, next);
  await ctx.deps.intents?.end(record.id);
  ctx.log.warn({ campaign: ctx.campaign.name, version: outcome.live.version }, 'apply rolled back');
  return next;
}
