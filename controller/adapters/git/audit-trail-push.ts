/**
 * The audit trail's push side (docs/architecture.md, "Audit backlog" and "Audit commits"): the
 * oldest journaled records committed on the remote tip and pushed, one commit and one push per
 * batch; a batch grows with the backlog (doubling after each full batch pushed within the push
 * budget, up to `maxBatchRecords` and `maxBatchBytes`); a push race retried "rebase style" on the
 * new tip; a failed push left in the journal and retried in the background with backoff.
 */
import { backoffMs, retry } from '../../lib/retry.js';
import { messageOf } from '../../lib/error-message.js';
import type { AuditBranch } from './audit-branch.js';
import { auditDayPath, type AuditEntry } from './audit-record.js';
import { branchOps, journal, type AuditTrailState } from './audit-trail-state.js';
import { GitCommandError, isGitPushRejectedError } from './git-errors.js';

const MAX_RETRY_MS = 60_000;
/** Between attempts after a push race: short, spread so racing writers do not collide again. */
export const PUSH_RACE_BACKOFF = { baseMs: 50, maxMs: 1000, jitter: 0.5 };

/** The tip of the remote branch, creating it as an orphan when it does not exist. */
export async function remoteTip(state: AuditTrailState, ops: AuditBranch): Promise<string> {
  const tip = await ops.fetch();
  if (tip) return tip;
  state.options.fence?.assertMayWrite('creating the audit branch');
  await ops.createOrphan();
  const created = await ops.fetch();
  if (!created) throw new GitCommandError({ operation: 'fetch', remote: state.repo.display, branch: state.branch }, { detail: 'the audit branch vanished right after it was created' });
  return created;
}

/** One attempt: our journal's commits on the remote tip, pushed. */
async function pushOnce(state: AuditTrailState, ops: AuditBranch, entries: readonly AuditEntry[], attempt: number): Promise<void> {
  const tip = await remoteTip(state, ops);
  await ops.resetTo(tip);
  state.freshAt = undefined;
  const onBranch = await ops.presentIds(entries.map((entry) => auditDayPath(entry.record.time)));
  const missing = entries.filter((entry) => {
    if (onBranch.has(entry.record.id)) return false;
    onBranch.add(entry.record.id);
    return true;
  });
  // One commit for the push, however many records (docs/architecture.md, "Audit commits").
  await ops.commit(missing);
  const commits = missing.length;
  if (commits > 0) {
    state.options.fence?.assertMayWrite('pushing the audit branch');
    await ops.push();
  }
  state.freshAt = state.now().getTime();
  await (await journal(state)).remove(new Set(entries.map((entry) => entry.record.id)));
  state.options.onPushed?.(entries.map((entry) => entry.record.id));
  state.log.info({ branch: state.branch, records: commits, alreadyOnBranch: entries.length - commits, attempt }, 'audit records pushed');
}

/** What one push did: how many records it took, whether it left some it could have taken (a backlog), and how many are left. */
interface PushedBatch {
  pushed: number;
  full: boolean;
  left: number;
}

/**
 * The batch after `batch`, which took `tookMs` (docs/architecture.md, "Audit backlog"): back to the
 * first size once the journal is empty; twice as large after a full batch pushed within the push
 * budget, up to the most; half as large (not below the first) after one that took longer.
 */
export function nextBatchRecords(state: Pick<AuditTrailState, 'firstBatchRecords' | 'maxBatchRecords' | 'pushBudgetMs' | 'batchRecords'>, batch: PushedBatch, tookMs: number): number {
  if (batch.left === 0) return state.firstBatchRecords;
  if (tookMs > state.pushBudgetMs) return Math.max(state.firstBatchRecords, Math.floor(state.batchRecords / 2));
  return batch.full ? Math.min(state.maxBatchRecords, state.batchRecords * 2) : state.batchRecords;
}

/**
 * Pushes the oldest `batchRecords` of the journal (at most `maxBatchBytes` of lines) as one commit;
 * a push race is retried "rebase style" on the new tip (lib/retry.ts). Sizes the next batch.
 */
async function pushBatch(state: AuditTrailState): Promise<PushedBatch> {
  // Pushes queued behind the one a stop cut short would each read a batch and fail: none starts.
  if (state.gitKilled) throw new Error('the audit trail stopped (git was killed at stop): the records stay in the journal for the next start');
  const opened = await journal(state);
  const journaled = opened.size();
  const entries = await opened.entries({ limit: state.batchRecords, maxBytes: state.maxBatchBytes });
  if (entries.length === 0) return { pushed: 0, full: false, left: 0 };
  const ops = await branchOps(state);
  const started = performance.now();
  await retry((attempt) => pushOnce(state, ops, entries, attempt), {
    ...PUSH_RACE_BACKOFF,
    attempts: state.pushAttempts,
    setTimer: state.setTimer,
    shouldRetry: isGitPushRejectedError,
    onRetry: (_error, attempt, waitMs) => state.log.info({ branch: state.branch, attempt, waitMs }, 'audit branch moved under us, re-applying the journal on the new tip'),
  });
  const batch = { pushed: entries.length, full: entries.length < journaled, left: opened.size() };
  state.batchRecords = nextBatchRecords(state, batch, performance.now() - started);
  return batch;
}

/** Every record journaled now, a batch per queue step (so reads and new records interleave). */
export async function pushAll(state: AuditTrailState): Promise<void> {
  // Batches are never smaller than the first size: this many pushes take everything journaled now.
  let batches = Math.ceil((await journal(state)).size() / state.firstBatchRecords);
  while (batches > 0 && (await state.queue.add(() => pushBatch(state))).left > 0) batches -= 1;
}

/** Runs a flush in `ms` unless the trail is not started, is stopping or has one scheduled. */
export function scheduleFlush(state: AuditTrailState, ms: number): void {
  if (!state.started || state.stopping || state.cancelFlush) return;
  state.cancelFlush = state.setTimer(() => {
    state.cancelFlush = undefined;
    void runFlush(state).catch(() => undefined);
  }, ms);
}

/** Counts a failed push and retries it in the background, with backoff. */
export function pushFailed(state: AuditTrailState, error: unknown): void {
  state.failures += 1;
  const retryMs = backoffMs(state.failures, { baseMs: 1000, maxMs: MAX_RETRY_MS });
  state.log.warn({ branch: state.branch, pending: state.openedJournal?.size() ?? 0, retryMs, error: messageOf(error) }, 'pushing audit records failed, they stay in the journal');
  scheduleFlush(state, retryMs);
}

/** One batch through the queue, the next one scheduled at once; failures are counted and retried in the background with backoff. */
async function runFlush(state: AuditTrailState): Promise<void> {
  let batch: PushedBatch;
  try {
    batch = await state.queue.add(() => pushBatch(state));
    state.failures = 0;
  } catch (error) {
    pushFailed(state, error);
    throw error;
  }
  if (batch.left === 0) return;
  // A full batch means a backlog is draining: the next one, sized by nextBatchRecords, goes at once.
  if (batch.full) state.log.info({ branch: state.branch, pending: batch.left, nextBatch: state.batchRecords }, 'pushing the audit backlog');
  scheduleFlush(state, batch.full ? 0 : state.batchDelayMs);
}
