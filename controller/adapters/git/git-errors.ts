/**
 * Typed errors of the git adapters, classified by what the controller must do (domain/errors.ts).
 * Each names the git operation and the remote with its credentials stripped, and says what to do
 * next; none ever carries a credential.
 */
import { ConflictError, StalledError, TransientError, type ClassifiedErrorOptions } from '../../domain/errors.js';

/** Where a git command went and which settings a human would fix. */
export interface GitErrorContext {
  /** The git sub-command, e.g. `fetch`. */
  operation: string;
  /** The remote as printed (credentials stripped), for commands that talk to it. */
  remote?: string;
  /** The setting holding the remote URL. Default `GITOPS_REPO_URL`. */
  urlSetting?: string;
  /** The branch the command works on. */
  branch?: string;
  /** The setting holding the branch name, e.g. `GITOPS_BRANCH` or `GITOPS_AUDIT_BRANCH`. */
  branchSetting?: string;
  /** The revision a local command was given. */
  revision?: string;
}

export interface GitErrorOptions extends ClassifiedErrorOptions {
  /** git's own message, credentials scrubbed. */
  detail?: string;
}

export function describeGitCall(context: GitErrorContext): string {
  return `git ${context.operation}${context.remote ? ` ${context.remote}` : ''}${context.branch ? ` (branch ${context.branch})` : ''}`;
}

function withDetail(detail: string | undefined): string {
  return detail ? ` (${detail})` : '';
}

/** Bad or missing credentials, or the remote refused access: a human must fix the credentials or permissions. */
export class GitAuthError extends StalledError {
  override readonly name = 'GitAuthError';
  readonly detail?: string;
  constructor(readonly context: GitErrorContext, options: GitErrorOptions = {}) {
    const setting = context.urlSetting ?? 'GITOPS_REPO_URL';
    const hostKey = /Host key verification failed|host key for .* has changed|No \S+ host key is known/i.test(options.detail ?? '');
    super(
      hostKey
        ? `${describeGitCall(context)}: the SSH host key is unknown or changed${withDetail(options.detail)}: add the server's host key to the file GITOPS_SSH_KNOWN_HOSTS names (ssh-keyscan, checked out of band), or fix ${setting} if it names the wrong host`
        : `${describeGitCall(context)}: access denied${withDetail(options.detail)}: check the credentials for ${setting} (GITOPS_REPO_TOKEN, a token in the URL, or the SSH key GITOPS_SSH_KEY_FILE) and that they may ${context.operation === 'push' ? 'push to' : 'read'} the repository`,
      options,
    );
    this.detail = options.detail;
  }
}

/** What is missing. */
export type GitMissingThing = 'repository' | 'branch' | 'path' | 'revision';

/** The repository, the branch, the desired-state path or a revision does not exist. */
export class GitNotFoundError extends StalledError {
  override readonly name = 'GitNotFoundError';
  readonly detail?: string;
  constructor(readonly missing: GitMissingThing, readonly context: GitErrorContext, options: GitErrorOptions = {}) {
    super(`${describeGitCall(context)}: ${notFoundAdvice(missing, context, options.detail)}`, options);
    this.detail = options.detail;
  }
}

function notFoundAdvice(missing: GitMissingThing, context: GitErrorContext, detail: string | undefined): string {
  switch (missing) {
    case 'repository':
      return `repository not found${withDetail(detail)}: check ${context.urlSetting ?? 'GITOPS_REPO_URL'} names an existing repository the controller can read`;
    case 'branch':
      return `branch "${context.branch ?? ''}" not found on the remote${withDetail(detail)}: check ${context.branchSetting ?? 'GITOPS_BRANCH'}, or push the branch`;
    case 'path':
      return `${detail ?? 'the desired-state path is not a directory'}: check GITOPS_PATH names a directory committed on the branch`;
    case 'revision':
      return `revision ${context.revision ?? ''} is not in the clone${withDetail(detail)}: sync again; the branch may have been force-pushed`;
  }
}

/** A push refused because the remote branch moved (another writer): fetch, re-apply on the new tip, push again. */
export class GitPushRejectedError extends ConflictError {
  override readonly name = 'GitPushRejectedError';
  readonly detail?: string;
  constructor(readonly context: GitErrorContext, options: GitErrorOptions = {}) {
    super(`${describeGitCall(context)}: push rejected because the remote branch moved${withDetail(options.detail)}: fetch and re-apply on the new tip`, options);
    this.detail = options.detail;
  }
}

/** The remote's TLS certificate is not trusted (or names another host): a human must fix the trust store or the URL. */
export class GitTlsTrustError extends StalledError {
  override readonly name = 'GitTlsTrustError';
  readonly detail?: string;
  constructor(readonly context: GitErrorContext, options: GitErrorOptions = {}) {
    super(
      `${describeGitCall(context)}: the server's certificate is not trusted${withDetail(options.detail)}: check the host in ${context.urlSetting ?? 'GITOPS_REPO_URL'}, or trust a private CA with GIT_SSL_CAINFO=/path/to/ca.pem`,
      options,
    );
    this.detail = options.detail;
  }
}

/** The network, the remote or a lock got in the way: retry with backoff. */
export class GitTransientError extends TransientError {
  override readonly name = 'GitTransientError';
  readonly detail?: string;
  constructor(readonly context: GitErrorContext, options: GitErrorOptions = {}) {
    super(`${describeGitCall(context)}: failed${withDetail(options.detail)}: retried with backoff; check the remote is reachable if this repeats`, options);
    this.detail = options.detail;
  }
}

/** A git failure none of the patterns explains: retried with backoff, and logged with git's message. */
export class GitCommandError extends TransientError {
  override readonly name = 'GitCommandError';
  readonly detail?: string;
  constructor(readonly context: GitErrorContext, options: GitErrorOptions = {}) {
    super(`${describeGitCall(context)}: failed${withDetail(options.detail)}: retried with backoff; check DATA_DIR is writable and used by one controller only if this repeats`, options);
    this.detail = options.detail;
  }
}

export function isGitAuthError(error: unknown): error is GitAuthError {
  return error instanceof GitAuthError;
}
export function isGitNotFoundError(error: unknown): error is GitNotFoundError {
  return error instanceof GitNotFoundError;
}
export function isGitPushRejectedError(error: unknown): error is GitPushRejectedError {
  return error instanceof GitPushRejectedError;
}
export function isGitTlsTrustError(error: unknown): error is GitTlsTrustError {
  return error instanceof GitTlsTrustError;
}
export function isGitTransientError(error: unknown): error is GitTransientError {
  return error instanceof GitTransientError;
}
export function isGitCommandError(error: unknown): error is GitCommandError {
  return error instanceof GitCommandError;
}
