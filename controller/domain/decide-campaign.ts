/**
 * The one decision (I5 in docs/architecture.md): from the desired file, the live campaign and the
 * campaign's history (last applied, "needs a human" hold, an apply waiting for its verdict) it says
 * what the controller does next and which status that gives. Pure. `plan` and the controller both
 * call it, so on the same inputs they name the same action.
 */
import type { CampaignSpec } from './campaign-spec.js';
import type { Hold } from './campaign-state.js';
import type { CampaignStatusName } from './campaign-status.js';
import { desiredSettings } from './dialer-settings.js';
import type { FieldChange } from './diff-settings.js';
import type { CampaignUpdate, LiveCampaign } from './live-campaign.js';
import { planCampaign, type AppliedState, type CampaignPlan, type PlanAction } from './plan-campaign.js';
import type { StatusReason } from './status-reason.js';

/** What the controller does: a plan action, including `held` (needs a human) and `verify` (an apply waits for its verdict). */
export type DecidedAction = PlanAction;

/** The history a decision needs, as a campaign's status document holds it. */
export interface DecisionHistory {
  lastApplied?: AppliedState;
  hold?: Hold;
  /** The fingerprint of the desired settings whose apply waits for its verdict. */
  verifying?: string;
}

export interface DecideInput {
  desired: CampaignSpec;
  live?: LiveCampaign;
  history: DecisionHistory;
  /** How CXone names this controller's client in `modifiedBy`. */
  actor?: string;
}

/** What the reconcile phases read of a plan, whatever the dialect (a CampaignPlan is one). */
export interface PlanOutline<W = CampaignUpdate> {
  action: PlanAction;
  status: CampaignStatusName;
  reason: string;
  /** Live → desired, field by field. */
  changes: FieldChange[];
  /** Last applied → live: what was changed outside Git. */
  drift: FieldChange[];
  drifted: boolean;
  /** The write an apply sends (for update and heal). */
  update?: W;
}

export interface Decision<P extends PlanOutline<unknown> = CampaignPlan> {
  action: DecidedAction;
  status: CampaignStatusName;
  statusReason: StatusReason;
  message: string;
  plan: P;
  /** The hold that still applies (undefined: none, or released because the desired settings changed). */
  hold?: Hold;
  /** A pending verification of other desired settings is superseded by this decision. */
  supersedes: boolean;
}

/** A fingerprint of the desired settings: a hold is released and a verification superseded when it changes. */
export function desiredFingerprint(campaign: CampaignSpec): string {
  return JSON.stringify(desiredSettings(campaign));
}

export const PLAN_REASONS: Record<PlanAction, StatusReason> = {
  none: 'InSync',
  update: 'GitChanged',
  heal: 'DriftDetected',
  observe: 'ObserveOnly',
  suspended: 'SyncSuspended',
  blocked: 'InsignificantChange',
  'not-found': 'NotFound',
  held: 'Pending',
  verify: 'Verifying',
};

export function decideCampaign({ desired, live, history, actor }: DecideInput): Decision {
  const plan = planCampaign({ desired, live, lastApplied: history.lastApplied, actor });
  return decideOnPlan(plan, desiredFingerprint(desired), live !== undefined, history);
}

/**
 * The decision on a plan, whatever the dialect: an apply waiting for its verdict, a hold on these
 * desired settings (I4), or the plan's own action.
 */
export function decideOnPlan<P extends PlanOutline<unknown>>(plan: P, fingerprint: string, hasLive: boolean, history: Pick<DecisionHistory, 'hold' | 'verifying'>): Decision<P> {
  const verifying = history.verifying !== undefined && history.verifying === fingerprint;
  const supersedes = history.verifying !== undefined && !verifying;
  if (verifying && hasLive) {
    return { action: 'verify', status: 'Verifying', statusReason: 'Verifying', message: 'an accepted apply waits for its verification', plan, hold: history.hold, supersedes };
  }
  const hold = history.hold && history.hold.fingerprint === fingerprint ? history.hold : undefined;
  if (hold) {
    return { action: 'held', status: hold.status, statusReason: hold.reason, message: hold.message, plan, hold, supersedes };
  }
  return { action: plan.action, status: plan.status, statusReason: PLAN_REASONS[plan.action], message: plan.reason, plan, supersedes };
}

/** The history a decision needs, from a campaign's status document (the controller's, or the audit branch's for `plan`). */
export function historyOf(state: { lastApplied?: AppliedState; hold?: Hold; verification?: { fingerprint: string }; status: string; reason: string; pausedFingerprint?: string; lastReconcileAt?: string }): DecisionHistory {
  return { lastApplied: state.lastApplied, hold: holdOf(state), verifying: state.verification?.fingerprint };
}

/** A hold from a status document, also from one written before holds existed (Paused/RolledBack with a fingerprint). */
export function holdOf(state: { hold?: Hold; status: string; reason: string; pausedFingerprint?: string; lastReconcileAt?: string }): Hold | undefined {
  if (state.hold) return state.hold;
  if (state.pausedFingerprint === undefined) return undefined;
  if (state.status === 'Paused') return { status: 'Paused', reason: 'VerificationInconclusive', message: state.reason, fingerprint: state.pausedFingerprint, since: state.lastReconcileAt ?? '' };
  if (state.status === 'RolledBack') return { status: 'RolledBack', reason: 'RolledBack', message: state.reason, fingerprint: state.pausedFingerprint, since: state.lastReconcileAt ?? '' };
  return undefined;
}
