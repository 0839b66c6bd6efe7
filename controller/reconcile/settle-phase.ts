/**
 * The settle phase (I2, I4 in docs/architecture.md): an accepted apply is judged by its
 * verification kind (the settle hook: the remote simulation, a live analysis) and ends verified,
 * rolled back (with a conditional write of the settings before it), paused, failed with the
 * rollback refused — or, for a kind still watching, stays Verifying with its progress journaled.
 * Every "needs a human" outcome is a hold on the desired settings, kept in the status.
 */
import { analysisEvidenceOf } from '../domain/analysis-status.js';
import type { PendingVerification, SimulationSnapshot } from '../domain/campaign-state.js';
import type { VerificationVerdict } from './dialect.js';
import { heldState, holdFor, withStatus } from './decide-phase.js';
import type { ReconcileContext } from './reconcile-context.js';
import type { ResourceTypes, StateOf } from './resource-model.js';
import { rollBack } from './roll-back.js';
import { applyName, versionChange, whenNamed } from './version-names.js';

export interface SettleResult<T extends ResourceTypes> {
  state: StateOf<T>;
  requeueAfterMs?: number;
  /** The object changed since the apply (not by us): the verification no longer applies. */
  superseded?: boolean;
}

type Final = Exclude<VerificationVerdict, { verdict: 'watching' }>;

function snapshotOf(ctx: ReconcileContext<ResourceTypes>, verdict: Final): SimulationSnapshot | undefined {
  const evidence = verdict.evidence;
  if (!evidence) return undefined;
  return {
    source: evidence.source,
    at: ctx.at(),
    fingerprint: ctx.fingerprint,
    abandonRateUpper95: evidence.abandonRateUpper95,
    abandonRate: evidence.abandonRate,
    occupancy: evidence.occupancy ?? 0,
    answerRate: evidence.answerRate ?? 0,
    predictionAccuracyRate: evidence.predictionAccuracyRate,
    limit: evidence.limit,
    pass: verdict.verdict === 'pass',
  };
}

async function runVerification<T extends ResourceTypes>(ctx: ReconcileContext<T>, state: StateOf<T>, pending: PendingVerification<T['write']>, applied: T['live']): Promise<{ verdict: VerificationVerdict; state: StateOf<T> }> {
  const verifier = ctx.verifiers.get(pending.kind);
  if (!verifier) return { verdict: { verdict: 'inconclusive', message: `no verification kind ${pending.kind} is configured` }, state };
  let current = state;
  const verdict = await verifier.run({
    desired: ctx.campaign,
    applied,
    appliedAt: pending.appliedAt,
    progress: pending.progress,
    now: ctx.now,
    signal: ctx.signal,
    save: async (progress) => {
      current = { ...current, verification: { ...pending, progress } };
      const record = ctx.records.verdict('verification-started', { version: pending.appliedVersion, verification: pending.kind, reason: `verification ${pending.kind} started` });
      await ctx.record(record, current);
    },
  });
  return { verdict, state: current };
}

function emitApplied<T extends ResourceTypes>(ctx: ReconcileContext<T>, pending: PendingVerification<T['write']>, verdict: Final, latencyMs: number): void {
  ctx.deps.onApplied?.({
    campaign: ctx.identity.name,
    campaignId: ctx.identity.campaignId,
    desiredRevision: pending.revision,
    version: pending.appliedVersion,
    weights: ctx.model.weightsOf(ctx.campaign),
    verification: verdict.verdict,
    predictionAccuracyRate: verdict.evidence?.predictionAccuracyRate,
    configurationLatencyMs: latencyMs,
  });
}

/** Settles the pending apply of `state` against `applied` (the object as the write left it, or as observed since). */
export async function settle<T extends ResourceTypes>(ctx: ReconcileContext<T>, state: StateOf<T>, applied: T['live'], latencyMs = 0): Promise<SettleResult<T>> {
  const pending = state.verification!;
  const version = pending.appliedVersion;
  if (ctx.dialect.versionOf(applied) !== version) {
    const names = ctx.dialect.capabilities;
    const versions = whenNamed(names, () => ` (v${version}, now v${ctx.dialect.versionOf(applied)})`);
    const reason = `${ctx.identity.name} changed since the apply${versions}: the verification of ${applyName(names, version)} no longer applies`;
    const next = { ...state, verification: undefined };
    await ctx.record(ctx.records.verdict('verification-superseded', { version, verification: pending.kind, reason }), next);
    return { state: next, superseded: true };
  }
  const run = await runVerification(ctx, state, pending, applied);
  const { verdict } = run;
  if (verdict.verdict === 'watching') {
    const watching = verdict.analysis ? { ...run.state, analysis: verdict.analysis } : run.state;
    return { state: withStatus(watching, 'Verifying', 'Verifying', verdict.message), requeueAfterMs: verdict.checkAgainAfterMs };
  }
  emitApplied(ctx, pending, verdict, latencyMs);
  const snapshot = snapshotOf(ctx, verdict);
  const analysis = verdict.evidence?.analysis;
  const base: StateOf<T> = { ...run.state, verification: undefined, ...(snapshot ? { lastSimulation: snapshot } : {}), ...(analysis ? { analysis } : {}) };
  const evidence = { abandonRateUpper95: verdict.evidence?.abandonRateUpper95, ...(analysis ? { analysis: analysisEvidenceOf(analysis) } : {}) };
  if (verdict.verdict === 'pass') {
    const message = `${pending.heal ? 'healed drift' : 'applied'}${versionChange(ctx.dialect.capabilities, pending.fromVersion, version)}; ${verdict.message}`;
    const healed = pending.heal && base.drift?.healedAt ? { lastHealedDrift: { ...base.drift, healedAt: base.drift.healedAt } } : {};
    const next = withStatus({ ...base, ...healed, hold: undefined }, 'Synced', pending.heal ? 'Healed' : 'Applied', message);
    await ctx.record(ctx.records.verified({ version, verification: pending.kind, reason: verdict.message, ...evidence, predictionAccuracyRate: verdict.evidence?.predictionAccuracyRate }), next);
    return { state: next };
  }
  if (verdict.verdict === 'inconclusive') {
    const next = heldState(base, { ...holdFor(ctx.fingerprint, 'Paused', 'VerificationInconclusive', `${verdict.message}: no further applies until the desired state changes or a person resumes it`, ctx.at()), verification: pending });
    await ctx.record(ctx.records.verdict('paused', { version, verification: pending.kind, reason: verdict.message, ...evidence }), next);
    return { state: next };
  }
  if (ctx.model.onFailure(ctx.campaign) === 'alert') {
    const next = heldState(base, { ...holdFor(ctx.fingerprint, 'Failed', 'VerificationFailed', `${verdict.message}; simulation.onFailure is alert: left applied, waiting for a person`, ctx.at()), verification: pending });
    await ctx.record(ctx.records.verdict('verification-failed', { version, verification: pending.kind, reason: verdict.message, ...evidence }), next);
    return { state: next };
  }
  return { state: await rollBack(ctx, base, pending, applied, verdict.message, evidence) };
}
