/**
 * GITOPS_REPO_URL as git needs it: a local path (made absolute, since git runs inside the clone),
 * a `file://` URL, or a remote https/ssh URL (scp-like `git@host:org/repo.git` included). An https
 * URL's user-info is split off: git gets it from the credential helper (git-remote-access.ts).
 */
import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { splitUrlCredential, type GitRemoteAccess } from './git-remote-access.js';
import { credentialsOf, redactUrl } from './redact-url.js';

export interface RepositoryUrl {
  /** What git is given as the remote URL. */
  url: string;
  /** The URL as printed in logs and messages: credentials stripped. */
  display: string;
  /** The absolute path when the remote is a local repository (a path or `file://`). */
  localPath?: string;
  /** Pieces of the URL's user-info to scrub from any text. */
  secrets: string[];
  /** An http(s) URL's user-info, given to git by the credential helper instead of in `url`. */
  credential?: { username: string; password: string };
}

const SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;
/** scp-like syntax: a colon before the first slash, and not a Windows drive letter. */
const SCP_LIKE = /^(?:[^@/]+@)?[^/:]{2,}:/;

/** Resolves GITOPS_REPO_URL against `cwd` (default: the working directory). */
export function resolveRepositoryUrl(repoUrl: string, cwd: string = process.cwd()): RepositoryUrl {
  const trimmed = repoUrl.trim();
  if (trimmed === '') throw new TypeError('GITOPS_REPO_URL is empty: set it to a path, file://, https or ssh URL of the desired-state repository');
  if (trimmed.startsWith('-')) throw new TypeError(`GITOPS_REPO_URL "${redactUrl(trimmed)}" starts with "-": set it to a path or URL`);
  if (/^file:\/\//i.test(trimmed)) {
    const localPath = fileURLToPath(trimmed);
    return { url: localPath, display: trimmed, localPath, secrets: [] };
  }
  if (SCHEME.test(trimmed)) {
    const { url, credential } = splitUrlCredential(trimmed);
    return { url, display: redactUrl(trimmed), secrets: credentialsOf(trimmed), ...(credential ? { credential } : {}) };
  }
  if (SCP_LIKE.test(trimmed)) return { url: trimmed, display: trimmed, secrets: [] };
  const localPath = isAbsolute(trimmed) ? resolve(trimmed) : resolve(cwd, trimmed);
  return { url: localPath, display: localPath, localPath, secrets: [] };
}

/** The access settings for `repo`: the URL's own credential wins over GITOPS_REPO_TOKEN. */
export function remoteAccess(repo: RepositoryUrl, settings: GitRemoteAccess = {}): GitRemoteAccess {
  const credential = repo.credential ?? settings.credential;
  return { ...settings, ...(credential ? { credential } : {}) };
}
