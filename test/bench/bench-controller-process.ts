/**
 * The controller as a child process for the benchmarks: spawned on a free loopback port, polled
 * until a condition holds, its CPU time and peak RSS read from /proc (Linux only), its `/healthz`
 * probed as a liveness probe would, and stopped by its own handle.
 *
 * The child's node gets the flags of the controller's image first; `BENCH_NODE_ARGS`
 * (space-separated) go after them, to profile it:
 * `BENCH_NODE_ARGS='--cpu-prof --cpu-prof-dir=prof' npm run bench -- --only controller-sweep-10k`
 * (the directory is relative to the child's temporary working directory unless absolute).
 */
import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import { setTimeout as delay } from 'node:timers/promises';
import { SERVICE_NODE_FLAGS } from '../../controller/lib/service-node-flags.js';
import { spawnCli, type CliProcess } from '../support/spawn-cli.js';

/** Polls `check` every `intervalMs` until it returns a value; fails fast when `alive` says the process died. */
export async function until<T>(check: () => Promise<T | undefined> | T | undefined, what: string, options: { timeoutMs: number; intervalMs?: number; alive?: () => string | undefined }): Promise<T> {
  const deadline = Date.now() + options.timeoutMs;
  let lastError: unknown;
  for (;;) {
    const dead = options.alive?.();
    if (dead !== undefined) throw new Error(`${what}: ${dead}`);
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${options.timeoutMs} ms waiting for ${what}${lastError instanceof Error ? ` (last error: ${lastError.message})` : ''}`);
    }
    await delay(options.intervalMs ?? 25);
  }
}

export async function getJson<T>(url: string): Promise<T> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`GET ${url}: ${response.status}`);
  return (await response.json()) as T;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface SpawnedController {
  child: CliProcess;
  url: string;
  /** A message when the process has exited, else undefined. */
  alive: () => string | undefined;
}

/**
 * `cxone-gitops run` as a child process, in `cwd` (so no stray .env is read), listening on a free
 * port, started with the node flags of the controller's image (lib/service-node-flags.ts).
 */
export async function spawnController(env: Record<string, string>, cwd: string, extraNodeArgs: string[] = []): Promise<SpawnedController> {
  const port = await freePort();
  const nodeArgs = [...SERVICE_NODE_FLAGS, ...extraNodeArgs, ...(process.env.BENCH_NODE_ARGS ?? '').split(' ').filter((arg) => arg !== '')];
  const child = spawnCli(['run'], { env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? os.tmpdir(), ...env, HTTP_PORT: String(port) }, cwd, nodeArgs });
  const alive = () => (child.child.exitCode !== null || child.child.signalCode !== null ? `the controller exited (${child.child.exitCode ?? child.child.signalCode}): ${child.stderr().slice(-1000)}` : undefined);
  return { child, url: `http://127.0.0.1:${port}`, alive };
}

/** The node flag that preloads event-loop-stall-probe.ts into a child; it writes to the child's `BENCH_STALL_FILE`. */
export function stallProbeArgs(): string[] {
  return ['--import', new URL('./event-loop-stall-probe.js', import.meta.url).href];
}

/**
 * SIGTERM, and SIGKILL if it has not exited 15 s later; returns its exit code or signal. A stop
 * that did not exit 0 prints the controller's output from the signal on (its log, then stderr), to see why.
 */
export async function stopChild(child: CliProcess): Promise<number | string> {
  const timer = setTimeout(() => child.child.kill('SIGKILL'), 15_000);
  const before = { out: child.stdout().length, err: child.stderr().length };
  const signalled = Date.now();
  const running = child.child.exitCode === null && child.child.signalCode === null;
  try {
    const exit = await child.stop('SIGTERM');
    if (exit !== 0 && running) {
      // JSON log lines go to stdout, the signal's messages to stderr.
      const lines = [...child.stdout().slice(before.out).split('\n'), ...child.stderr().slice(before.err).split('\n')].filter((line) => line !== '');
      process.stderr.write(`  the controller's stop ended with ${exit} after ${Date.now() - signalled} ms; its log from the signal on (${lines.length} lines, the last 40):\n${lines.slice(-40).map((line) => `    ${line.slice(0, 400)}`).join('\n')}\n`);
    }
    return exit;
  } finally {
    clearTimeout(timer);
  }
}

const CLOCK_TICKS = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

export interface ProcessUsage {
  /** user + sys of the process (its threads included), ms. */
  cpuMs: number;
  /** user + sys of its exited, waited-for children (git), ms. */
  childCpuMs: number;
  peakRssMb: number;
}

export async function processUsage(pid: number): Promise<ProcessUsage> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // Fields 14–17 of proc(5) (utime, stime, cutime, cstime) are 11–14 here, counted from field 3.
  const ticks = (index: number) => Number(fields[index]);
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const hwmKb = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? NaN);
  return {
    cpuMs: ((ticks(11) + ticks(12)) * 1000) / CLOCK_TICKS,
    childCpuMs: ((ticks(13) + ticks(14)) * 1000) / CLOCK_TICKS,
    peakRssMb: hwmKb / 1024,
  };
}

/**
 * Asks `/healthz` again and again (each after the previous answer) until stopped; the waits once the
 * server first answered, and when that was (`performance.now()`, undefined until then).
 */
export function probeHealth(url: string): { stop(): Promise<number[]>; firstAnswerAt(): number | undefined } {
  let stopped = false;
  const waits: number[] = [];
  let answered = false;
  let firstAnswer: number | undefined;
  const loop = (async () => {
    while (!stopped) {
      const asked = performance.now();
      try {
        await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(600_000) }).then((response) => response.arrayBuffer());
        answered = true;
        firstAnswer ??= performance.now();
        waits.push(performance.now() - asked);
      } catch {
        // Not listening yet; once it has answered, a failure counts as a wait that long.
        if (answered) waits.push(performance.now() - asked);
      }
      await delay(50);
    }
  })();
  return {
    async stop() {
      stopped = true;
      await loop;
      return waits;
    },
    firstAnswerAt: () => firstAnswer,
  };
}
