/**
 * Links from the dashboard to a desired-state commit (README, "Status, metrics and the dashboard"):
 * `GITOPS_COMMIT_URL` (`{sha}` is replaced) or, for an https or ssh remote, the forge's commit page
 * (`https://host/owner/repo/commit/<sha>`, which GitHub, GitLab and Gitea serve). A local path or
 * file:// remote has no web page: the revision is shown unlinked, with its subject and author.
 */

/** The commit URL template (`…{sha}…`) for a remote, or undefined when it has no web page. */
export function commitUrlTemplate(repoUrl: string | undefined, override?: string): string | undefined {
  if (override) return override.includes('{sha}') ? override : `${override.replace(/\/+$/, '')}/{sha}`;
  if (!repoUrl) return undefined;
  const scp = /^(?:[\w.-]+@)?([\w.-]+):(?!\/)(.+?)(?:\.git)?\/?$/.exec(repoUrl);
  if (scp && !/^[a-z]:$/i.test(`${scp[1]}:`)) return `https://${scp[1]}/${scp[2]}/commit/{sha}`;
  let parsed: URL;
  try {
    parsed = new URL(repoUrl);
  } catch {
    return undefined;
  }
  if (!['https:', 'http:', 'ssh:'].includes(parsed.protocol)) return undefined;
  const repoPath = parsed.pathname.replace(/\.git\/?$/, '').replace(/\/+$/, '');
  if (repoPath === '') return undefined;
  const scheme = parsed.protocol === 'http:' ? 'http' : 'https';
  return `${scheme}://${parsed.hostname}${parsed.protocol !== 'ssh:' && parsed.port ? `:${parsed.port}` : ''}${repoPath}/commit/{sha}`;
}

/** The commit page of `sha` under a template, or undefined. */
export function commitUrl(template: string | undefined, sha: string | undefined): string | undefined {
  return template && sha && /^[0-9a-f]{7,64}$/i.test(sha) ? template.replaceAll('{sha}', sha) : undefined;
}

/** `Ana Lopez` of `Ana Lopez <ana@example.com>`. */
export function authorName(author: string): string {
  return author.replace(/\s*<[^>]*>\s*$/, '').trim() || author;
}
