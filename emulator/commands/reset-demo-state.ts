/**
 * The demo's state under its directory, made ready for a start (README, "Quick start"): the local
 * bare remote is seeded on the first run and reused after. A reused remote keeps its desired state
 * but not its audit branch, and the controller's data starts afresh too: every start brings a fresh
 * emulator, and an audit history of objects that no longer exist would show them all OutOfSync.
 */
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { createGitRunner } from '../../controller/adapters/git/git-runner.js';
import { AUDIT_BRANCH } from './demo-steps.js';
import { seedRemote } from './seed-remote.js';

export interface DemoState {
  /** The bare remote, `root/remote.git`. */
  remote: string;
  /** The controller's DATA_DIR, `root/data`. */
  dataDir: string;
  /** Whether this start seeded the remote (false: reused). */
  created: boolean;
}

/** Seeds `root/remote.git` from `source` (through `prepare`), or resets a reused one's audit branch and the data directory. */
export async function resetDemoState(root: string, source: string, prepare?: (work: string) => Promise<void>): Promise<DemoState> {
  const remote = path.join(root, 'remote.git');
  const dataDir = path.join(root, 'data');
  const created = await seedRemote(remote, source, prepare);
  if (!created) {
    // No audit branch yet (a run stopped before its first push) is fine: there is nothing to delete.
    await createGitRunner({ baseDir: remote }).run(['update-ref', '-d', `refs/heads/${AUDIT_BRANCH}`]).catch(() => undefined);
    await rm(dataDir, { recursive: true, force: true });
  }
  return { remote, dataDir, created };
}
