/**
 * Watches the refs of a LOCAL remote repository (chokidar) so a commit on the watched branch is
 * picked up at once instead of at the next poll. Only `refs/heads/<branch>` and `packed-refs` count;
 * everything else under the git directory (objects, other branches such as the audit branch) is
 * ignored. Bursts of events are debounced into one call.
 */
import { watch, type FSWatcher } from 'chokidar';
import { join, normalize, sep } from 'node:path';
import { silentLogger, type Logger } from '../logging/logger.js';
import { unrefTimer, type SetTimer } from '../../lib/timer.js';

export interface RefWatcherOptions {
  /** The remote's git directory (`.git` of a non-bare repository, the repository itself when bare). */
  gitDir: string;
  /** The branch whose ref is watched. */
  branch: string;
  /** Called once per burst of ref changes, and once when the watcher is ready. */
  onRefChange: () => void;
  /** Quiet time that ends a burst. Default 100 ms. */
  debounceMs?: number;
  /** Default `setTimeout`. */
  setTimer?: SetTimer;
  /** Default `silentLogger`. */
  log?: Logger;
}

export interface RefWatcher {
  close(): Promise<void>;
}

/** The paths under `gitDir` the watcher descends into or reports. */
function relevantPaths(gitDir: string, branch: string): Set<string> {
  const root = normalize(gitDir);
  const paths = new Set([root, join(root, 'packed-refs'), join(root, 'refs'), join(root, 'refs', 'heads')]);
  let current = join(root, 'refs', 'heads');
  for (const part of branch.split('/')) {
    current = join(current, part);
    paths.add(current);
  }
  return paths;
}

export function watchRefs(options: RefWatcherOptions): RefWatcher {
  const log = options.log ?? silentLogger;
  const setTimer = options.setTimer ?? unrefTimer;
  const debounceMs = options.debounceMs ?? 100;
  const relevant = relevantPaths(options.gitDir, options.branch);
  const refFile = join(normalize(options.gitDir), 'refs', 'heads', ...options.branch.split('/'));
  const packedRefs = join(normalize(options.gitDir), 'packed-refs');
  let cancelPending: (() => void) | undefined;
  let closed = false;

  const fire = (): void => {
    cancelPending?.();
    cancelPending = setTimer(() => {
      cancelPending = undefined;
      if (!closed) options.onRefChange();
    }, debounceMs);
  };

  const watcher: FSWatcher = watch(options.gitDir, {
    ignoreInitial: true,
    persistent: true,
    ignored: (path: string) => !relevant.has(normalize(path).replace(new RegExp(`\\${sep}+$`), '')),
  });
  watcher.on('all', (_event, path) => {
    const changed = normalize(path);
    if (changed === refFile || changed === packedRefs) fire();
  });
  watcher.on('ready', fire);
  watcher.on('error', (error) => log.warn({ gitDir: options.gitDir, error: error instanceof Error ? error.message : String(error) }, 'ref watcher failed, relying on polling'));

  return {
    async close() {
      closed = true;
      cancelPending?.();
      cancelPending = undefined;
      await watcher.close();
    },
  };
}
