/**
 * The decide phase (pure): the one decision (domain/decide-campaign.ts) and the status it gives —
 * the observation recorded (I6: desired, live and the pending diff recomputed every time), drift
 * counted, a hold kept or released (I4). No I/O, no clock: time comes in as `at`.
 */
import type { CampaignSpec } from '../domain/campaign-spec.js';
import type { CampaignState, DriftField, Hold } from '../domain/campaign-state.js';
import type { CampaignStatusName } from '../domain/campaign-status.js';
import { decideCampaign, holdOf, type Decision } from '../domain/decide-campaign.js';
import { desiredSettings, liveSettings } from '../domain/dialer-settings.js';
import type { LiveCampaign } from '../domain/live-campaign.js';
import type { StatusReason } from '../domain/status-reason.js';

export function withStatus(state: CampaignState, status: CampaignStatusName, statusReason: StatusReason, message: string): CampaignState {
  return { ...state, status, statusReason, reason: message };
}

/** The decision for `campaign` against `live`, from the campaign's own history. */
export function decide(campaign: CampaignSpec, state: CampaignState, live: LiveCampaign | undefined, actor: string): Decision {
  return decideCampaign({
    desired: campaign,
    live,
    actor,
    history: { lastApplied: state.lastApplied, hold: holdOf(state), verifying: state.verification?.fingerprint },
  });
}

function driftFields(decision: Decision): DriftField[] {
  const { plan } = decision;
  return plan.drift.length > 0
    ? plan.drift.map((change) => ({ field: change.field, git: change.before, live: change.after }))
    : plan.changes.map((change) => ({ field: change.field, git: change.after, live: change.before }));
}

/** The state after observing `live` and deciding: what the status API shows from now on. */
export function observedState(state: CampaignState, campaign: CampaignSpec, decision: Decision, live: LiveCampaign | undefined, at: string, revision: string): CampaignState {
  const { plan } = decision;
  let next: CampaignState = {
    ...state,
    liveVersion: live?.version,
    pendingChanges: plan.changes,
    lastAttemptedRevision: revision,
    desired: desiredSettings(campaign),
    live: live ? liveSettings(live) : undefined,
    lastObserved: live ? { at, campaign: live } : state.lastObserved,
    hold: decision.hold,
    pausedFingerprint: undefined,
  };
  if (plan.drifted && plan.action !== 'suspended') {
    // Consecutive observations of drift: drift incidents open after a threshold of them.
    const since = state.drift?.healedAt === undefined ? (state.drift?.since ?? at) : at;
    next = { ...next, drift: { fields: driftFields(decision), since, modifiedBy: live?.modifiedBy, dateModified: live?.dateModified }, driftObservations: state.driftObservations + 1 };
  } else if (plan.action !== 'suspended') {
    next = { ...next, drift: undefined, driftObservations: 0 };
  }
  if (decision.action === 'none' && next.lastSimulation && next.lastSimulation.fingerprint !== undefined && next.lastSimulation.fingerprint !== JSON.stringify(desiredSettings(campaign))) {
    // A simulation of other desired settings (a rejected proposal) says nothing about a Synced campaign.
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
export function heldState(state: CampaignState, hold: Hold): CampaignState {
  return withStatus({ ...state, hold }, hold.status, hold.reason, hold.message);
}
