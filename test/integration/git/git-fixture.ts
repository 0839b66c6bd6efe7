/**
 * Real git repositories in temporary directories for the git adapter tests: a remote (bare or
 * not), a working clone acting as a human or another writer, and helpers to commit and read.
 */
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createGitRunner } from '../../../controller/adapters/git/git-runner.js';

const IDENTITY = ['user.name=Test Engineer', 'user.email=engineer@example.test', 'commit.gpgsign=false', 'init.defaultBranch=main'];

/**
 * Runs git in `cwd` through the product's one git runner, with a fixed identity, no system or
 * global configuration and no retries; resolves with stdout, rejects with the typed git error.
 */
export function git(cwd: string, ...args: string[]): Promise<string> {
  return createGitRunner({ baseDir: cwd, config: IDENTITY, isolateConfig: true, strictExitCode: true, remoteReadAttempts: 1 }).run(args);
}

/** A temporary directory, removed by `cleanup`. */
export class TempDirs {
  private readonly dirs: string[] = [];

  async make(prefix = 'cxone-gitops-git-'): Promise<string> {
    const dir = await mkdtemp(join(tmpdir(), prefix));
    this.dirs.push(dir);
    return dir;
  }

  async cleanup(): Promise<void> {
    await Promise.all(this.dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
  }
}

/** Writes `files` (path → content; null deletes) in `repo`, commits them all, and returns the new sha. */
export async function commitFiles(repo: string, files: Record<string, string | null>, message = 'change campaigns'): Promise<string> {
  for (const [path, content] of Object.entries(files)) {
    const file = join(repo, path);
    if (content === null) await rm(file, { force: true });
    else {
      await mkdir(dirname(file), { recursive: true });
      await writeFile(file, content);
    }
  }
  await git(repo, 'add', '-A');
  await git(repo, 'commit', '--quiet', '-m', message);
  return (await git(repo, 'rev-parse', 'HEAD')).trim();
}

/** A non-bare repository on `main` with one commit holding `files`. */
export async function createWorkingRepo(dir: string, files: Record<string, string>): Promise<string> {
  await git(dir, 'init', '--quiet');
  await commitFiles(dir, files, 'initial desired state');
  return dir;
}

/** A bare remote seeded with `files` on `main` through a working clone, which is returned too. */
export async function createBareRemote(temp: TempDirs, files: Record<string, string>): Promise<{ remote: string; work: string }> {
  const remote = await temp.make('cxone-gitops-remote-');
  await git(remote, 'init', '--quiet', '--bare');
  await git(remote, 'config', 'core.logAllRefUpdates', 'always');
  const work = await temp.make('cxone-gitops-work-');
  await createWorkingRepo(work, files);
  await git(work, 'remote', 'add', 'origin', remote);
  await git(work, 'push', '--quiet', 'origin', 'main');
  return { remote, work };
}

/** The sha `ref` points at in `repo`, or undefined. */
export async function revParse(repo: string, ref: string): Promise<string | undefined> {
  try {
    return (await git(repo, 'rev-parse', '--verify', '--quiet', ref)).trim();
  } catch {
    return undefined;
  }
}

export const CAMPAIGN_YAML = (name: string, weight = 0.1): string =>
  `apiVersion: cxone-gitops/v1\nkind: CampaignWeights\nmetadata:\n  name: ${name}\n  campaignId: 00000000-0000-4000-8000-000000000001\nspec:\n  parameterWeights:\n    answer_rate: ${weight}\n`;

/** The error `promise` rejects with; fails when it resolves. */
export async function failureOf(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a failure');
}
