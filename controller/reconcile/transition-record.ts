/**
 * The record of a status change that no phase recorded itself: blocked, failed, drift detected,
 * drift resolved. Pure but for the builder's id and time.
 */
import type { CampaignState } from '../domain/campaign-state.js';
import type { ConditionRecord } from './audit-records.js';
import type { ReconcileContext } from './reconcile-context.js';
import type { ResourceTypes } from './resource-model.js';

type AnyState = CampaignState<unknown, unknown, unknown>;

/** Reasons whose phase wrote its own record (rollback-failed, verification-failed). */
const RECORDED_BY_PHASE = new Set(['RollbackFailed', 'VerificationFailed']);

export function transitionRecord<T extends ResourceTypes>(ctx: ReconcileContext<T>, previous: AnyState, state: AnyState): ConditionRecord | undefined {
  if (state.status === previous.status) return undefined;
  if (state.statusReason && RECORDED_BY_PHASE.has(state.statusReason)) return undefined;
  const outcomes: Partial<Record<CampaignState['status'], ConditionRecord['outcome']>> = { Blocked: 'blocked', Failed: 'failed', Drifted: 'drift-detected' };
  const outcome = outcomes[state.status] ?? (previous.status === 'Drifted' && state.status === 'Synced' ? 'drift-resolved' : undefined);
  if (!outcome) return undefined;
  return ctx.records.condition(outcome, { reason: state.reason, statusReason: state.statusReason ?? 'ReconcileError', ...(state.drift ? { drift: state.drift } : {}) });
}
