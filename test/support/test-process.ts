/**
 * A server binary a test starts (sshd, Alertmanager, etcd): spawned and stopped by its own handle,
 * its output kept (the last `maxOutput` characters), readiness awaited with a deadline that fails
 * at once, with the output, when the process exits first, and a stop that sends a signal,
 * escalates to SIGKILL past a grace period and waits for the exit.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { waitFor } from './wait-for.js';

export interface TestProcess {
  child: ChildProcess;
  /** stdout and stderr as one text (the last `maxOutput` characters). */
  output(): string;
  running(): boolean;
  /** Resolves when the process has exited (whatever the reason). */
  exited: Promise<void>;
  /**
   * Waits until `check(output)` gives a value (not undefined/false), or throws: at the deadline, or
   * at once when the process exits first, either way with its output.
   */
  waitUntil<T>(check: (output: string) => T | undefined | false | Promise<T | undefined | false>, options: { what: string; timeoutMs?: number; intervalMs?: number }): Promise<T>;
  /** Sends `signal` (default SIGTERM), SIGKILL after `graceMs` (default 3 s), and waits for the exit. */
  stop(signal?: NodeJS.Signals, graceMs?: number): Promise<void>;
}

export function startTestProcess(name: string, binary: string, args: readonly string[], { maxOutput = 20_000 }: { maxOutput?: number } = {}): TestProcess {
  const child = spawn(binary, [...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk: Buffer): void => {
    output = (output + chunk.toString('utf8')).slice(-maxOutput);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const running = (): boolean => child.exitCode === null && child.signalCode === null;
  // 'error' (the binary cannot be run) ends the process too: nothing waits forever for an exit.
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.once('error', (error) => {
      keep(Buffer.from(`\n${error.message}`));
      resolve();
    });
  });
  let ended = false;
  void exited.then(() => (ended = true));
  return {
    child,
    output: () => output,
    running: () => running() && !ended,
    exited,
    waitUntil: (check, { what, timeoutMs = 15_000, intervalMs = 25 }) =>
      waitFor(
        async () => {
          const value = await check(output);
          if (value !== undefined && value !== false) return value;
          if (ended || !running()) throw new ExitedError(`${name} exited (code ${child.exitCode ?? child.signalCode}) before ${what}: ${output.slice(-2000)}`);
          return undefined;
        },
        { timeoutMs, intervalMs, what: `${what} (${name} output: ${output.slice(-1000)})`, stopOn: (error) => error instanceof ExitedError },
      ),
    async stop(signal = 'SIGTERM', graceMs = 3000) {
      if (running() && !ended) {
        child.kill(signal);
        const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
        await exited;
        clearTimeout(timer);
      }
      await exited;
    },
  };
}

class ExitedError extends Error {
  override readonly name = 'ExitedError';
}
