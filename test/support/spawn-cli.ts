/**
 * Runs `node dist/controller/cli.js …` as a child process, as a user would run `cxone-gitops`, and
 * waits for a line of its output. Every process started here is stopped by `stop()`.
 */
import { execFile, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { waitFor } from './wait-for.js';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const CLI = path.join(REPO_ROOT, 'dist/controller/cli.js');

export interface CliProcess {
  child: ChildProcessWithoutNullStreams;
  stdout(): string;
  stderr(): string;
  /** Waits until a line matches; returns the match. */
  waitForLine(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  /** Sends a signal and waits for the exit; returns the exit code (or the signal name). */
  stop(signal?: NodeJS.Signals): Promise<number | string>;
  exited: Promise<number | string>;
}

/** `nodeArgs` go before the script (e.g. `--cpu-prof`, which NODE_OPTIONS does not allow). */
export function spawnCli(args: string[], options: { env?: NodeJS.ProcessEnv; cwd?: string; nodeArgs?: string[] } = {}): CliProcess {
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), CLI, ...args], { cwd: options.cwd ?? REPO_ROOT, env: options.env ?? process.env });
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
  const exited = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? -1)));
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    exited,
    waitForLine: (pattern, timeoutMs = 15_000) =>
      waitFor(() => out.match(pattern) ?? err.match(pattern) ?? undefined, { timeoutMs, what: `output matching ${pattern} (stdout: ${out.slice(-500)} stderr: ${err.slice(-500)})` }),
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `cxone-gitops …` as a user would, and waits for it to exit. */
export function runCli(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { cwd: options.cwd ?? REPO_ROOT, env: options.env ?? process.env, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
      resolve({ code, stdout, stderr });
    });
  });
}

/** Waits for the process to exit (with a deadline) and returns its exit code; kills it if it hangs. */
export async function exitCodeWithin(child: CliProcess, ms: number): Promise<number | string> {
  let code: number | string | undefined;
  void child.exited.then((value) => (code = value));
  try {
    await waitFor(() => code !== undefined, { timeoutMs: ms, what: `the process to exit (stderr: ${child.stderr().slice(-300)})` });
  } finally {
    await child.stop('SIGKILL');
  }
  return code!;
}
