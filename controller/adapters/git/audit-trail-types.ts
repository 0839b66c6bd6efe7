/**
 * The audit trail: every record is journaled locally (fsync) first, then committed to the audit
 * branch and pushed in batches, one commit per push; nothing leaves the journal until it is on the branch.
 */
import type { Logger } from '../logging/logger.js';
import type { AuditRecord, AuditStatus } from './audit-record.js';
import type { GitRunner, GitRunnerOptions } from './git-runner.js';
import type { SetTimer } from '../../lib/timer.js';
import type { WriteFence } from '../election/write-fence.js';
import type { GitRemoteAccess } from './git-remote-access.js';

export interface AuditTrailOptions {
  /** GITOPS_REPO_URL: the repository holding the audit branch (a path, `file://`, https or ssh URL). Required. */
  repoUrl: string;
  /** How the remote is reached (GITOPS_REPO_TOKEN, GITOPS_SSH_KEY_FILE, GITOPS_SSH_KNOWN_HOSTS). Default git's and ssh's own. */
  access?: GitRemoteAccess;
  /** GITOPS_AUDIT_BRANCH. Default `cxone-gitops/audit`. */
  auditBranch?: string;
  /** DATA_DIR: journal at `${dataDir}/journal/audit.jsonl`, worktree at `${dataDir}/audit`. Required. */
  dataDir: string;
  /** Default `silentLogger`. */
  log?: Logger;
  /** Records arriving within this long of the first are pushed together. Default 500 ms. */
  batchDelayMs?: number;
  /**
   * Records of the first push of a backlog; while a backlog is left, each full batch pushed within
   * `pushBudgetMs` doubles the next, up to `maxBatchRecords` (docs/architecture.md, "Audit backlog").
   * Default 500 (at most `maxBatchRecords`).
   */
  firstBatchRecords?: number;
  /** Most records per push (each push is one commit). Default 5,000. */
  maxBatchRecords?: number;
  /** Most bytes of journal lines per push (at least one record). Default 16 MiB. */
  maxBatchBytes?: number;
  /** A push that takes longer than this halves the next batch (not below `firstBatchRecords`) instead of doubling it. Default 20 s. */
  pushBudgetMs?: number;
  /** Author and committer of audit commits. Default `cxone-gitops <cxone-gitops@localhost>`. */
  author?: { name: string; email: string };
  /** Pushes attempted per flush when another writer keeps moving the branch. Default 5. */
  pushAttempts?: number;
  /** How long `stop` tries to push what is journaled before leaving it for the next start. Default 5000 ms. */
  stopTimeoutMs?: number;
  /** Reads within this long of the last fetch (or our push) use the worktree as it is. Default 2000 ms. */
  readCacheMs?: number;
  /** Applied to every record and status document before it is journaled, e.g. `secrets.scrub`. Default none. */
  scrub?: <T>(value: T) => T;
  /** Default `() => new Date()`. */
  now?: () => Date;
  /** Default `setTimeout` (unref'd). */
  setTimer?: SetTimer;
  /** Makes the git runner of the worktree. Default `createGitRunner`; tests wrap it to watch or interleave commands. */
  createRunner?: (options: GitRunnerOptions) => GitRunner;
  /** Asked right before each push (leader election: only the leader pushes). Default none. */
  fence?: WriteFence;
  /** Told the ids of the records now on the audit branch (after each successful flush). Default none. */
  onPushed?: (ids: string[]) => void;
}

export interface AuditTrail {
  /**
   * Resolves once the record (and its status document, or the documents of a grouped record, in
   * order) is durable in the journal; pushing happens in the background, batched. A record whose id
   * is already journaled is not added again.
   */
  record(record: AuditRecord, status?: AuditStatus | readonly AuditStatus[]): Promise<void>;
  /** Commits and pushes everything journaled now; rejects with a typed git error (records kept). */
  flush(): Promise<void>;
  /** Creates the audit branch (an orphan) if the remote lacks it; what a previous run left in the journal is pushed in the background, in batches. */
  start(): Promise<void>;
  /** Flushes for at most `stopTimeoutMs`, then stops timers and git; what is not pushed stays journaled. */
  stop(): Promise<void>;
  /** Records journaled and not yet pushed (for metrics); undefined until the journal is read (a previous run's backlog may be waiting). */
  pending(): number | undefined;
  /** Every `status/<name>.json` of the audit branch, overlaid with the newer ones still in the journal. */
  readStatuses(): Promise<Map<string, unknown>>;
  /**
   * The latest records of the audit branch (and those still journaled), oldest first, newest last.
   * With `campaign`, a grouped record naming it is given as that campaign's part (`recordForCampaign`).
   * `limit` defaults to 100.
   */
  readRecords(options?: { campaign?: string; limit?: number }): Promise<AuditRecord[]>;
}
