/**
 * The git directory of a local repository, found on disk without running git: `<path>/.git` of a
 * non-bare repository (following a `gitdir:` file and its `commondir`, as linked worktrees and
 * submodules have), or the path itself when it is a bare repository.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';

/** The directory holding `refs/` and `packed-refs`, or undefined when `path` is no repository. */
export function findGitDirectory(path: string): string | undefined {
  const dotGit = join(path, '.git');
  let gitDir: string | undefined;
  if (isDirectory(dotGit)) gitDir = dotGit;
  else if (existsSync(dotGit)) {
    const match = /^gitdir:\s*(.+)$/m.exec(readFileSync(dotGit, 'utf8'));
    if (match?.[1]) gitDir = resolve(path, match[1].trim());
  } else if (existsSync(join(path, 'HEAD')) && isDirectory(join(path, 'refs'))) gitDir = path;
  if (!gitDir) return undefined;
  const commonDirFile = join(gitDir, 'commondir');
  if (existsSync(commonDirFile)) {
    const common = readFileSync(commonDirFile, 'utf8').trim();
    return isAbsolute(common) ? common : resolve(gitDir, common);
  }
  return gitDir;
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
