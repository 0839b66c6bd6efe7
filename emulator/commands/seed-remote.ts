/**
 * Creates a bare Git remote holding a desired-state directory: the demo's local remote, and the
 * test harness's and benchmarks' too.
 */
import { cp, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createGitRunner } from '../../controller/adapters/git/git-runner.js';

/** Every git call goes through the controller's one git runner (pinned environment, typed errors). */
async function git(cwd: string, ...args: string[]): Promise<string> {
  return (await createGitRunner({ baseDir: cwd }).run(args)).trim();
}

/**
 * Creates `remote` (a bare repository on branch main) holding the files of `source`, unless it
 * exists; `prepare` may change the files before the first commit. Returns whether it created it.
 */
export async function seedRemote(remote: string, source: string, prepare?: (work: string) => Promise<void>): Promise<boolean> {
  if (existsSync(path.join(remote, 'HEAD'))) return false;
  await mkdir(remote, { recursive: true });
  await git(remote, 'init', '--bare', '--initial-branch=main');
  const work = await mkdtemp(path.join(os.tmpdir(), 'cxone-demo-seed-'));
  try {
    await git(work, 'init', '--initial-branch=main');
    await cp(source, work, { recursive: true });
    await prepare?.(work);
    await git(work, 'add', '-A');
    await git(work, '-c', 'user.name=cxone-gitops demo', '-c', 'user.email=demo@localhost', 'commit', '-m', 'Seed the desired state');
    await git(work, 'push', remote, 'main');
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  return true;
}
