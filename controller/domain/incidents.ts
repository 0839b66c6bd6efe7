/**
 * The alert lifecycle (pure): an incident opens when its condition holds (a drift only after N
 * consecutive drifted observations), sends one message, a reminder after a set time while it
 * persists, and a resolved message when the condition clears. The dedup key is the campaign and
 * what went wrong (for drift, the drifted fields) — never a timestamp — so a condition that holds
 * on every sweep is one incident, not one alert per sweep.
 */
import type { CampaignState, DriftField } from './campaign-state.js';
import type { SyncPolicy } from './desired-state-documents.js';

export type IncidentKind = 'drift' | 'apply-failed' | 'rolled-back' | 'paused' | 'blocked' | 'invalid-file' | 'circuit-open' | 'git-source';

export interface Incident {
  key: string;
  kind: IncidentKind;
  campaign: string;
  campaignId: string;
  labels: Record<string, string>;
  openedAt: string;
  lastNotifiedAt: string;
  reminders: number;
  summary: string;
  /** For drift: the fields changed outside Git (field, Git value, live value), who and when. */
  drift?: { fields: DriftField[]; modifiedBy?: string; dateModified?: string; action: 'healed' | 'observe only' | 'pending' };
}

/**
 * `healed`: a drift the controller put back in the same reconcile that first announced it (sync.policy
 * enforce). One message says what was changed and that it was put back; no incident stays open.
 */
export type AlertEvent = 'opened' | 'reminder' | 'resolved' | 'healed';

export interface AlertAction {
  event: AlertEvent;
  incident: Incident;
}

export interface IncidentPolicy {
  /** Consecutive drifted observations that open a drift incident. Default 2. */
  driftThreshold: number;
  /** Seconds after which an open incident is reminded. Default 14400. */
  reminderAfterSeconds: number;
}

/** The conditions a campaign's state shows now, each with its dedup key. */
function conditionsOf(state: CampaignState, policy: IncidentPolicy, syncPolicy: SyncPolicy): IncidentCondition[] {
  const base = { campaign: state.name, campaignId: state.campaignId, labels: state.labels };
  const found: IncidentCondition[] = [];
  if (state.drift && state.driftObservations >= policy.driftThreshold && !state.drift.healedAt) {
    const fields = [...state.drift.fields].sort((a, b) => a.field.localeCompare(b.field));
    found.push({
      ...base,
      key: `drift:${state.campaignId}:${fields.map((f) => f.field).join(',')}`,
      kind: 'drift',
      summary: `${state.name} was changed outside Git${state.drift.modifiedBy ? ` by ${state.drift.modifiedBy}` : ''}`,
      drift: { fields, modifiedBy: state.drift.modifiedBy, dateModified: state.drift.dateModified, action: syncPolicy === 'observe' ? 'observe only' : 'pending' },
    });
  }
  // An Invalid campaign's file is in the one grouped invalid-file incident of the controller
  // (reconcile/controller-incidents.ts), not an incident of its own.
  const kinds: Partial<Record<CampaignState['status'], IncidentKind>> = { Failed: 'apply-failed', RolledBack: 'rolled-back', Paused: 'paused' };
  const kind = kinds[state.status] ?? (isBlockedCommit(state) ? 'blocked' : undefined);
  if (kind) found.push({ ...base, key: `${kind}:${state.campaignId}`, kind, summary: `${state.name}: ${state.reason}` });
  return found;
}

/**
 * A merged commit the controller will not apply (the local gate predicts the abandon limit broken,
 * or the significance rule stops it): an incident until the campaign is unblocked. A closed sync
 * window is not one: the change waits for the window and applies by itself.
 */
function isBlockedCommit(state: CampaignState): boolean {
  return state.status === 'Blocked' && (state.statusReason === 'GateFailed' || state.statusReason === 'InsignificantChange' || state.hold?.reason === 'GateFailed');
}

/** A condition that holds now, with its dedup key: an incident when first seen. */
export type IncidentCondition = Omit<Incident, 'openedAt' | 'lastNotifiedAt' | 'reminders'>;

/**
 * The one incident lifecycle, for a campaign's incidents and the controller's own (an invalid file
 * no campaign owns, the CXone circuit, the git source): given the incidents open and the
 * conditions that hold now, the incidents open next and the messages to send. A condition first
 * seen opens an incident; one still holding is reminded once `reminderAfterSeconds` have passed
 * since its last message; an open incident whose condition is gone resolves (`resolved` may
 * rewrite it for the message).
 */
export function evaluateConditions(
  open: readonly Incident[],
  conditions: readonly IncidentCondition[],
  policy: IncidentPolicy,
  now: Date,
  resolved: (incident: Incident) => Incident = (incident) => incident,
): { open: Incident[]; actions: AlertAction[] } {
  const at = now.toISOString();
  const actions: AlertAction[] = [];
  const keys = new Set(conditions.map((condition) => condition.key));
  const openKeys = new Set(open.map((incident) => incident.key));
  const next: Incident[] = [];
  for (const incident of open) {
    if (keys.has(incident.key)) {
      const due = now.getTime() - Date.parse(incident.lastNotifiedAt) >= policy.reminderAfterSeconds * 1000;
      const current = due ? { ...incident, lastNotifiedAt: at, reminders: incident.reminders + 1 } : incident;
      if (due) actions.push({ event: 'reminder', incident: current });
      next.push(current);
    } else {
      actions.push({ event: 'resolved', incident: resolved(incident) });
    }
  }
  for (const condition of conditions) {
    if (openKeys.has(condition.key)) continue;
    const incident: Incident = { ...condition, openedAt: at, lastNotifiedAt: at, reminders: 0 };
    actions.push({ event: 'opened', incident });
    next.push(incident);
  }
  return { open: next, actions };
}

/**
 * Given the incidents open for a campaign and its state after a reconcile, the incidents open now
 * and the messages to send. A drift healed by the controller in the reconcile that saw it (if it
 * reached the threshold) is one `healed` message: ops learn of it once, with what the controller did.
 */
export function evaluateIncidents(
  open: readonly Incident[],
  state: CampaignState,
  syncPolicy: SyncPolicy,
  policy: IncidentPolicy,
  now: Date,
): { open: Incident[]; actions: AlertAction[] } {
  const healed = (incident: Incident): Incident =>
    incident.kind === 'drift' && state.drift?.healedAt ? { ...incident, drift: { ...incident.drift!, action: 'healed' as const } } : incident;
  const result = evaluateConditions(open, conditionsOf(state, policy, syncPolicy), policy, now, healed);
  // A drift the controller healed in this very reconcile: one `healed` message, no incident left open.
  if (state.drift?.healedAt && state.driftObservations >= policy.driftThreshold && !open.some((incident) => incident.kind === 'drift')) {
    const at = now.toISOString();
    const fields = [...state.drift.fields].sort((a, b) => a.field.localeCompare(b.field));
    const incident: Incident = {
      key: `drift:${state.campaignId}:${fields.map((f) => f.field).join(',')}`,
      kind: 'drift',
      campaign: state.name,
      campaignId: state.campaignId,
      labels: state.labels,
      openedAt: at,
      lastNotifiedAt: at,
      reminders: 0,
      summary: `${state.name} was changed outside Git${state.drift.modifiedBy ? ` by ${state.drift.modifiedBy}` : ''}`,
      drift: { fields, modifiedBy: state.drift.modifiedBy, dateModified: state.drift.dateModified, action: 'healed' },
    };
    result.actions.push({ event: 'healed', incident });
  }
  return result;
}
