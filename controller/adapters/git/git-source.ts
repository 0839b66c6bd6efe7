/**
 * `createGitSource`: the desired state as a clean checkout of the watched branch. Every git command
 * on the clone runs one at a time (a queue of one); background checks only fetch and compare the
 * tip, so the checkout changes only when the controller calls `sync`.
 */
import { realpath, stat } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import PQueue from 'p-queue';
import { silentLogger } from '../logging/logger.js';
import { findGitDirectory } from './find-git-directory.js';
import { GitNotFoundError, type GitErrorContext } from './git-errors.js';
import { createGitRunner, type GitRunner } from './git-runner.js';
import { checkBranchName, checkDesiredStatePath } from './git-settings.js';
import type { DesiredStateSnapshot, FetchSchedule, GitSource, GitSourceOptions } from './git-source-types.js';
import { openLocalClone } from './local-clone.js';
import { watchRefs, type RefWatcher } from './ref-watcher.js';
import { remoteAccess, resolveRepositoryUrl } from './repository-url.js';
import { backoffMs } from '../../lib/retry.js';
import { unrefTimer } from '../../lib/timer.js';
import { settleWithin } from './settle-within.js';

const FULL_SHA = /^[0-9a-f]{40}(?:[0-9a-f]{24})?$/i;
/** While fetches keep failing, the poll interval doubles up to this many poll intervals (docs/architecture.md, "The git source's health"). */
export const MAX_POLL_BACKOFF_FACTOR = 10;

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function createGitSource(options: GitSourceOptions): GitSource {
  const log = (options.log ?? silentLogger).child({ component: 'git-source' });
  const branch = checkBranchName(options.branch ?? 'main', 'GITOPS_BRANCH');
  const path = checkDesiredStatePath(options.path ?? '.');
  const repo = resolveRepositoryUrl(options.repoUrl);
  const cloneDir = resolve(options.dataDir, 'source');
  const pollMs = Math.max(0, (options.pollSeconds ?? 30) * 1000);
  const setTimer = options.setTimer ?? unrefTimer;
  const trackingRef = `refs/remotes/origin/${branch}`;
  const context: Omit<GitErrorContext, 'operation'> = { remote: repo.display, urlSetting: 'GITOPS_REPO_URL', branch, branchSetting: 'GITOPS_BRANCH' };
  const queue = new PQueue({ concurrency: 1 });
  const listeners = new Set<(revision: string) => void>();
  const fetchListeners = new Set<(error: unknown, schedule: FetchSchedule) => void>();
  /** Consecutive failed background fetches, and the delay before the next poll they lead to. */
  let failedFetches = 0;
  let nextPollMs = pollMs;

  let git: GitRunner | undefined;
  let opened = false;
  let lastSeenTip: string | undefined;
  let current: DesiredStateSnapshot | undefined;
  let queuedCheck: { waiting: boolean; promise?: Promise<void> } | undefined;
  let cancelPoll: (() => void) | undefined;
  let watcher: RefWatcher | undefined;
  let started = false;
  let stopped = false;

  async function open(): Promise<GitRunner> {
    git ??= createGitRunner({ baseDir: cloneDir, context, secrets: repo.secrets, access: remoteAccess(repo, options.access), log });
    if (!opened) {
      await openLocalClone(git, repo.url, log);
      opened = true;
    }
    return git;
  }

  function emit(revision: string): void {
    for (const listener of [...listeners]) {
      try {
        listener(revision);
      } catch (error) {
        log.error({ revision, error: messageOf(error) }, 'onChange listener failed');
      }
    }
  }

  /** Counts the fetch, picks the next poll's delay (backing off while fetches fail) and tells the listeners. */
  function reportFetch(error: unknown): void {
    failedFetches = error === undefined ? 0 : failedFetches + 1;
    nextPollMs = failedFetches === 0 ? pollMs : backoffMs(failedFetches, { baseMs: pollMs, maxMs: pollMs * MAX_POLL_BACKOFF_FACTOR, random: options.random });
    const schedule: FetchSchedule = { consecutiveFailures: failedFetches, ...(pollMs === 0 || stopped ? {} : { nextPollInMs: nextPollMs }) };
    for (const listener of [...fetchListeners]) listener(error, schedule);
  }

  /** Fetches the watched branch only, and reports a move of its tip. */
  async function fetchTip(): Promise<string> {
    const runner = await open();
    await runner.run(['fetch', '--verbose', '--no-tags', '--no-write-fetch-head', 'origin', `+refs/heads/${branch}:${trackingRef}`]);
    const tip = (await runner.run(['rev-parse', '--verify', '--quiet', `${trackingRef}^{commit}`])).trim();
    const previous = lastSeenTip;
    lastSeenTip = tip;
    if (previous !== undefined && previous !== tip) {
      log.info({ branch, from: previous, to: tip }, 'watched branch moved');
      emit(tip);
    }
    return tip;
  }

  async function checkout(): Promise<DesiredStateSnapshot> {
    const runner = await open();
    const tip = await fetchTip();
    await runner.run(['checkout', '--force', '--detach', tip]);
    await runner.run(['reset', '--hard', tip]);
    await runner.run(['clean', '-ffdxq']);
    const [revision = tip, committedAt = '', author = '', subject = ''] = (
      await runner.run(['log', '-1', '--no-show-signature', '--format=%H%x00%cI%x00%an <%ae>%x00%s', tip])
    )
      .replace(/\n$/, '')
      .split('\0');
    const dir = path === '.' ? cloneDir : join(cloneDir, ...path.split('/'));
    await assertDirectoryInside(dir, revision);
    current = { revision, dir, repoPath: path, committedAt, subject, author };
    log.debug({ revision, dir }, 'desired state checked out');
    return current;
  }

  async function assertDirectoryInside(dir: string, revision: string): Promise<void> {
    const problem = (text: string) =>
      new GitNotFoundError('path', { ...context, operation: 'checkout', revision }, { detail: `GITOPS_PATH "${path}" ${text} at ${revision.slice(0, 12)}` });
    const stats = await stat(dir).catch(() => undefined);
    if (!stats?.isDirectory()) throw problem('is not a directory');
    const [real, root] = await Promise.all([realpath(dir), realpath(cloneDir)]);
    if (real !== root && !real.startsWith(root + sep)) throw problem('leads outside the repository (a symbolic link)');
  }

  /** Queues one fetch; callers arriving while it still waits share it. */
  function requestCheck(reason: string): Promise<void> {
    if (stopped) return Promise.resolve();
    if (queuedCheck?.waiting && queuedCheck.promise) return queuedCheck.promise;
    const slot: { waiting: boolean; promise?: Promise<void> } = { waiting: true };
    queuedCheck = slot;
    slot.promise = queue
      .add(async () => {
        slot.waiting = false;
        if (stopped) return;
        await fetchTip();
        reportFetch(undefined);
      })
      .catch((error: unknown) => {
        log.warn({ reason, branch, error: messageOf(error) }, 'fetching the desired state failed');
        reportFetch(error);
      });
    return slot.promise;
  }

  function schedulePoll(): void {
    if (stopped || pollMs === 0) return;
    cancelPoll = setTimer(() => {
      cancelPoll = undefined;
      void requestCheck('poll').finally(schedulePoll);
    }, nextPollMs);
  }

  function startWatcher(localPath: string): void {
    const gitDir = findGitDirectory(localPath);
    if (!gitDir) {
      log.warn({ remote: repo.display }, 'local remote is not a repository yet, relying on polling');
      return;
    }
    watcher = watchRefs({ gitDir, branch, onRefChange: () => void requestCheck('ref watcher'), debounceMs: options.watchDebounceMs, setTimer, log });
    log.debug({ gitDir, branch }, 'watching the refs of the local remote');
  }

  return {
    sync() {
      if (stopped) return Promise.reject(new Error('the git source is stopped: create a new one to sync again'));
      return queue.add(checkout);
    },
    currentRevision: () => current?.revision,
    onChange(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    onFetch(listener) {
      fetchListeners.add(listener);
      return () => void fetchListeners.delete(listener);
    },
    notify() {
      void requestCheck('notify');
    },
    start() {
      if (started || stopped) return;
      started = true;
      schedulePoll();
      if (repo.localPath) startWatcher(repo.localPath);
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      cancelPoll?.();
      cancelPoll = undefined;
      listeners.clear();
      fetchListeners.clear();
      await watcher?.close();
      watcher = undefined;
      if (!(await settleWithin(queue.onIdle(), options.stopTimeoutMs ?? 5000))) {
        log.warn({ branch }, 'git command still running at stop, killing it');
        git?.abort();
        await queue.onIdle();
      }
    },
    changedFilesBetween(from, to) {
      for (const revision of [from, to]) {
        if (!FULL_SHA.test(revision)) return Promise.reject(new TypeError(`changedFilesBetween: "${revision}" is not a full commit sha`));
      }
      return queue.add(async () => {
        const runner = await open();
        const args = ['diff', '--name-only', '-z', '--no-renames', '--no-ext-diff'];
        if (path !== '.') args.push(`--relative=${path}/`);
        const output = await runner.run([...args, from, to, '--'], { revision: `${from.slice(0, 12)}..${to.slice(0, 12)}` });
        return output.split('\0').filter((file) => file !== '');
      });
    },
  };
}
