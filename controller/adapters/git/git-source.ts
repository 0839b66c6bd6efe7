/**
 * `createGitSource`: the desired state as a clean checkout of the watched branch. Every git command
 * on the clone runs one at a time (a queue of one); background checks only fetch and compare the
 * tip, so the checkout changes only when the controller calls `sync`.
 */
import { realpath, stat } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import PQueue from 'p-queue';
import { silentLogger, type Logger } from '../logging/logger.js';
import { findGitDirectory } from './find-git-directory.js';
import { GitNotFoundError, type GitErrorContext } from './git-errors.js';
import { createGitRunner, type GitRunner } from './git-runner.js';
import { checkBranchName, checkDesiredStatePath } from './git-settings.js';
import { createFetchPoller } from './fetch-poller.js';
import type { DesiredStateSnapshot, GitSource, GitSourceOptions } from './git-source-types.js';
import { openLocalClone } from './local-clone.js';
import { watchRefs, type RefWatcher, type RefWatcherOptions } from './ref-watcher.js';
import { remoteAccess, resolveRepositoryUrl } from './repository-url.js';
import { unrefTimer } from '../../lib/timer.js';
import { settleWithin } from './settle-within.js';
import { messageOf } from '../../lib/error-message.js';

const FULL_SHA = /^[0-9a-f]{40}(?:[0-9a-f]{24})?$/i;

interface CloneLayout {
  cloneDir: string;
  /** GITOPS_PATH, relative to the repository root. */
  path: string;
  context: Omit<GitErrorContext, 'operation'>;
}

function emitTo(listeners: ReadonlySet<(revision: string) => void>, revision: string, log: Logger): void {
  for (const listener of [...listeners]) {
    try {
      listener(revision);
    } catch (error) {
      log.error({ revision, error: messageOf(error) }, 'onChange listener failed');
    }
  }
}

async function assertDirectoryInside(layout: CloneLayout, dir: string, revision: string): Promise<void> {
  const problem = (text: string) =>
    new GitNotFoundError('path', { ...layout.context, operation: 'checkout', revision }, { detail: `GITOPS_PATH "${layout.path}" ${text} at ${revision.slice(0, 12)}` });
  const stats = await stat(dir).catch(() => undefined);
  if (!stats?.isDirectory()) throw problem('is not a directory');
  const [real, root] = await Promise.all([realpath(dir), realpath(layout.cloneDir)]);
  if (real !== root && !real.startsWith(root + sep)) throw problem('leads outside the repository (a symbolic link)');
}

/**
 * Checks `tip` out clean and reads its commit: the snapshot the controller loads. `--progress` here
 * and on the fetch: git is silent on a pipe otherwise, and the runner kills a git silent for its idle
 * limit, so a clone of 100,000 files (or a slow network) was killed while it was still working
 * (docs/architecture.md, "Git commands and the idle limit").
 */
async function checkoutTip(runner: GitRunner, layout: CloneLayout, tip: string): Promise<DesiredStateSnapshot> {
  await runner.run(['checkout', '--progress', '--force', '--detach', tip]);
  await runner.run(['reset', '--hard', tip]);
  await runner.run(['clean', '-ffdxq']);
  const [revision = tip, committedAt = '', author = '', subject = ''] = (
    await runner.run(['log', '-1', '--no-show-signature', '--format=%H%x00%cI%x00%an <%ae>%x00%s', tip])
  )
    .replace(/\n$/, '')
    .split('\0');
  const { path, cloneDir } = layout;
  const dir = path === '.' ? cloneDir : join(cloneDir, ...path.split('/'));
  await assertDirectoryInside(layout, dir, revision);
  return { revision, dir, repoPath: path, committedAt, subject, author };
}

async function changedFiles(runner: GitRunner, path: string, from: string, to: string): Promise<string[]> {
  const args = ['diff', '--name-only', '-z', '--no-renames', '--no-ext-diff'];
  if (path !== '.') args.push(`--relative=${path}/`);
  const output = await runner.run([...args, from, to, '--'], { revision: `${from.slice(0, 12)}..${to.slice(0, 12)}` });
  return output.split('\0').filter((file) => file !== '');
}

/** Watches the refs of a remote on this machine (a fetch on each change); undefined when it is not a repository yet. */
function watchLocalRemote(localPath: string, watch: Omit<RefWatcherOptions, 'gitDir'>, display: string): RefWatcher | undefined {
  const gitDir = findGitDirectory(localPath);
  if (!gitDir) {
    watch.log?.warn({ remote: display }, 'local remote is not a repository yet, relying on polling');
    return undefined;
  }
  const watcher = watchRefs({ gitDir, ...watch });
  watch.log?.debug({ gitDir, branch: watch.branch }, 'watching the refs of the local remote');
  return watcher;
}

