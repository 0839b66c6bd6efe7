/**
 * The decide phase (pure): the one decision (the dialect's model: domain/decide-campaign.ts for a
 * campaign) and the status it gives — the observation recorded (I6: desired, live and the pending
 * diff recomputed every time), drift counted, a hold kept or released (I4). No I/O, no clock:
 * time comes in as `at`.
 */
import type { CampaignState, DriftField, Hold } from '../domain/campaign-state.js';
import type { CampaignStatusName } from '../domain/campaign-status.js';
import type { Decision } from '../domain/decide-campaign.js';
import type { StatusReason } from '../domain/status-reason.js';
import type { ReconcileContext } from './reconcile-context.js';
import type { PlanOf, ResourceTypes, StateOf } from './resource-model.js';
import { shareEqual } from '../lib/share-equal.js';

export function withStatus<St extends CampaignState<unknown, unknown, unknown>>(state: St, status: CampaignStatusName, statusReason: StatusReason, message: string): St {
  return { ...state, status, statusReason, reason: message };
}

/** The decision for the context's object against `live`, from its own history. */
export function decide<T extends ResourceTypes>(ctx: ReconcileContext<T>, state: StateOf<T>, live: T['live'] | undefined): Decision<PlanOf<T>> {
  return ctx.model.decide(ctx.campaign, state, live, ctx.deps.actor);
}

function driftFields(decision: Decision<PlanOf<ResourceTypes>>): DriftField[] {
  const { plan } = decision;
  return plan.drift.length > 0
    ? plan.drift.map((change) => ({ field: change.field, git: change.before, live: change.after }))
    : plan.changes.map((change) => ({ field: change.field, git: change.after, live: change.before }));
}

/** The state after observing `live` and deciding: what the status API shows from now on. */
export function observedState<T extends ResourceTypes>(ctx: ReconcileContext<T>, state: StateOf<T>, decision: Decision<PlanOf<T>>, live: T['live'] | undefined): StateOf<T> {
  const { plan } = decision;
  const at = ctx.at();
  const modified = live === undefined ? {} : ctx.model.modifiedOf(live);
  const desired = shareEqual(ctx.model.desiredSettings(ctx.campaign), state.desired, state.lastApplied?.settings);
  let next: StateOf<T> = {
    ...state,
    liveVersion: live === undefined ? undefined : ctx.dialect.versionOf(live),
    pendingChanges: plan.changes,
    lastAttemptedRevision: ctx.revision,
    desired,
    live: live === undefined ? undefined : shareEqual(ctx.model.liveSettings(live), desired, state.live),
    lastObserved: live === undefined ? state.lastObserved : { at, campaign: live },
    hold: decision.hold,
    lastDecision: decision.action,
    pausedFingerprint: undefined,
  };
  if (plan.drifted && plan.action !== 'suspended') {
    // Consecutive observations of drift: drift incidents open after a threshold of them.
    const since = state.drift?.healedAt === undefined ? (state.drift?.since ?? at) : at;
    next = { ...next, drift: { fields: driftFields(decision), since, modifiedBy: modified.by, dateModified: modified.at }, driftObservations: state.driftObservations + 1 };
  } else if (plan.action !== 'suspended') {
    next = { ...next, drift: undefined, driftObservations: 0 };
  }
  if (decision.action === 'none' && next.lastSimulation && next.lastSimulation.fingerprint !== undefined && next.lastSimulation.fingerprint !== ctx.fingerprint) {
    // A simulation of other desired settings (a rejected proposal) says nothing about a Synced object.
    next = { ...next, lastSimulation: undefined };
  }
  if (decision.action === 'none' && next.lastSimulation && next.lastSimulation.fingerprint === undefined && !next.lastSimulation.pass) {
    next = { ...next, lastSimulation: undefined };
  }
  return withStatus(next, decision.status, decision.statusReason, decision.message);
}

/** A hold on the current desired settings (I4). */
export function holdFor(fingerprint: string, status: Hold['status'], reason: Hold['reason'], message: string, at: string): Hold {
  return { status, reason, message, fingerprint, since: at };
}

/** Held: the status the hold names, nothing written. */
export function heldState<St extends CampaignState<unknown, unknown, unknown>>(state: St, hold: Hold): St {
  return withStatus({ ...state, hold }, hold.status, hold.reason, hold.message);
}
