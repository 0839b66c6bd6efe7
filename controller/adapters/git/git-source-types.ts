/**
 * The desired-state source: a clean checkout of the watched branch of GITOPS_REPO_URL, and the
 * triggers that say it moved (polling, the signed push webhook, a watcher on a local remote).
 */
import type { Logger } from '../logging/logger.js';
import type { SetTimer } from '../../lib/timer.js';
import type { GitRemoteAccess } from './git-remote-access.js';

export interface GitSourceOptions {
  /** GITOPS_REPO_URL: a path, `file://`, https or ssh URL. Required. */
  repoUrl: string;
  /** How the remote is reached (GITOPS_REPO_TOKEN, GITOPS_SSH_KEY_FILE, GITOPS_SSH_KNOWN_HOSTS). Default git's and ssh's own. */
  access?: GitRemoteAccess;
  /** GITOPS_BRANCH: the watched branch. Default `main`. */
  branch?: string;
  /** GITOPS_PATH: the sub-directory holding the files, relative to the repository root. Default `.`. */
  path?: string;
  /** DATA_DIR: the clone lives in `${dataDir}/source`. Required. */
  dataDir: string;
  /** GITOPS_POLL_SECONDS: fetch interval once started; 0 turns polling off. Default 30. */
  pollSeconds?: number;
  /** Quiet time that ends a burst of ref changes on a local remote. Default 100 ms. */
  watchDebounceMs?: number;
  /** A git command that prints no progress for this long is killed (a hung network). Default the git runner's, 120 000 ms. */
  idleTimeoutMs?: number;
  /** How long `stop` waits for a running git command before killing it. Default 5000 ms. */
  stopTimeoutMs?: number;
  /** Default `silentLogger`. */
  log?: Logger;
  /** Default `setTimeout` (unref'd). */
  setTimer?: SetTimer;
  /** Uniform random numbers in [0, 1), for the jitter of the poll's backoff. Default `Math.random`. */
  random?: () => number;
}

/** When the next poll fetches, told to `onFetch` listeners after every background fetch. */
export interface FetchSchedule {
  /** Background fetches failed in a row (0 after one that worked). */
  consecutiveFailures: number;
  /**
   * The delay before the next poll: the poll interval, or while fetches fail a backoff from it
   * (doubling, ±20% jitter, at most MAX_POLL_BACKOFF_FACTOR intervals). Absent when polling is off.
   */
  nextPollInMs?: number;
}

/** One revision of the desired state, checked out clean. */
export interface DesiredStateSnapshot {
  /** The full commit sha. */
  revision: string;
  /** Absolute path of GITOPS_PATH inside a clean checkout of exactly `revision`. */
  dir: string;
  /** GITOPS_PATH as the repository names it (`.` for the root): campaign paths are shown relative to the repository, never into the data directory. */
  repoPath?: string;
  /** Committer date, ISO 8601. */
  committedAt: string;
  /** The commit subject. */
  subject: string;
  /** `Name <email>` of the commit author. */
  author: string;
}

export interface GitSource {
  /**
   * Fetches the branch and checks out its tip in a clean worktree (reset --hard + clean -fdx: only
   * committed state counts). Clones the first time; reuses the clone after a restart. Rejects with
   * a typed error (git-errors.ts), e.g. GitNotFoundError naming GITOPS_REPO_URL or GITOPS_BRANCH.
   */
  sync(): Promise<DesiredStateSnapshot>;
  /** The revision of the last successful `sync`, if any. */
  currentRevision(): string | undefined;
  /**
   * Calls `listener` with the new tip whenever a fetch sees the watched branch at another commit
   * than the previous fetch did (the first fetch sets the baseline; start-up is its own trigger).
   * Other refs never fire it. Returns the function that removes the listener.
   */
  onChange(listener: (revision: string) => void): () => void;
  /** Fetch now (the signed push webhook calls it); bursts are coalesced. Failures are logged and reported to `onFetch` listeners. */
  notify(): void;
  /**
   * Calls `listener` after every background fetch (polling, the ref watcher, `notify`): with the
   * error when it failed, with undefined when it worked, and when the next poll fetches (it backs
   * off while fetches keep failing). Returns the function that removes it.
   */
  onFetch?(listener: (error: unknown, schedule: FetchSchedule) => void): () => void;
  /** Starts polling and, for a local remote, watching its refs. */
  start(): void;
  /** Stops timers and watchers and waits for (or kills) the running git command. Final. */
  stop(): Promise<void>;
  /** Paths, relative to GITOPS_PATH, changed between two revisions (deleted files included). */
  changedFilesBetween(from: string, to: string): Promise<string[]>;
}
