/**
 * Reads the campaigns' status documents (`status/<campaign>.json`) from the audit branch of a
 * remote, read-only, for `plan` (I5 in docs/architecture.md: `plan` decides with the history the
 * controller decides with). A shallow fetch of that one branch into a scratch repository, through
 * the one git runner; nothing is pushed and the desired-state checkout is not touched.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createGitRunner } from './git-runner.js';
import type { GitRemoteAccess } from './git-remote-access.js';
import { remoteAccess, resolveRepositoryUrl } from './repository-url.js';

export interface AuditStatusesRead {
  /** By campaign name; empty when the branch does not exist yet (no controller has written). */
  statuses: Map<string, unknown>;
  /** The remote as printed (no credentials). */
  remote: string;
  /** False when the remote has no such branch. */
  branchExists: boolean;
}

const REF = 'refs/cxone-gitops/audit';

export async function readAuditStatuses(options: { repoUrl: string; branch: string; access?: GitRemoteAccess; cwd?: string }): Promise<AuditStatusesRead> {
  const repo = resolveRepositoryUrl(options.repoUrl, options.cwd);
  const dir = await mkdtemp(join(tmpdir(), 'cxone-gitops-plan-'));
  const git = createGitRunner({
    baseDir: dir,
    context: { remote: repo.display, urlSetting: 'GITOPS_REPO_URL', branch: options.branch, branchSetting: 'GITOPS_AUDIT_BRANCH' },
    secrets: repo.secrets,
    access: remoteAccess(repo, options.access),
    strictExitCode: true,
  });
  try {
    await git.run(['init', '--quiet', '--bare']);
    const heads = await git.run(['ls-remote', '--heads', repo.url, `refs/heads/${options.branch}`]);
    if (heads.trim() === '') return { statuses: new Map(), remote: repo.display, branchExists: false };
    await git.run(['fetch', '--quiet', '--no-tags', '--depth', '1', repo.url, `+refs/heads/${options.branch}:${REF}`]);
    const files = (await git.run(['ls-tree', '--name-only', REF, 'status/'])).split('\n').filter((line) => line.endsWith('.json'));
    const statuses = new Map<string, unknown>();
    for (const file of files) {
      try {
        statuses.set(file.slice('status/'.length, -'.json'.length), JSON.parse(await git.run(['show', `${REF}:${file}`])));
      } catch {
        // An unreadable status document: that campaign is planned without history, as the controller restores none.
      }
    }
    return { statuses, remote: repo.display, branchExists: true };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
