/**
 * Turns git's stderr into a typed error (after Renovate's `checkForPlatformFailure`): the patterns
 * are git's own wording over https, ssh and local transports. The text must already be scrubbed of
 * credentials; it ends up in the message.
 */
import {
  GitAuthError,
  GitCommandError,
  GitNotFoundError,
  GitPushRejectedError,
  GitTlsTrustError,
  GitTransientError,
  type GitErrorContext,
} from './git-errors.js';

const REMOTE_OPERATIONS = new Set(['fetch', 'push', 'ls-remote', 'clone', 'pull']);

const PUSH_DENIED = /pre-receive hook declined|protected branch|GH006|not allowed to push|permission to .* denied|denied to /i;
const PUSH_RACE = /\[rejected\]|\(fetch first\)|non-fast-forward|failed to update ref|cannot lock ref|stale info|Updates were rejected|\[remote rejected\].*(?:failed|lock)/i;
const AUTH =
  /Authentication failed|could not read (?:Username|Password)|terminal prompts disabled|Permission denied \(publickey|Host key verification failed|HTTP Basic: Access denied|returned error: 40[13]|invalid username or password|Invalid credentials|access denied|Permission to .* denied/i;
const BRANCH_MISSING = /couldn't find remote ref|Remote branch .* not found|unknown revision .*refs\/remotes/i;
const REPOSITORY_MISSING = /does not appear to be a git repository|Repository not found|returned error: 404|not found|No such file or directory|not a git repository/i;
const REVISION_MISSING = /unknown revision|bad object|bad revision|invalid object name|not a valid object name|ambiguous argument|Not a valid commit name/i;
const TLS_TRUST =
  /SSL certificate problem|server certificate verification failed|certificate verify failed|unable to get local issuer certificate|self[- ]signed certificate|no alternative certificate subject name|certificate has expired|The certificate is NOT trusted|issuer is not trusted/i;
const TRANSIENT =
  /Could not resolve host|Connection refused|Connection timed out|Connection reset|Couldn't connect|Failed to connect|timed out|early EOF|hung up unexpectedly|RPC failed|unable to access|returned error: 5\d\d|network is unreachable|Temporary failure|TLS|SSL|gnutls|\.lock': File exists|another git process|block timeout reached|Abort signal|remote end hung up|could not lock config file/i;

/** git's `--progress` lines (each update ends in a carriage return), the remote's as well: never a cause. */
const PROGRESS = /^(?:remote: )?(?:Enumerating|Counting|Compressing|Receiving|Resolving|Updating files|Writing objects|Unpacking|Checking (?:out|connectivity)|Filtering content|Total \d)/;

/** The lines of git's stderr worth showing, at most `max` characters. */
export function gitErrorDetail(stderr: string, max = 300): string {
  const lines = stderr
    .split(/\r?\n|\r/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !/^hint:/i.test(line) && !/^(?:To|From) /.test(line) && !PROGRESS.test(line));
  const important = lines.filter(
    (line) =>
      /^(?:fatal|error|remote: error|ssh:|!)/i.test(line) ||
      /\[(?:remote )?rejected\]/.test(line) ||
      /Host key verification failed|Permission denied|host key for .* has changed|No \S+ host key is known/i.test(line),
  );
  const chosen = (important.length > 0 ? important : lines).map((line) => line.replace(/^(?:fatal|error):\s*/i, ''));
  const text = [...new Set(chosen)].join('; ');
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** Classifies a failed git command from its (scrubbed) stderr. */
export function classifyGitError(stderr: string, context: GitErrorContext): Error {
  const detail = gitErrorDetail(stderr);
  const remote = REMOTE_OPERATIONS.has(context.operation);
  if (context.operation === 'push' && PUSH_DENIED.test(stderr)) return new GitAuthError(context, { detail });
  if (context.operation === 'push' && PUSH_RACE.test(stderr)) return new GitPushRejectedError(context, { detail });
  if (remote && AUTH.test(stderr)) return new GitAuthError(context, { detail });
  if (remote && BRANCH_MISSING.test(stderr)) return new GitNotFoundError('branch', context, { detail });
  if (remote && REPOSITORY_MISSING.test(stderr)) return new GitNotFoundError('repository', context, { detail });
  if (TLS_TRUST.test(stderr)) return new GitTlsTrustError(context, { detail });
  if (TRANSIENT.test(stderr)) return new GitTransientError(context, { detail });
  if (!remote && REVISION_MISSING.test(stderr)) return new GitNotFoundError('revision', context, { detail });
  return new GitCommandError(context, { detail });
}
