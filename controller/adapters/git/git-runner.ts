/**
 * The one place that runs git (simple-git), for the product and its tests alike: `createGitRunner`
 * pins the environment (no prompts, `LC_ALL=C.UTF-8`, `GIT_SSH_COMMAND` with `BatchMode=yes`, an
 * https credential through a helper, never argv), kills a silent process, turns a failure into a
 * typed error whose message carries no credential, and `gitRetry` retries a read from the remote
 * only when the classifier calls the failure transient (pushes are retried by the audit trail,
 * which re-applies on the new tip: one retry layer per kind of failure).
 *
 * Callers prefer git's verbose forms (`fetch --verbose`, no `--quiet`): simple-git waits 50 ms after
 * a process that printed nothing at all.
 */
import { mkdirSync } from 'node:fs';
import { setTimeout as delay } from 'node:timers/promises';
import { GitPluginError, simpleGit, type SimpleGit } from 'simple-git';
import { silentLogger, type Logger } from '../logging/logger.js';
import { classifyGitError } from './classify-git-error.js';
import { accessSecrets, gitAccessSettings, type GitRemoteAccess } from './git-remote-access.js';
import { isGitTransientError, type GitErrorContext } from './git-errors.js';
import { redactCredentials } from './redact-url.js';

export interface GitRunnerOptions {
  /** The directory the commands run in; created when missing. */
  baseDir: string;
  /** Remote and settings named by the errors of every command. Default none. */
  context?: Omit<GitErrorContext, 'operation'>;
  /** Credential pieces scrubbed from every message and log line. Default none. */
  secrets?: readonly string[];
  /** `-c name=value` settings for every command (e.g. the committer identity). Default none. */
  config?: readonly string[];
  /** How the remote is reached: an https credential, the SSH key and known hosts. Default ssh's and git's own. */
  access?: GitRemoteAccess;
  /** Ignore the machine's system and global git configuration (tests). Default false. */
  isolateConfig?: boolean;
  /**
   * Fail on any non-zero exit. Default false: as simple-git does, a non-zero exit that printed
   * nothing on stderr (`git commit` with nothing to commit) resolves with its stdout.
   */
  strictExitCode?: boolean;
  /**
   * A git process that printed nothing for this long is killed (a hung network): long commands pass
   * `--progress`, so this is "no progress", not the command's whole time. Default 120 000 ms.
   */
  idleTimeoutMs?: number;
  /** Attempts of a read from the remote (fetch, ls-remote, clone) that fails transiently. Default 3. */
  remoteReadAttempts?: number;
  /** The first wait between those attempts (doubling). Default 500 ms. */
  retryBackoffMs?: number;
  /** The environment git inherits; `GIT_*` variables other than the TLS ones are dropped. Default `process.env`. */
  env?: NodeJS.ProcessEnv;
  /** Default `silentLogger`. */
  log?: Logger;
}

export interface GitRunner {
  readonly baseDir: string;
  /** Runs `git <args>` and resolves with its stdout; rejects with a typed error from git-errors.ts. */
  run(args: readonly string[], context?: Partial<GitErrorContext>): Promise<string>;
  /** Kills running commands and fails the later ones: used when shutting down. */
  abort(): void;
}

/** `GIT_*` variables passed through to git (simple-git refuses the others). */
const PASSED_GIT_VARIABLES = ['GIT_SSL_CAINFO', 'GIT_SSL_CAPATH'];
/** Variables that make git run another program; simple-git refuses them, and the controller never needs them. */
const DROPPED_VARIABLES = new Set(['editor', 'visual', 'pager', 'prefix', 'ssh_askpass']);
/** Git's reads from the remote: safe to run again. */
const REMOTE_READS = new Set(['fetch', 'ls-remote', 'clone']);
const PINNED_VARIABLES = ['GIT_TERMINAL_PROMPT', 'GIT_SSH_COMMAND', 'GIT_CONFIG_NOSYSTEM', 'GIT_CONFIG_GLOBAL', ...PASSED_GIT_VARIABLES];

