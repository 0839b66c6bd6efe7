/**
 * The audit trail's settings and state (docs/architecture.md, "Audit backlog"): the journal opened
 * once, the audit worktree and its branch operations made on first use, the freshness of the
 * worktree, the scheduled flush and the count of failed pushes.
 */
import { join, resolve } from 'node:path';
import PQueue from 'p-queue';
import { silentLogger, type Logger } from '../logging/logger.js';
import { createAuditBranch, type AuditBranch } from './audit-branch.js';
import { openAuditJournal, type AuditJournal } from './audit-journal.js';
import type { AuditTrailOptions } from './audit-trail-types.js';
import { createGitRunner, type GitRunner, type GitRunnerOptions } from './git-runner.js';
import { checkBranchName } from './git-settings.js';
import { openLocalClone } from './local-clone.js';
import { resolveRepositoryUrl, remoteAccess, type RepositoryUrl } from './repository-url.js';
import { unrefTimer, type SetTimer } from '../../lib/timer.js';

const DEFAULT_AUTHOR = { name: 'cxone-gitops', email: 'cxone-gitops@localhost' };
/** Records of a push when the journal starts to fill (docs/architecture.md, "Audit backlog"). */
export const DEFAULT_FIRST_BATCH_RECORDS = 500;
/** Most records of one push (one commit), however large the backlog. */
export const DEFAULT_MAX_BATCH_RECORDS = 5000;
/** Most bytes of journal lines in one push: what one push parses, writes and commits. */
export const DEFAULT_MAX_BATCH_BYTES = 16 * 1024 * 1024;
/** A push that took longer than this does not let the next batch grow, and halves it. */
export const DEFAULT_PUSH_BUDGET_MS = 20_000;

/** One audit trail's settings (from its options, defaults applied) and what changes while it runs. */
export interface AuditTrailState {
  readonly options: AuditTrailOptions;
  readonly log: Logger;
  readonly branch: string;
  readonly repo: RepositoryUrl;
  readonly dataDir: string;
  readonly author: { name: string; email: string };
  readonly batchDelayMs: number;
  readonly firstBatchRecords: number;
  readonly maxBatchRecords: number;
  readonly maxBatchBytes: number;
  readonly pushBudgetMs: number;
  /** Records the next push takes at most: `firstBatchRecords`, doubled after each full batch pushed within `pushBudgetMs` while a backlog is left, up to `maxBatchRecords`. */
  batchRecords: number;
  readonly pushAttempts: number;
  readonly readCacheMs: number;
  readonly now: () => Date;
  readonly setTimer: SetTimer;
  readonly scrub: <T>(value: T) => T;
  readonly createRunner: (options: GitRunnerOptions) => GitRunner;
  /** One step at a time: a push batch, the start's branch check, a read. */
  readonly queue: PQueue;
  journalOpening: Promise<AuditJournal> | undefined;
  openedJournal: AuditJournal | undefined;
  git: GitRunner | undefined;
  audit: AuditBranch | undefined;
  /** When the worktree was last brought to the remote tip (a read within `readCacheMs` uses it as it is). */
  freshAt: number | undefined;
  cancelFlush: (() => void) | undefined;
  /** Failed pushes in a row (the background retry's backoff). */
  failures: number;
  started: boolean;
  stopping: boolean;
  /** Set when `stop` gave up waiting and killed git: no push starts after it (its records stay journaled). */
  gitKilled: boolean;
}

/** How big a push may be, from the options: a first batch no larger than the most. */
function batchSettings(options: AuditTrailOptions): Pick<AuditTrailState, 'firstBatchRecords' | 'maxBatchRecords' | 'maxBatchBytes' | 'pushBudgetMs' | 'batchRecords'> {
  const maxBatchRecords = Math.max(1, options.maxBatchRecords ?? DEFAULT_MAX_BATCH_RECORDS);
  const firstBatchRecords = Math.min(maxBatchRecords, Math.max(1, options.firstBatchRecords ?? DEFAULT_FIRST_BATCH_RECORDS));
  return { firstBatchRecords, maxBatchRecords, maxBatchBytes: Math.max(1, options.maxBatchBytes ?? DEFAULT_MAX_BATCH_BYTES), pushBudgetMs: options.pushBudgetMs ?? DEFAULT_PUSH_BUDGET_MS, batchRecords: firstBatchRecords };
}

/** The state of an audit trail not yet started. */
export function auditTrailState(options: AuditTrailOptions): AuditTrailState {
  return {
    options,
    log: (options.log ?? silentLogger).child({ component: 'audit-trail' }),
    branch: checkBranchName(options.auditBranch ?? 'cxone-gitops/audit', 'GITOPS_AUDIT_BRANCH'),
    repo: resolveRepositoryUrl(options.repoUrl),
    dataDir: resolve(options.dataDir),
    author: options.author ?? DEFAULT_AUTHOR,
    batchDelayMs: options.batchDelayMs ?? 500,
    ...batchSettings(options),
    pushAttempts: Math.max(1, options.pushAttempts ?? 5),
    readCacheMs: options.readCacheMs ?? 2000,
    now: options.now ?? (() => new Date()),
    setTimer: options.setTimer ?? unrefTimer,
    scrub: options.scrub ?? (<T>(value: T): T => value),
    createRunner: options.createRunner ?? createGitRunner,
    queue: new PQueue({ concurrency: 1 }),
    journalOpening: undefined,
    openedJournal: undefined,
    git: undefined,
    audit: undefined,
    freshAt: undefined,
    cancelFlush: undefined,
    failures: 0,
    started: false,
    stopping: false,
    gitKilled: false,
  };
}

/** The journal, opened once (a failed open is tried again on the next call). */
export function journal(state: AuditTrailState): Promise<AuditJournal> {
  state.journalOpening ??= openAuditJournal(join(state.dataDir, 'journal', 'audit.jsonl'), state.log).then(
    (opened) => (state.openedJournal = opened),
    (error: unknown) => {
      state.journalOpening = undefined;
      throw error;
    },
  );
  return state.journalOpening;
}

/** The audit worktree's branch operations, its clone opened on first use. */
export async function branchOps(state: AuditTrailState): Promise<AuditBranch> {
  if (state.audit) return state.audit;
  const { repo, branch, author, log } = state;
  state.git = state.createRunner({
    baseDir: join(state.dataDir, 'audit'),
    context: { remote: repo.display, urlSetting: 'GITOPS_REPO_URL', branch, branchSetting: 'GITOPS_AUDIT_BRANCH' },
    secrets: repo.secrets,
    access: remoteAccess(repo, state.options.access),
    config: [`user.name=${author.name}`, `user.email=${author.email}`, 'commit.gpgsign=false', 'core.autocrlf=false'],
    log,
  });
  await openLocalClone(state.git, repo.url, log);
  state.audit = createAuditBranch(state.git, branch, log);
  return state.audit;
}

/** Brings the worktree to the remote tip unless it is fresh; false when the branch does not exist. */
export async function refresh(state: AuditTrailState): Promise<boolean> {
  const ops = await branchOps(state);
  if (state.freshAt !== undefined && state.now().getTime() - state.freshAt < state.readCacheMs) return true;
  const tip = await ops.fetch();
  if (!tip) return false;
  await ops.resetTo(tip);
  state.freshAt = state.now().getTime();
  return true;
}
