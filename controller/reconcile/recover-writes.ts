/**
 * Settles the writes of this campaign whose fate was left open (I1, I2 in docs/architecture.md): a
 * process killed between the write and its record, an answer lost with the re-read failing too, a
 * journal write that failed after CXone accepted. Reads the campaign fresh; an applied write gets
 * its record (the same id, so never twice) and an apply goes on to its verification; a write that
 * did not happen is dropped; one that cannot be told apart is recorded `uncertain`. When the
 * campaign cannot be read the intents stay and the reconcile fails as WriteUnsettled (retried).
 */
import { acceptedTimeOf, pendingIntentsOf, unprovenMark, type ApplyIntent } from './apply-intents.js';
import { appliedState } from './applied-state.js';
import type { ReconcileContext } from './reconcile-context.js';
import type { ReconcileRecord } from './audit-records.js';
import type { ResourceTypes, StateOf } from './resource-model.js';
import { rolledBackState } from './roll-back.js';
import { whenNamed } from './version-names.js';
import { assertOwnsIntents, unsettled } from './write-phase.js';

type Intent<T extends ResourceTypes> = ApplyIntent<T['written'], T['write']>;

function recoveredState<T extends ResourceTypes>(ctx: ReconcileContext<T>, state: StateOf<T>, intent: Intent<T>, live: T['live']): StateOf<T> {
  const effect = intent.effect;
  const version = ctx.dialect.versionOf(live);
  // Dated when CXone accepted it, not now: a live analysis counts the traffic since the write, and
  // the seconds between the write and this recovery are not its baseline (README "High availability").
  const at = acceptedTimeOf(intent) ?? ctx.at();
  if (effect?.kind === 'apply') {
    // The intent's record is the `applied` record written before the write: it carries the gate's prediction.
    const gate = (intent.record as { gatePrediction?: StateOf<T>['gatePrediction'] }).gatePrediction;
    return { ...appliedState(ctx, state, { verification: effect.verification, weights: effect.weights, live, at, observedAt: ctx.at() }), ...(gate ? { gatePrediction: gate } : {}) };
  }
  if (effect?.kind === 'rollback') return rolledBackState(ctx, state, live, effect.revision, `${effect.hold.message} (${whenNamed(ctx.dialect.capabilities, () => `now v${version}; `)}its answer was lost, recovered)`);
  return { ...state, liveVersion: version, live: ctx.model.liveSettings(live) };
}

async function settleIntent<T extends ResourceTypes>(ctx: ReconcileContext<T>, state: StateOf<T>, intent: Intent<T>, live: T['live'] | undefined): Promise<StateOf<T>> {
  const { dialect, deps } = ctx;
  const write = ctx.model.writeOf(intent.settings, intent.campaignId);
  const judged = dialect.judgeIntent({ objectId: intent.campaignId, fromVersion: intent.fromVersion, write }, live, deps.actor);
  if (judged === 'no' || live === undefined) {
    await deps.intents?.end(intent.id);
    return state;
  }
  const version = dialect.versionOf(live);
  const { name } = ctx.identity;
  const acceptedAt = acceptedTimeOf(intent);
  const record = { ...intent.record, time: ctx.at(), recovered: true, ...(acceptedAt ? { acceptedAt } : {}) } as ReconcileRecord<T['written']>;
  if (judged === 'unknown') {
    const reason = `the controller lost track of this write and the campaign has changed since${whenNamed(dialect.capabilities, () => ` (now v${version})`)}: it may or may not have been applied`;
    ctx.log.warn({ campaign: name, version }, 'a write may have been applied: recorded as uncertain');
    await ctx.record({ ...record, uncertain: true, reason } as ReconcileRecord<T['written']>, state);
    await deps.intents?.end(intent.id);
    return state;
  }
  ctx.log.warn({ campaign: name, version }, 'recording a write CXone accepted whose record was not written');
  const next = recoveredState(ctx, state, intent, live);
  await ctx.record({ ...record, toVersion: version, ...unprovenMark(intent, dialect.capabilities.versionedWrites) } as ReconcileRecord<T['written']>, next);
  await deps.intents?.end(intent.id);
  return next;
}

/** Settles every open write of the campaign; returns the state and the fresh observation (when one was needed). */
export async function recoverWrites<T extends ResourceTypes>(ctx: ReconcileContext<T>, state: StateOf<T>): Promise<{ state: StateOf<T>; live?: T['live'] | undefined; observed: boolean }> {
  const intents = pendingIntentsOf<T['written'], T['write']>(ctx.deps.intents, ctx.dialect.idOf(ctx.campaign));
  if (intents.length === 0) return { state, observed: false };
  let live: T['live'] | undefined;
  try {
    live = await ctx.dialect.observe(ctx.dialect.idOf(ctx.campaign), { priority: 'apply', signal: ctx.signal });
  } catch (error) {
    throw unsettled(`cannot read ${ctx.identity.name} to settle its open write`, error);
  }
  let next = state;
  for (const intent of intents) {
    assertOwnsIntents(ctx, `${ctx.identity.name} has an open write`);
    next = await settleIntent(ctx, next, intent, live);
  }
  return { state: next, live, observed: true };
}
