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
import { join, resolve } from 'node:path';
import PQueue from 'p-queue';
import { backoffMs, retry } from '../../lib/retry.js';
import { silentLogger } from '../logging/logger.js';
import { createAuditBranch, type AuditBranch } from './audit-branch.js';
import { openAuditJournal, type AuditJournal } from './audit-journal.js';
import { auditDayPath, entryStatuses, normaliseAuditEntry, recordForCampaign, type AuditEntry, type AuditRecord } from './audit-record.js';
import type { AuditStatus } from './audit-record.js';
import type { AuditTrail, AuditTrailOptions } from './audit-trail-types.js';
import { GitCommandError, isGitPushRejectedError } from './git-errors.js';
import { createGitRunner, type GitRunner } from './git-runner.js';
import { checkBranchName } from './git-settings.js';
import { openLocalClone } from './local-clone.js';
import { remoteAccess, resolveRepositoryUrl } from './repository-url.js';
import { unrefTimer } from '../../lib/timer.js';
import { settleWithin } from './settle-within.js';
import { messageOf } from '../../lib/error-message.js';

const DEFAULT_AUTHOR = { name: 'cxone-gitops', email: 'cxone-gitops@localhost' };
const MAX_RETRY_MS = 60_000;
/** Records per push of a backlog: one push (and one journal rewrite) per this many commits. */
export const DEFAULT_MAX_BATCH_RECORDS = 500;
/** Between attempts after a push race: short, spread so racing writers do not collide again. */
const PUSH_RACE_BACKOFF = { baseMs: 50, maxMs: 1000, jitter: 0.5 };

