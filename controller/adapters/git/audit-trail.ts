/**
 * `createAuditTrail`: records go to the journal first (fsync), then to the audit branch, one commit
 * and one push per batch (each record's line and status document, in order, in that commit). A push rejected because the branch moved is retried "rebase
 * style": fetch the new tip, re-create our commits on it from the journal (appending to the day
 * files as they are there, so concurrent writers never conflict), push again. A record id already
 * on the branch is never committed twice (a crash between the push and the journal rewrite).
 *
 * A backlog (a journal of tens of thousands of records left by a flood or an unreachable remote)
 * is pushed in batches of at most `maxBatchRecords`, each its own push and its own step of the
 * queue, in the background: `start` does not wait for it, reads interleave with it, and each batch
 * leaves the journal as soon as it is on the branch (docs/architecture.md, "Audit backlog").
 */
import { retry } from '../../lib/retry.js';
import { messageOf } from '../../lib/error-message.js';
import { entryStatuses, normaliseAuditEntry, recordForCampaign, type AuditRecord, type AuditStatus } from './audit-record.js';
import { PUSH_RACE_BACKOFF, pushAll, pushFailed, remoteTip, scheduleFlush } from './audit-trail-push.js';
import { auditTrailState, branchOps, journal, refresh, type AuditTrailState } from './audit-trail-state.js';
import type { AuditTrail, AuditTrailOptions } from './audit-trail-types.js';
import { isGitPushRejectedError } from './git-errors.js';
import { settleWithin } from './settle-within.js';

export { DEFAULT_MAX_BATCH_RECORDS } from './audit-trail-state.js';

/** Journals the record (and its status documents, scrubbed) and schedules a push. */
async function record(state: AuditTrailState, auditRecord: AuditRecord, status: AuditStatus | readonly AuditStatus[] | undefined): Promise<void> {
  const statuses = status === undefined ? undefined : (Array.isArray(status) ? (status as readonly AuditStatus[]) : [status as AuditStatus]).map((one) => ({ name: one.name, document: state.scrub(one.document) }));
  const entry = normaliseAuditEntry(state.scrub(auditRecord), statuses);
  await (await journal(state)).append(entry);
  scheduleFlush(state, state.batchDelayMs);
}

/** Pushes everything journaled now; a failure is counted, retried in the background and rethrown. */
async function flush(state: AuditTrailState): Promise<void> {
  await journal(state);
  try {
    await pushAll(state);
    state.failures = 0;
  } catch (error) {
    pushFailed(state, error);
    throw error;
  }
}

/** Opens the journal, makes sure the branch exists, and drains a previous run's backlog in the background. */
async function start(state: AuditTrailState): Promise<void> {
  if (state.started) return;
  state.started = true;
  state.stopping = false;
  state.gitKilled = false;
  const opened = await journal(state);
  try {
    await state.queue.add(async () => {
      const ops = await branchOps(state);
      // Another writer may create the branch between our fetch and our push of the orphan.
      return retry(() => remoteTip(state, ops), { ...PUSH_RACE_BACKOFF, attempts: state.pushAttempts, setTimer: state.setTimer, shouldRetry: isGitPushRejectedError });
    });
  } catch (error) {
    scheduleFlush(state, 1000);
    throw error;
  }
  if (opened.size() > 0) {
    // In the background, a batch at a time: the controller is ready while the backlog drains.
    state.log.info({ branch: state.branch, records: opened.size() }, 'replaying the audit journal of a previous run');
    scheduleFlush(state, 0);
  }
}

/** Pushes what is journaled for at most `stopTimeoutMs`, then kills git; what is left stays journaled. */
async function stop(state: AuditTrailState): Promise<void> {
  if (!state.started) return;
  const { branch, log } = state;
  state.stopping = true;
  state.cancelFlush?.();
  state.cancelFlush = undefined;
  const last = pushAll(state).catch((error: unknown) => {
    log.warn({ branch, pending: state.openedJournal?.size() ?? 0, error: messageOf(error) }, 'audit records left in the journal for the next start');
  });
  if (!(await settleWithin(last, state.options.stopTimeoutMs ?? 5000))) {
    log.warn({ branch }, 'pushing audit records took too long at stop, killing git');
    state.gitKilled = true;
    state.git?.abort();
    await state.queue.onIdle();
    state.git = undefined;
    state.audit = undefined;
  }
  state.started = false;
}

/** The branch's status documents overlaid with the journal's newer ones. */
async function readStatuses(state: AuditTrailState): Promise<Map<string, unknown>> {
  const opened = await journal(state);
  // The branch and the journal read in one queue step: no push moves records between the two reads.
  const [statuses, pending] = await state.queue.add(async () => [(await refresh(state)) ? await (await branchOps(state)).readStatusFiles() : new Map<string, unknown>(), await opened.entries()] as const);
  for (const entry of pending) for (const status of entryStatuses(entry)) statuses.set(status.name, status.document);
  return statuses;
}

/** The latest `limit` records of the branch and the journal (of `campaign`, when given), oldest first. */
async function readRecords(state: AuditTrailState, { campaign, limit = 100 }: { campaign?: string; limit?: number } = {}): Promise<AuditRecord[]> {
  if (limit <= 0) return [];
  const opened = await journal(state);
  const [onBranch, pending] = await state.queue.add(async () => [(await refresh(state)) ? await (await branchOps(state)).readRecordFiles(campaign, limit) : [], await opened.entries(campaign === undefined ? {} : { containing: JSON.stringify(campaign) })] as const);
  const ids = new Set(onBranch.map((one) => one.id));
  const journaled = pending.flatMap((entry) => (campaign === undefined ? entry.record : (recordForCampaign(entry.record, campaign) ?? []))).filter((one) => !ids.has(one.id));
  const byTime = (a: AuditRecord, b: AuditRecord): number => Date.parse(a.time) - Date.parse(b.time);
  return [...onBranch, ...journaled].sort(byTime).slice(-limit);
}

export function createAuditTrail(options: AuditTrailOptions): AuditTrail {
  const state = auditTrailState(options);
  return {
    record: (auditRecord, status) => record(state, auditRecord, status),
    flush: () => flush(state),
    start: () => start(state),
    stop: () => stop(state),
    pending: () => state.openedJournal?.size(),
    readStatuses: () => readStatuses(state),
    readRecords: (readOptions) => readRecords(state, readOptions),
  };
}