/** The clone's git runner, made and its clone opened at the first use. */
function lazyClone(create: () => GitRunner, url: string, log: Logger): { open(): Promise<GitRunner>; abort(): void } {
  let git: GitRunner | undefined;
  let opened = false;
  return {
    async open() {
      git ??= create();
      if (!opened) {
        await openLocalClone(git, url, log);
        opened = true;
      }
      return git;
    },
    abort: () => git?.abort(),
  };
}

/** Waits for the queue's command to end; after `timeoutMs`, `kill` it and wait again. */
async function drain(queue: PQueue, timeoutMs: number, kill: () => void): Promise<void> {
  if (await settleWithin(queue.onIdle(), timeoutMs)) return;
  kill();
  await queue.onIdle();
}

export function createGitSource(options: GitSourceOptions): GitSource {
  const log = (options.log ?? silentLogger).child({ component: 'git-source' });
  const branch = checkBranchName(options.branch ?? 'main', 'GITOPS_BRANCH');
  const path = checkDesiredStatePath(options.path ?? '.');
  const repo = resolveRepositoryUrl(options.repoUrl);
  const cloneDir = resolve(options.dataDir, 'source');
  const setTimer = options.setTimer ?? unrefTimer;
  const trackingRef = `refs/remotes/origin/${branch}`;
  const context: Omit<GitErrorContext, 'operation'> = { remote: repo.display, urlSetting: 'GITOPS_REPO_URL', branch, branchSetting: 'GITOPS_BRANCH' };
  const layout: CloneLayout = { cloneDir, path, context };
  const queue = new PQueue({ concurrency: 1 });
  const listeners = new Set<(revision: string) => void>();
  const poller = createFetchPoller({ queue, fetchTip, pollMs: Math.max(0, (options.pollSeconds ?? 30) * 1000), setTimer, random: options.random, log, branch });

  const clone = lazyClone(() => createGitRunner({ baseDir: cloneDir, context, secrets: repo.secrets, access: remoteAccess(repo, options.access), idleTimeoutMs: options.idleTimeoutMs, log }), repo.url, log);
  const open = clone.open;
  let lastSeenTip: string | undefined;
  let current: DesiredStateSnapshot | undefined;
  let watcher: RefWatcher | undefined;
  let started = false;
  let stopped = false;

  /** Fetches the watched branch only, and reports a move of its tip. */
  async function fetchTip(): Promise<string> {
    const runner = await open();
    await runner.run(['fetch', '--verbose', '--progress', '--no-tags', '--no-write-fetch-head', 'origin', `+refs/heads/${branch}:${trackingRef}`]);
    const tip = (await runner.run(['rev-parse', '--verify', '--quiet', `${trackingRef}^{commit}`])).trim();
    const previous = lastSeenTip;
    lastSeenTip = tip;
    if (previous !== undefined && previous !== tip) {
      log.info({ branch, from: previous, to: tip }, 'watched branch moved');
      emitTo(listeners, tip, log);
    }
    return tip;
  }

  async function checkout(): Promise<DesiredStateSnapshot> {
    const runner = await open();
    current = await checkoutTip(runner, layout, await fetchTip());
    log.debug({ revision: current.revision, dir: current.dir }, 'desired state checked out');
    return current;
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
    onFetch: (listener) => poller.onFetch(listener),
    notify() {
      void poller.requestCheck('notify');
    },
    start() {
      if (started || stopped) return;
      started = true;
      poller.schedulePoll();
      if (repo.localPath) watcher = watchLocalRemote(repo.localPath, { branch, onRefChange: () => void poller.requestCheck('ref watcher'), debounceMs: options.watchDebounceMs, setTimer, log }, repo.display);
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      poller.stop();
      listeners.clear();
      await watcher?.close();
      watcher = undefined;
      await drain(queue, options.stopTimeoutMs ?? 5000, () => {
        log.warn({ branch }, 'git command still running at stop, killing it');
        clone.abort();
      });
    },
    changedFilesBetween(from, to) {
      const wrong = [from, to].find((revision) => !FULL_SHA.test(revision));
      if (wrong !== undefined) return Promise.reject(new TypeError(`changedFilesBetween: "${wrong}" is not a full commit sha`));
      return queue.add(async () => changedFiles(await open(), path, from, to));
    },
  };
}
