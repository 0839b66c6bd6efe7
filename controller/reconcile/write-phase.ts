/**
 * The write phase: the journaled conditional write (I1 in docs/architecture.md). The intent goes
 * to the journal before the write; when the answer is lost (or is a conflict, which may follow our
 * own applied write) the object is read again and the intent judged: applied → accepted (its
 * record is written by the caller), not applied → the intent is dropped, cannot tell or cannot
 * read → the intent stays and the reconcile fails as `WriteUnsettled`, to be settled next time. A
 * conflict found after CXone accepted a PUT of the write (`overwritten`) keeps its intent until
 * its record is journaled (`recordOverwritten`).
 */
import type { AuditRecord } from '../domain/audit-record.js';
import { isConflictError, isWaitingError, TransientError } from '../domain/errors.js';
import { beginIntent, mayJudgeIntents, type ApplyIntent, type IntentEffect } from './apply-intents.js';
import type { ReconcileContext } from './reconcile-context.js';
import type { ResourceTypes, StateOf } from './resource-model.js';
import { messageOf } from '../lib/error-message.js';

export type WriteOutcome<L> =
  /** `acceptedAt`: ISO time CXone's answer (or the re-read) showed it accepted, marked on the intent. */
  | { outcome: 'accepted'; live: L; recovered: boolean; acceptedAt: string }
  /** The object changed under us: `live` is the fresh observation to re-plan on. */
  | { outcome: 'conflict'; live: L | undefined; error: unknown }
  /**
   * CXone accepted a PUT of the write before a conflict (overwritten at a last-writer-wins
   * read-back, or an earlier group written before a later one was found changed): its intent
   * stays open until `recordOverwritten` journals the conflict under the intent's id.
   */
  | { outcome: 'overwritten'; intentId: string; error: unknown };

export interface WriteRequest<T extends ResourceTypes> {
  write: T['write'];
  expected: T['live'];
  record: AuditRecord;
  effect: IntentEffect<T['write']>;
}

/** A write whose fate is unknown: its intent stays in the journal and the next reconcile settles it. */
export class UnsettledWriteError extends TransientError {
  override readonly name = 'UnsettledWriteError';
}

export function isUnsettledWriteError(error: unknown): error is UnsettledWriteError {
  return error instanceof UnsettledWriteError;
}

export function unsettled(what: string, error: unknown): UnsettledWriteError {
  const retryAfterMs = isWaitingError(error) ? error.retryAfterMs : undefined;
  return new UnsettledWriteError(`${what}: ${messageOf(error)}; the write may have been applied, so its intent is kept and settled on the next reconcile`, { cause: error, retryAfterMs });
}

/**
 * Refuses to judge an open intent once this process no longer owns it (it lost the lead): the
 * intent stays for the leader, which settles it from its own read (`IntentLog.mayJudge`).
 */
export function assertOwnsIntents<T extends ResourceTypes>(ctx: ReconcileContext<T>, what: string, error?: unknown): void {
  if (mayJudgeIntents(ctx.deps.intents)) return;
  const reason = error === undefined ? what : `${what} (${messageOf(error)})`;
  // Retried like a refused write (NotLeaderError's second): a replica inside its lease's margin judges it then.
  throw new UnsettledWriteError(`${reason}, and this replica may not write now (its lease is lost or about to run out): its intent is kept for the leader, which settles it`, { cause: error, retryAfterMs: 1000 });
}

/**
 * Marks the intent with the time CXone accepted its write, before the caller builds the status on
 * that time: whoever settles the intent later (a restart, the next leader) dates the apply the same.
 * A failed mark (a full disk, a lost lease) is logged; the intent's sentAt then stands in.
 */
async function markAccepted<T extends ResourceTypes>(ctx: ReconcileContext<T>, id: string): Promise<string> {
  const acceptedAt = ctx.at();
  await ctx.deps.intents?.accepted(id, acceptedAt).catch((error: unknown) => {
    ctx.log.warn({ campaign: ctx.identity.name, err: error }, 'the time CXone accepted the write could not be kept on its intent');
  });
  return acceptedAt;
}

export async function conditionalWrite<T extends ResourceTypes>(ctx: ReconcileContext<T>, request: WriteRequest<T>): Promise<WriteOutcome<T['live']>> {
  const { dialect, campaign, deps } = ctx;
  const { name } = ctx.identity;
  const id = dialect.idOf(campaign);
  const intent: ApplyIntent<T['written'], T['write']> = {
    id: request.record.id,
    campaignId: id,
    fromVersion: dialect.versionOf(request.expected),
    settings: ctx.model.writtenOf(request.write),
    record: request.record,
    effect: request.effect,
    sentAt: ctx.at(),
  };
  await beginIntent(deps.intents, intent);
  try {
    const accepted = await dialect.write(id, request.write, request.expected, { priority: 'apply', signal: ctx.signal });
    return { outcome: 'accepted', live: accepted.live, recovered: false, acceptedAt: await markAccepted(ctx, intent.id) };
  } catch (error) {
    if (!dialect.mayHaveApplied(error)) {
      if (isConflictError(error) && dialect.acceptedBeforeConflict(error)) return { outcome: 'overwritten', intentId: intent.id, error };
      await deps.intents?.end(intent.id);
      // A conflict whose outcome the dialect knows (an emulated compare-and-set): re-plan on a fresh read.
      if (isConflictError(error)) return { outcome: 'conflict', live: await dialect.observe(id, { priority: 'apply', signal: ctx.signal }), error };
      throw error;
    }
    let live: T['live'] | undefined;
    try {
      live = await dialect.observe(id, { priority: 'apply', signal: ctx.signal });
    } catch (readError) {
      throw unsettled(`the write to ${name} failed (${messageOf(error)}) and the re-read failed too`, readError);
    }
    // Checked after the read: the lead may be lost during it, and a write by the new leader would read as ours.
    assertOwnsIntents(ctx, `the write to ${name} failed`, error);
    const judged = dialect.judgeIntent({ objectId: id, fromVersion: intent.fromVersion, write: request.write }, live, deps.actor);
    if (judged === 'yes') {
      ctx.log.warn({ campaign: name, version: live === undefined ? undefined : dialect.versionOf(live) }, 'the write answer was lost, but CXone applied it');
      return { outcome: 'accepted', live: live as T['live'], recovered: true, acceptedAt: await markAccepted(ctx, intent.id) };
    }
    if (judged === 'unknown') throw unsettled(`the write to ${name} failed and the campaign moved on since`, error);
    await deps.intents?.end(intent.id);
    if (isConflictError(error)) return { outcome: 'conflict', live, error };
    throw error;
  }
}

/**
 * The record of a write CXone accepted before its conflict (overwritten right after, or an earlier
 * group written before a later one was found changed): a `write-conflict`
 * under the intent's id, journaled before the intent ends, so a process killed in between settles
 * the intent on restart and the journal's id check keeps the record single (I1).
 */
export async function recordOverwritten<T extends ResourceTypes>(ctx: ReconcileContext<T>, outcome: { intentId: string; error: unknown }, state: StateOf<T>, then: string): Promise<void> {
  const reason = `CXone accepted a PUT of this write before the conflict: ${messageOf(outcome.error)}; ${then}`;
  await ctx.record({ ...ctx.records.condition('write-conflict', { reason, statusReason: 'Conflict' }), id: outcome.intentId }, state);
  await ctx.deps.intents?.end(outcome.intentId);
}
