/**
 * The one place that runs git (simple-git): every command of the git adapters goes through
 * `GitRunner.run`, which pins the environment (no prompts, C locale), kills a silent process, and
 * turns a failure into a typed error whose message carries no credential.
 *
 * Callers prefer git's verbose forms (`fetch --verbose`, no `--quiet`): simple-git waits 50 ms after
 * a process that printed nothing at all.
 */
import { mkdirSync } from 'node:fs';
import { GitError, simpleGit, type SimpleGit } from 'simple-git';
import { silentLogger, type Logger } from '../logging/logger.js';
import { classifyGitError } from './classify-git-error.js';
import type { GitErrorContext } from './git-errors.js';
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
  /** A git process silent for this long is killed (a hung network). Default 120 000 ms. */
  idleTimeoutMs?: number;
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

function gitEnvironment(base: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(base)) {
    if (value === undefined) continue;
    if (key.toUpperCase().startsWith('GIT_') && !PASSED_GIT_VARIABLES.includes(key)) continue;
    if (DROPPED_VARIABLES.has(key.toLowerCase())) continue;
    env[key] = value;
  }
  return { ...env, GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C', LANGUAGE: 'C' };
}

export function createGitRunner(options: GitRunnerOptions): GitRunner {
  const log = options.log ?? silentLogger;
  const secrets = options.secrets ?? [];
  const controller = new AbortController();
  mkdirSync(options.baseDir, { recursive: true });
  const git: SimpleGit = simpleGit({
    baseDir: options.baseDir,
    config: [...(options.config ?? [])],
    abort: controller.signal,
    allowEnvironment: ['GIT_TERMINAL_PROMPT', ...PASSED_GIT_VARIABLES],
    timeout: { block: options.idleTimeoutMs ?? 120_000 },
    trimmed: false,
    maxConcurrentProcesses: 2,
  }).env(gitEnvironment(options.env ?? process.env));

  const scrub = (text: string): string => redactCredentials(text, secrets);

  return {
    baseDir: options.baseDir,
    async run(args, context = {}) {
      const started = Date.now();
      try {
        const stdout = await git.raw([...args]);
        log.debug({ git: scrub(args.join(' ')), ms: Date.now() - started }, 'git command');
        return stdout;
      } catch (error) {
        const stderr = scrub(error instanceof GitError ? error.message : error instanceof Error ? error.message : String(error));
        const typed = classifyGitError(stderr, { ...options.context, operation: args[0] ?? 'git', ...context });
        log.debug({ git: scrub(args.join(' ')), ms: Date.now() - started, error: typed.message }, 'git command failed');
        throw typed;
      }
    },
    abort() {
      controller.abort();
    },
  };
}
