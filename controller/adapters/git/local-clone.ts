/**
 * The controller's own clones under DATA_DIR (the desired-state checkout and the audit worktree):
 * created with `git init` + a remote, reused after a restart, repaired when a crash left it broken.
 */
import { existsSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '../logging/logger.js';
import type { GitRunner } from './git-runner.js';

/** Lock files a killed git leaves behind; nothing else runs git in our clone, so they are stale. */
const STALE_LOCKS = ['index.lock', 'HEAD.lock', 'config.lock', 'shallow.lock'];

/**
 * Makes `git.baseDir` a repository whose `origin` is `url`: initialises it the first time, reuses
 * it after a restart (pointing `origin` at `url` if the setting changed), and re-creates it when it
 * is not a usable repository any more.
 */
export async function openLocalClone(git: GitRunner, url: string, log: Logger): Promise<void> {
  const dir = git.baseDir;
  if (existsSync(join(dir, '.git'))) {
    await Promise.all(STALE_LOCKS.map((lock) => rm(join(dir, '.git', lock), { force: true })));
    try {
      await git.run(['rev-parse', '--git-dir']);
      const current = (await git.run(['config', '--get', 'remote.origin.url']).catch(() => '')).trim();
      if (current === '') await git.run(['remote', 'add', 'origin', url]);
      else if (current !== url) await git.run(['remote', 'set-url', 'origin', url]);
      return;
    } catch (error) {
      log.warn({ dir, error: error instanceof Error ? error.message : String(error) }, 'local clone is broken, re-creating it');
    }
  }
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  await git.run(['init']);
  await git.run(['remote', 'add', 'origin', url]);
}
