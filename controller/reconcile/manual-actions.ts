/**
 * Manual actions (README, "Manual actions"; docs/architecture.md, "Manual actions"): a person's
 * `resume`, `retry` and `sync` of one campaign. An action is checked against the campaign's state
 * when it is asked for (a clear refusal at once), then taken by the campaign's next reconcile —
 * which the work queue runs alone for that campaign, so the action changes the latest state and no
 * reconcile in flight overwrites it. Taking it writes an audit record with the actor and reason.
 * No action writes to CXone itself: what follows is the ordinary reconcile, with its gates and
 * verification (I3); only `sync --force` lifts the sync window, for that one reconcile.
 */
import type { CampaignState, PendingVerification } from '../domain/campaign-state.js';
import type { AuditRecord } from '../domain/audit-record.js';
import type { SyncWindow } from '../domain/controller-policy.js';
import { decideSyncWindow, type WindowCampaign } from '../domain/sync-windows.js';
import { withStatus } from './decide-phase.js';
import type { DialectCapabilities } from './dialect.js';
import { applyName } from './version-names.js';

export const MANUAL_ACTIONS = ['resume', 'retry', 'sync'] as const;
export type ManualAction = (typeof MANUAL_ACTIONS)[number];

export function isManualAction(value: string): value is ManualAction {
  return (MANUAL_ACTIONS as readonly string[]).includes(value);
}

export interface ActionRequest {
  action: ManualAction;
  /** Who asks (a person's name or login), recorded with the action. */
  actor: string;
  /** Why; required with `force`. */
  reason?: string;
  /** `sync` only: reconcile inside a deny sync window. */
  force?: boolean;
  /** Where it was asked: the API (the CLI) or the dashboard's form. */
  via?: 'api' | 'dashboard';
}

/** Why an action was refused: `status` is the HTTP status the API answers with. */
export class ActionRefusedError extends Error {
  override readonly name = 'ActionRefusedError';
  constructor(
    readonly status: 400 | 403 | 404 | 409 | 503,
    message: string,
  ) {
    super(message);
  }
}

export interface TakenAction {
  /** The state the reconcile starts from. */
  state: CampaignState;
  record: AuditRecord;
  /** `sync --force` inside a deny window: this one reconcile ignores the sync windows. */
  ignoreWindows: boolean;
}

/** The audit record's outcome of each action. */
const OUTCOMES: Record<ManualAction, string> = { resume: 'resumed', retry: 'retried', sync: 'sync-requested' };

const MAX_ACTOR = 100;
const MAX_REASON = 500;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

/** Checks the actor and reason of `request`: a person, one line each, bounded. */
export function checkActionRequest(request: ActionRequest): ActionRequest {
  const actor = request.actor.trim();
  const reason = request.reason?.trim() || undefined;
  if (actor === '' || actor.length > MAX_ACTOR || CONTROL.test(actor)) throw new ActionRefusedError(400, `actor must be a name of 1 to ${MAX_ACTOR} characters on one line (the CLI sends --actor, default your user name)`);
  if (reason !== undefined && (reason.length > MAX_REASON || CONTROL.test(reason))) throw new ActionRefusedError(400, `reason must be one line of at most ${MAX_REASON} characters`);
  if (request.force && request.action !== 'sync') throw new ActionRefusedError(400, `--force is for sync only, not ${request.action}`);
  if (request.force && reason === undefined) throw new ActionRefusedError(400, 'sync --force needs --reason: say why it must run inside the deny window');
  return { ...request, actor, reason };
}

export interface ActionContext {
  campaign: WindowCampaign;
  windows: readonly SyncWindow[];
  now: Date;
  /** Whether the dialect names versions: `verifying v4 again`, or `verifying the apply again` (a skill's fingerprint means nothing to a reader). */
  names: Pick<DialectCapabilities, 'namesVersions'>;
}

/** The state and record of taking `request` on `state`, or an ActionRefusedError saying why not. */
export function takeAction(state: CampaignState, request: ActionRequest, context: ActionContext, newId: () => string): TakenAction {
  const at = context.now.toISOString();
  const by = `${request.action} by ${request.actor}${request.reason ? `: ${request.reason}` : ''}`;
  let next = state;
  let ignoreWindows = false;
  if (state.status === 'Invalid') throw new ActionRefusedError(409, `${state.name}'s file is invalid (${state.reason}): fix the file first`);
  if (request.action === 'sync') {
    const window = decideSyncWindow(context.windows, context.campaign, context.now);
    if (!window.allowed && !request.force) throw new ActionRefusedError(409, `${state.name} is inside a deny sync window (${window.reason}): to reconcile it anyway, run sync with --force and --reason`);
    ignoreWindows = !window.allowed;
  } else {
    const hold = state.hold;
    if (!hold) throw new ActionRefusedError(409, `${state.name} is not held (${state.status}: ${state.reason}): nothing to ${request.action}${request.action === 'retry' ? '' : '; use sync to reconcile it now'}`);
    if (hold.verification) {
      // The held apply is (or was) live: it is verified again, and rolled back, paused or failed by the normal rules (I2, I4).
      // The hold is on an apply to this campaign, so its write is of the state's own kind.
      const pending = { ...hold.verification, progress: undefined } as PendingVerification;
      next = withStatus({ ...state, hold: undefined, verification: pending }, 'Verifying', 'Verifying', `${by}; verifying ${applyName(context.names, pending.appliedVersion)} again`);
    } else if (request.action === 'retry') {
      throw new ActionRefusedError(409, `${state.name} is ${hold.status} (${hold.reason}) with no apply of these settings live to verify again: use resume to re-plan it through the gates`);
    } else if (hold.status === 'Paused' || hold.status === 'Failed') {
      // A hold from an earlier version that did not keep its apply: releasing it would take unverified settings as Synced.
      throw new ActionRefusedError(409, `${state.name}'s hold does not say which apply it is on (written by an earlier version): change the desired state in Git to release it`);
    } else {
      // Rolled back or refused by the local gate: released, the next reconcile plans again through the gates.
      next = withStatus({ ...state, hold: undefined }, 'OutOfSync', 'Pending', `${by}; planning again through the sync window and the local gate`);
    }
  }
  const record: AuditRecord = {
    id: newId(),
    time: at,
    campaign: state.name,
    campaignId: state.campaignId,
    outcome: OUTCOMES[request.action],
    desiredRevision: state.desiredRevision,
    action: request.action,
    actor: request.actor,
    reason: `${by}${ignoreWindows ? ' (forced inside a deny sync window)' : ''}`,
    statusBefore: state.status,
    via: request.via ?? 'api',
    ...(request.force ? { force: true } : {}),
    ...(state.hold ? { hold: state.hold.reason } : {}),
  };
  return { state: next, record, ignoreWindows };
}