// eslint-disable-next-line max-lines-per-function -- not split yet (docs/architecture.md, "Function length"): split it and drop this line
export function createAuditTrail(options: AuditTrailOptions): AuditTrail {
  const log = (options.log ?? silentLogger).child({ component: 'audit-trail' });
  const branch = checkBranchName(options.auditBranch ?? 'cxone-gitops/audit', 'GITOPS_AUDIT_BRANCH');
  const repo = resolveRepositoryUrl(options.repoUrl);
  const dataDir = resolve(options.dataDir);
  const author = options.author ?? DEFAULT_AUTHOR;
  const batchDelayMs = options.batchDelayMs ?? 500;
  const maxBatchRecords = Math.max(1, options.maxBatchRecords ?? DEFAULT_MAX_BATCH_RECORDS);
  const pushAttempts = Math.max(1, options.pushAttempts ?? 5);
  const readCacheMs = options.readCacheMs ?? 2000;
  const now = options.now ?? (() => new Date());
  const setTimer = options.setTimer ?? unrefTimer;
  const scrub = options.scrub ?? (<T>(value: T): T => value);
  const createRunner = options.createRunner ?? createGitRunner;
  const queue = new PQueue({ concurrency: 1 });

  let journalOpening: Promise<AuditJournal> | undefined;
  let openedJournal: AuditJournal | undefined;
  let git: GitRunner | undefined;
  let audit: AuditBranch | undefined;
  let freshAt: number | undefined;
  let cancelFlush: (() => void) | undefined;
  let failures = 0;
  let started = false;
  let stopping = false;

  function journal(): Promise<AuditJournal> {
    journalOpening ??= openAuditJournal(join(dataDir, 'journal', 'audit.jsonl'), log).then(
      (opened) => (openedJournal = opened),
      (error: unknown) => {
        journalOpening = undefined;
        throw error;
      },
    );
    return journalOpening;
  }

  async function branchOps(): Promise<AuditBranch> {
    if (audit) return audit;
    git = createRunner({
      baseDir: join(dataDir, 'audit'),
      context: { remote: repo.display, urlSetting: 'GITOPS_REPO_URL', branch, branchSetting: 'GITOPS_AUDIT_BRANCH' },
      secrets: repo.secrets,
      access: remoteAccess(repo, options.access),
      config: [`user.name=${author.name}`, `user.email=${author.email}`, 'commit.gpgsign=false', 'core.autocrlf=false'],
      log,
    });
    await openLocalClone(git, repo.url, log);
    audit = createAuditBranch(git, branch, log);
    return audit;
  }

  /** The tip of the remote branch, creating it as an orphan when it does not exist. */
  async function remoteTip(ops: AuditBranch): Promise<string> {
    const tip = await ops.fetch();
    if (tip) return tip;
    options.fence?.assertMayWrite('creating the audit branch');
    await ops.createOrphan();
    const created = await ops.fetch();
    if (!created) throw new GitCommandError({ operation: 'fetch', remote: repo.display, branch }, { detail: 'the audit branch vanished right after it was created' });
    return created;
  }

  /** One attempt: our journal's commits on the remote tip, pushed. */
  async function pushOnce(ops: AuditBranch, entries: readonly AuditEntry[], attempt: number): Promise<void> {
    const tip = await remoteTip(ops);
    await ops.resetTo(tip);
    freshAt = undefined;
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
      options.fence?.assertMayWrite('pushing the audit branch');
      await ops.push();
    }
    freshAt = now().getTime();
    await (await journal()).remove(new Set(entries.map((entry) => entry.record.id)));
    options.onPushed?.(entries.map((entry) => entry.record.id));
    log.info({ branch, records: commits, alreadyOnBranch: entries.length - commits, attempt }, 'audit records pushed');
  }

  /** Pushes the oldest `maxBatchRecords` of the journal; a push race is retried "rebase style" on the new tip (lib/retry.ts). Resolves to how many it pushed and how many are left. */
  async function pushBatch(): Promise<{ pushed: number; left: number }> {
    const entries = (await journal()).entries({ limit: maxBatchRecords });
    if (entries.length === 0) return { pushed: 0, left: 0 };
    const ops = await branchOps();
    await retry((attempt) => pushOnce(ops, entries, attempt), {
      ...PUSH_RACE_BACKOFF,
      attempts: pushAttempts,
      setTimer,
      shouldRetry: isGitPushRejectedError,
      onRetry: (_error, attempt, waitMs) => log.info({ branch, attempt, waitMs }, 'audit branch moved under us, re-applying the journal on the new tip'),
    });
    return { pushed: entries.length, left: (await journal()).size() };
  }

  /** Every batch journaled now, one queue step each (so reads and new records interleave). */
  async function pushAll(): Promise<void> {
    let batches = Math.ceil((await journal()).size() / maxBatchRecords);
    while (batches > 0 && (await queue.add(pushBatch)).left > 0) batches -= 1;
  }

  function scheduleFlush(ms: number): void {
    if (!started || stopping || cancelFlush) return;
    cancelFlush = setTimer(() => {
      cancelFlush = undefined;
      void runFlush().catch(() => undefined);
    }, ms);
  }

  /** Counts a failed push and retries it in the background, with backoff. */
  function pushFailed(error: unknown): void {
    failures += 1;
    const retryMs = backoffMs(failures, { baseMs: 1000, maxMs: MAX_RETRY_MS });
    log.warn({ branch, pending: openedJournal?.size() ?? 0, retryMs, error: messageOf(error) }, 'pushing audit records failed, they stay in the journal');
    scheduleFlush(retryMs);
  }

  /** One batch through the queue, the next one scheduled at once; failures are counted and retried in the background with backoff. */
  async function runFlush(): Promise<void> {
    let batch: { pushed: number; left: number };
    try {
      batch = await queue.add(pushBatch);
      failures = 0;
    } catch (error) {
      pushFailed(error);
      throw error;
    }
    if (batch.left === 0) return;
    // A full batch means a backlog is draining: the next one goes at once.
    if (batch.pushed === maxBatchRecords) log.info({ branch, pending: batch.left }, 'pushing the audit backlog');
    scheduleFlush(batch.pushed === maxBatchRecords ? 0 : batchDelayMs);
  }

  /** Brings the worktree to the remote tip unless it is fresh; false when the branch does not exist. */
  async function refresh(): Promise<boolean> {
    const ops = await branchOps();
    if (freshAt !== undefined && now().getTime() - freshAt < readCacheMs) return true;
    const tip = await ops.fetch();
    if (!tip) return false;
    await ops.resetTo(tip);
    freshAt = now().getTime();
    return true;
  }

  return {
    async record(record, status) {
      const statuses = status === undefined ? undefined : (Array.isArray(status) ? (status as readonly AuditStatus[]) : [status as AuditStatus]).map((one) => ({ name: one.name, document: scrub(one.document) }));
      const entry = normaliseAuditEntry(scrub(record), statuses);
      await (await journal()).append(entry);
      scheduleFlush(batchDelayMs);
    },

    async flush() {
      await journal();
      try {
        await pushAll();
        failures = 0;
      } catch (error) {
        pushFailed(error);
        throw error;
      }
    },

    async start() {
      if (started) return;
      started = true;
      stopping = false;
      const opened = await journal();
      try {
        await queue.add(async () => {
          const ops = await branchOps();
          // Another writer may create the branch between our fetch and our push of the orphan.
          return retry(() => remoteTip(ops), { ...PUSH_RACE_BACKOFF, attempts: pushAttempts, setTimer, shouldRetry: isGitPushRejectedError });
        });
      } catch (error) {
        scheduleFlush(1000);
        throw error;
      }
      if (opened.size() > 0) {
        // In the background, a batch at a time: the controller is ready while the backlog drains.
        log.info({ branch, records: opened.size() }, 'replaying the audit journal of a previous run');
        scheduleFlush(0);
      }
    },

    async stop() {
      if (!started) return;
      stopping = true;
      cancelFlush?.();
      cancelFlush = undefined;
      const last = pushAll().catch((error: unknown) => {
        log.warn({ branch, pending: openedJournal?.size() ?? 0, error: messageOf(error) }, 'audit records left in the journal for the next start');
      });
      if (!(await settleWithin(last, options.stopTimeoutMs ?? 5000))) {
        log.warn({ branch }, 'pushing audit records took too long at stop, killing git');
        git?.abort();
        await queue.onIdle();
        git = undefined;
        audit = undefined;
      }
      started = false;
    },

    pending: () => openedJournal?.size() ?? 0,

    async readStatuses() {
      const opened = await journal();
      // The branch and the journal read in one queue step: no push moves records between the two reads.
      const [statuses, pending] = await queue.add(async () => [(await refresh()) ? await (await branchOps()).readStatusFiles() : new Map<string, unknown>(), opened.entries()] as const);
      for (const entry of pending) for (const status of entryStatuses(entry)) statuses.set(status.name, status.document);
      return statuses;
    },

    async readRecords({ campaign, limit = 100 } = {}) {
      if (limit <= 0) return [];
      const opened = await journal();
      const [onBranch, pending] = await queue.add(async () => [(await refresh()) ? await (await branchOps()).readRecordFiles(campaign, limit) : [], opened.entries(campaign === undefined ? {} : { containing: JSON.stringify(campaign) })] as const);
      const ids = new Set(onBranch.map((record) => record.id));
      const journaled = pending.flatMap((entry) => (campaign === undefined ? entry.record : (recordForCampaign(entry.record, campaign) ?? []))).filter((record) => !ids.has(record.id));
      const byTime = (a: AuditRecord, b: AuditRecord): number => Date.parse(a.time) - Date.parse(b.time);
      return [...onBranch, ...journaled].sort(byTime).slice(-limit);
    },
  };
}
