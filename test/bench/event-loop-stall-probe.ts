/**
 * A preload for the benchmarks' controller child (`node --import …/event-loop-stall-probe.js`):
 * the longest synchronous stretch of its main thread, in wall ms and in the main thread's own CPU
 * ms. The CPU figure does not grow with the machine's load (a busy neighbour stretches the wall
 * time of a stall, not the CPU the stall needs), so it is the one to compare between runs on a
 * shared machine (docs/architecture.md, "Scale").
 *
 * A timer ticks every TICK_MS; at each tick the main thread's CPU time is read from
 * /proc/self/task/<pid>/schedstat (ns, Linux only). Between two ticks the event loop ran other
 * work; the tick that comes late by the longest wall time, and the one with the most CPU between
 * two ticks, are the stalls. The figures (the longest and the five most CPU-costly, each with its
 * time since the process started, and every stretch of at least NOTED_CPU_MS, so the bench can
 * tell those before the status server first answered from those while it serves) go to
 * `BENCH_STALL_FILE` as JSON whenever one of them changes, so the bench can read them at any
 * moment without asking the child.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { isMainThread } from 'node:worker_threads';

const TICK_MS = 5;
const KEPT = 5;
/** Every stretch of at least this much CPU is noted with its time (at most NOTED_MAX of them). */
const NOTED_CPU_MS = 20;
const NOTED_MAX = 5000;

interface Stall {
  /** Time since the process started, ms, at the end of the stall. */
  atMs: number;
  wallMs: number;
  cpuMs: number;
}

function threadCpuMs(file: string): number {
  // "<ns on cpu> <ns waiting> <timeslices>"
  return Number(readFileSync(file, 'utf8').split(' ')[0]) / 1e6;
}

function startProbe(out: string): void {
  const schedstat = `/proc/self/task/${process.pid}/schedstat`;
  let lastWall = performance.now();
  let lastCpu = threadCpuMs(schedstat);
  let longestWall: Stall = { atMs: 0, wallMs: 0, cpuMs: 0 };
  const costliest: Stall[] = [];
  const noted: Stall[] = [];
  const write = (): void => writeFileSync(out, JSON.stringify({ tickMs: TICK_MS, longestWall, costliest, noted }));
  write();
  setInterval(() => {
    const wall = performance.now();
    const cpu = threadCpuMs(schedstat);
    // The tick's own work (this read) is a few µs: the rest of the gap is what the loop ran.
    const stall: Stall = { atMs: Math.round(wall), wallMs: wall - lastWall - TICK_MS, cpuMs: cpu - lastCpu };
    lastWall = wall;
    lastCpu = cpu;
    let changed = false;
    if (stall.wallMs > longestWall.wallMs) {
      longestWall = stall;
      changed = true;
    }
    if (stall.cpuMs >= NOTED_CPU_MS && noted.length < NOTED_MAX) {
      noted.push(stall);
      changed = true;
    }
    if (costliest.length < KEPT || stall.cpuMs > costliest[costliest.length - 1]!.cpuMs) {
      costliest.push(stall);
      costliest.sort((a, b) => b.cpuMs - a.cpuMs);
      costliest.length = Math.min(costliest.length, KEPT);
      changed = true;
    }
    if (changed) write();
  }, TICK_MS).unref();
}

const out = process.env.BENCH_STALL_FILE;
if (isMainThread && out) startProbe(out);