function gitEnvironment(base: NodeJS.ProcessEnv, pinned: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(base)) {
    if (value === undefined) continue;
    if (key.toUpperCase().startsWith('GIT_') && !PASSED_GIT_VARIABLES.includes(key)) continue;
    if (DROPPED_VARIABLES.has(key.toLowerCase())) continue;
    env[key] = value;
  }
  return { ...env, ...pinned, GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C.UTF-8', LANGUAGE: 'C' };
}

/**
 * Runs `attempt` again, with doubling backoff, while it fails with an error the classifier calls
 * transient (GitTransientError) and attempts are left; any other error is thrown at once.
 */
export async function gitRetry<T>(attempt: () => Promise<T>, options: { attempts: number; backoffMs: number; signal?: AbortSignal; onRetry?: (error: unknown) => void }): Promise<T> {
  for (let tried = 1; ; tried += 1) {
    try {
      return await attempt();
    } catch (error) {
      if (!isGitTransientError(error) || tried >= options.attempts || options.signal?.aborted) throw error;
      options.onRetry?.(error);
      await delay(options.backoffMs * 2 ** (tried - 1), undefined, { signal: options.signal }).catch(() => undefined);
    }
  }
}

export function createGitRunner(options: GitRunnerOptions): GitRunner {
  const log = options.log ?? silentLogger;
  const secrets = [...(options.secrets ?? []), ...accessSecrets(options.access)];
  const controller = new AbortController();
  const idleMs = options.idleTimeoutMs ?? 120_000;
  mkdirSync(options.baseDir, { recursive: true });
  const access = gitAccessSettings(options.access);
  const pinned: Record<string, string> = { ...access.env, ...(options.isolateConfig ? { GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null' } : {}) };
  const git: SimpleGit = simpleGit({
    baseDir: options.baseDir,
    config: [...access.config, ...(options.config ?? [])],
    abort: controller.signal,
    allowEnvironment: PINNED_VARIABLES,
    unsafe: { allowUnsafeSshCommand: true, allowUnsafeCredentialHelper: true, allowUnsafeConfigPaths: options.isolateConfig === true },
    timeout: { block: idleMs },
    trimmed: false,
    maxConcurrentProcesses: 2,
    ...(options.strictExitCode ? { errors: (error: Buffer | Error | undefined, result: { exitCode: number; stdOut: Buffer[]; stdErr: Buffer[] }) => error ?? (result.exitCode === 0 ? undefined : Buffer.concat([...result.stdErr, Buffer.from(`exit code ${result.exitCode}`)])) } : {}),
  }).env(gitEnvironment(options.env ?? process.env, pinned));

  const scrub = (text: string): string => redactCredentials(text, secrets);
  const messageOf = (error: unknown): string =>
    error instanceof GitPluginError && error.plugin === 'timeout'
      ? `git printed nothing for ${idleMs} ms and was killed (block timeout reached): the remote or the network stopped answering`
      : error instanceof Error
        ? error.message
        : String(error);

  const once = async (args: readonly string[], context: Partial<GitErrorContext>): Promise<string> => {
    const started = Date.now();
    try {
      const stdout = await git.raw([...args]);
      log.debug({ git: scrub(args.join(' ')), ms: Date.now() - started }, 'git command');
      return stdout;
    } catch (error) {
      const stderr = scrub(messageOf(error));
      const typed = classifyGitError(stderr, { ...options.context, operation: args[0] ?? 'git', ...context });
      log.debug({ git: scrub(args.join(' ')), ms: Date.now() - started, err: typed }, 'git command failed');
      throw typed;
    }
  };

  return {
    baseDir: options.baseDir,
    run(args, context = {}) {
      if (!REMOTE_READS.has(args[0] ?? '')) return once(args, context);
      return gitRetry(() => once(args, context), {
        attempts: options.remoteReadAttempts ?? 3,
        backoffMs: options.retryBackoffMs ?? 500,
        signal: controller.signal,
        onRetry: (error) => log.warn({ git: args[0], err: error }, 'git read from the remote failed, retrying'),
      });
    },
    abort() {
      controller.abort();
    },
  };
}
