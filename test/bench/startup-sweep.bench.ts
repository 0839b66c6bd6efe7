/**
 * The startup sweep of 1,000, 10,000 and 100,000 generated campaigns, all in sync, on a first start
 * (no statuses on the audit branch, so every campaign is adopted). `cxone-gitops run` as a child
 * process, from its spawn until the last campaign is reconciled — so node's start, the clone,
 * loading and validating every file, the token and the list pages are included; the time after the
 * last list page is given on its own. API calls from the emulator's request log; CPU time
 * (user + sys) and peak RSS (VmHWM) read from /proc at that moment, before any status read that
 * could add to them (Linux only); the `GET /healthz` waits meanwhile, each asked 50 ms after the
 * last answer (what a liveness probe sees); the audit records still waiting for their commit when
 * the sweep ended; and then the latency of `GET /api/status` (issue 10: paged, so its size does not
 * grow with the campaigns).
 *
 * The 100,000 files are generated on the fly; `--only controller-sweep-100k` runs it alone. A sweep
 * that has not ended after BENCH_SWEEP_TIMEOUT_MINUTES (default 10 min, or 30 ms a campaign) is
 * reported as it stood then (how far it got, peak RSS so far, `/api/status` then), marked NOT FINISHED;
 * every 30 s its progress goes to stderr. `BENCH_LOG_LEVEL` sets the controller's LOG_LEVEL (default silent), to read
 * its log when a stop overruns.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import type { CampaignState } from '../../controller/domain/campaign-state.js';
import type { StatusPageAnswer } from '../../controller/reconcile/status-page.js';
import { startEmulator, type RunningEmulator } from '../../emulator/emulator-server.js';
import { generateCampaigns } from '../../emulator/generated-campaigns.js';
import { controllerEnv, git } from '../support/controller-harness.js';
import { mb, millis, row, seconds, thousands } from './bench-format.js';
import { getJson, probeHealth, stallProbeArgs, processUsage, spawnController, stopChild, until, type ProcessUsage } from './bench-controller-process.js';
import { AUDIT_BRANCH, fileOf, seedRepository, startupDone, type CampaignBody } from './bench-repository.js';
import type { BenchRow, Benchmark } from './bench-types.js';
import { median, percentile } from './stats.js';

const SWEEP_SEED = 42;
const STATUS_READS = 5;

interface SweepRun extends ProcessUsage {
  wallMs: number;
  /** From the last list page read to every campaign reconciled: the reconciles themselves. */
  afterListMs: number;
  /** Every `GET /healthz` wait during the run, ms. */
  healthzWaits: number[];
  /** The longest synchronous stretch of the child's main thread until then (event-loop-stall-probe.ts): its own CPU ms, and the wall ms of the latest tick. */
  stallCpuMs: number;
  stallWallMs: number;
  /** Of those, the costliest (CPU ms) before `/healthz` first answered (module loading, the server's set-up), and the costliest after (NaN: none of 20 ms or more). */
  stallBeforeServingCpuMs: number;
  stallServingCpuMs: number;
  /** From the spawn until `/healthz` first answered. */
  servingMs: number;
  /** Audit records journaled but not yet committed to the audit branch when the sweep ended. */
  auditPending: number;
  /** `GET /api/status` (its first page) after the sweep: each answer's wall time, and the size of the last. */
  statusMs: number[];
  statusBytes: number;
  /** `GET /api/status` (its first page) while the reconciles were under way: each answer's wall time, and the size of the last. */
  midSweepMs: number[];
  midSweepBytes: number;
  /** Reading every page of `/api/status`, one after the other. */
  allPagesMs: number;
  pages: number;
  /** How the controller ended on SIGTERM. */
  exit: number | string;
  calls: number;
  tokenCalls: number;
  listCalls: number;
  /** Set when the sweep did not end within its time: how far it got (the other figures are as they stood then). */
  unfinished?: string;
  /** From the spawn until `/api/status` first counted every campaign (clone, load, validate): the start-up. */
  loadedMs: number;
}

async function timedStatus(url: string): Promise<{ ms: number; bytes: number }> {
  const asked = performance.now();
  const response = await fetch(`${url}/api/status`);
  const body = await response.arrayBuffer();
  if (!response.ok) throw new Error(`GET /api/status: ${response.status}`);
  return { ms: performance.now() - asked, bytes: body.byteLength };
}

/** Every page of `/api/status`, following `nextCursor`; checks that they hold every campaign once. */
async function readAllPages(url: string, total: number): Promise<{ ms: number; pages: number }> {
  const asked = performance.now();
  const names = new Set<string>();
  let pages = 0;
  let cursor: string | undefined;
  do {
    const page: StatusPageAnswer = await getJson<StatusPageAnswer>(`${url}/api/status${cursor ? `?cursor=${cursor}` : ''}`);
    for (const campaign of page.campaigns) names.add(campaign.name);
    cursor = page.page.nextCursor;
    pages += 1;
  } while (cursor !== undefined);
  if (names.size !== total) throw new Error(`the pages of /api/status held ${names.size} campaigns, not ${total}`);
  return { ms: performance.now() - asked, pages };
}

/** How long a sweep may take before its figures are taken as they stand: BENCH_SWEEP_TIMEOUT_MINUTES, else 10 min or 30 ms a campaign. */
function sweepTimeoutMs(total: number): number {
  const minutes = Number(process.env.BENCH_SWEEP_TIMEOUT_MINUTES);
  return Number.isFinite(minutes) && minutes > 0 ? minutes * 60_000 : Math.max(600_000, total * 30);
}

/** Every 30 s on stderr: how far the sweep is (campaigns loaded and reconciled, the queue) and the RSS so far. */
function reportProgress(url: string, pid: number, total: number, started: number): { stop(): void } {
  const timer = setInterval(() => {
    void (async () => {
      const usage = await processUsage(pid);
      const status = await getJson<StatusPageAnswer>(`${url}/api/status?limit=1`).catch(() => undefined);
      const where = status ? `${thousands(status.totals.campaigns)} loaded, ${thousands(status.totals.reconciled)} reconciled, ${status.queue.queued} queued` : 'no status answer yet';
      process.stderr.write(`  sweep of ${thousands(total)}, ${seconds(Date.now() - started)}: ${where}, peak RSS ${mb(usage.peakRssMb)}\n`);
    })().catch(() => undefined);
  }, 30_000);
  return { stop: () => clearInterval(timer) };
}

/** Reads between two `GET /api/status` (first page) taken while the reconciles are under way. */
const MID_SWEEP_READ_MS = 10_000;

/**
 * Every MID_SWEEP_READ_MS, the first page of `/api/status` (what a dashboard or a script polls) while
 * every campaign is loaded and not all are reconciled yet: how long each took and how large the last
 * was (issue 10: at 100,000 it took 1.8 s mid-sweep, the whole status built for one page).
 */
function readStatusMidSweep(url: string, total: number): { stop(): { ms: number[]; bytes: number } } {
  const ms: number[] = [];
  let bytes = 0;
  let busy = false;
  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    void (async () => {
      const asked = performance.now();
      const response = await fetch(`${url}/api/status`);
      const text = await response.text();
      const took = performance.now() - asked;
      const status = JSON.parse(text) as StatusPageAnswer;
      if (response.ok && status.totals.campaigns === total && status.totals.reconciled < total) {
        ms.push(took);
        bytes = text.length;
      }
    })()
      .catch(() => undefined)
      .finally(() => (busy = false));
  }, MID_SWEEP_READ_MS);
  return {
    stop: () => {
      clearInterval(timer);
      return { ms, bytes };
    },
  };
}

/** Asks `/api/status?limit=1` every second until it counts all `total` campaigns; `ms()` is then the time since `started`. */
function watchLoaded(url: string, total: number, started: number): { ms(): number; stop(): void } {
  let loadedMs = NaN;
  const timer = setInterval(() => {
    void getJson<StatusPageAnswer>(`${url}/api/status?limit=1`)
      .then((status) => {
        if (Number.isNaN(loadedMs) && status.totals.campaigns === total) loadedMs = Date.now() - started;
      })
      .catch(() => undefined);
  }, 1000);
  return { ms: () => loadedMs, stop: () => clearInterval(timer) };
}

/** The figures of a sweep that did not end in time, as they stood then; `unfinished` says how far it got. */
async function unfinishedRun(url: string, pid: number, started: number, total: number): Promise<Omit<SweepRun, 'exit' | 'loadedMs' | 'midSweepMs' | 'midSweepBytes'>> {
  const usage = await processUsage(pid);
  const wallMs = Date.now() - started;
  const reads: Array<{ ms: number; bytes: number }> = [];
  for (let i = 0; i < STATUS_READS; i += 1) reads.push(await timedStatus(url).catch(() => ({ ms: NaN, bytes: 0 })));
  const all = await readAllPages(url, total).catch(() => ({ ms: NaN, pages: 0 }));
  const status = await getJson<StatusPageAnswer>(`${url}/api/status?limit=1`).catch(() => undefined);
  const unfinished = status
    ? `NOT FINISHED after ${seconds(wallMs)}: ${thousands(status.totals.campaigns)} of ${thousands(total)} loaded, ${thousands(status.totals.reconciled)} reconciled`
    : `NOT FINISHED after ${seconds(wallMs)}: /api/status did not answer`;
  process.stderr.write(`  ${unfinished}\n`);
  return { ...usage, wallMs, afterListMs: NaN, healthzWaits: [NaN], stallCpuMs: NaN, stallWallMs: NaN, stallBeforeServingCpuMs: NaN, stallServingCpuMs: NaN, servingMs: NaN, auditPending: status?.auditPending ?? NaN, statusMs: reads.map((r) => r.ms), statusBytes: reads.at(-1)?.bytes ?? 0, allPagesMs: all.ms, pages: all.pages, calls: NaN, tokenCalls: NaN, listCalls: NaN, unfinished };
}

type StallFigures = Pick<SweepRun, 'stallCpuMs' | 'stallWallMs' | 'stallBeforeServingCpuMs' | 'stallServingCpuMs'>;

/**
 * The stall probe's figures so far (NaN when it wrote none), split at `servingMs` (the child's
 * clock starts with the process, a few ms after the spawn): a stretch before `/healthz` first
 * answered cannot have held an answer.
 */
async function readStall(file: string, servingMs: number): Promise<StallFigures> {
  try {
    type Stretch = { cpuMs: number; atMs: number };
    const read = JSON.parse(await readFile(file, 'utf8')) as { longestWall: { wallMs: number }; costliest: Stretch[]; noted?: Stretch[] };
    // When they were, to find them in a profile of the same run (BENCH_NODE_ARGS='--cpu-prof').
    process.stderr.write(`  costliest main-thread stretches: ${read.costliest.map((one) => `${millis(one.cpuMs)} CPU at ${seconds(one.atMs)}`).join(', ')}; /healthz first answered at ${seconds(servingMs)}\n`);
    const stretches = [...read.costliest, ...(read.noted ?? [])];
    const costliest = (list: Stretch[]) => (list.length === 0 ? NaN : Math.max(...list.map((one) => one.cpuMs)));
    return {
      stallCpuMs: read.costliest[0]?.cpuMs ?? NaN,
      stallWallMs: read.longestWall.wallMs,
      stallBeforeServingCpuMs: costliest(stretches.filter((one) => one.atMs < servingMs)),
      stallServingCpuMs: costliest(stretches.filter((one) => one.atMs >= servingMs)),
    };
  } catch {
    return { stallCpuMs: NaN, stallWallMs: NaN, stallBeforeServingCpuMs: NaN, stallServingCpuMs: NaN };
  }
}

async function sweepOnce(emulator: RunningEmulator, remote: string, tmp: string, run: number, total: number, lastName: string): Promise<SweepRun> {
  const dataDir = path.join(tmp, `data-${run}`);
  // Every run is a first start: no statuses on the audit branch to restore.
  await git(remote, 'update-ref', '-d', `refs/heads/${AUDIT_BRANCH}`).catch(() => undefined);
  const since = emulator.context.requests.lastSeq;
  const started = Date.now();
  const spawnedAt = performance.now();
  const stallFile = path.join(tmp, `stall-${run}.json`);
  const { child, url, alive } = await spawnController({ ...controllerEnv(emulator, remote, dataDir), ...(process.env.BENCH_LOG_LEVEL ? { LOG_LEVEL: process.env.BENCH_LOG_LEVEL } : {}), BENCH_STALL_FILE: stallFile }, tmp, stallProbeArgs());
  const health = probeHealth(url);
  try {
    const pid = child.child.pid!;
    const progress = reportProgress(url, pid, total, started);
    const loaded = watchLoaded(url, total, started);
    const midSweep = readStatusMidSweep(url, total);
    /** A sweep that did not end in time: its figures as they stood (`unfinished` says how far it got). */
    const unfinished = async (): Promise<SweepRun> => {
      const read = midSweep.stop();
      return { ...(await unfinishedRun(url, pid, started, total)), midSweepMs: read.ms, midSweepBytes: read.bytes, loadedMs: loaded.ms(), exit: await stopChild(child) };
    };
    try {
      // The queue reconciles in file order, so the last file's campaign is (about) the last one done.
      await until(async () => ((await getJson<CampaignState>(`${url}/api/campaigns/${lastName}`)).lastReconcileAt ? true : undefined), `the reconcile of ${lastName}`, {
        timeoutMs: sweepTimeoutMs(total),
        intervalMs: 20,
        alive,
      });
    } catch (error) {
      if (alive() !== undefined || !(error instanceof Error) || !error.message.startsWith('timed out')) throw error;
      return await unfinished();
    } finally {
      progress.stop();
      loaded.stop();
      midSweep.stop();
    }
    const midSweepRead = midSweep.stop();
    // Sample before reading the (large) status, which would add to the figures; sample again if not yet done.
    let sample: { at: number; usage: ProcessUsage };
    let status: StatusPageAnswer;
    for (;;) {
      sample = { at: Date.now(), usage: await processUsage(pid) };
      status = await getJson<StatusPageAnswer>(`${url}/api/status?limit=1`);
      if (startupDone(status, total)) break;
      const dead = alive();
      if (dead !== undefined) throw new Error(dead);
      // The last file's campaign is done but not every one (some never reconciled): the figures as they stand.
      if (Date.now() - started > sweepTimeoutMs(total)) return await unfinished();
      await delay(20);
    }
    const healthzWaits = await health.stop();
    const servingMs = (health.firstAnswerAt() ?? NaN) - spawnedAt;
    const stall = await readStall(stallFile, servingMs);
    const reads: Array<{ ms: number; bytes: number }> = [];
    for (let i = 0; i < STATUS_READS; i += 1) reads.push(await timedStatus(url));
    const all = await readAllPages(url, total);
    const entries = emulator.context.requests.query({ since, limit: 1_000_000 });
    const bad = entries.filter((e) => e.status !== 200);
    if (bad.length > 0) throw new Error(`${bad.length} API requests of the sweep failed: ${JSON.stringify(bad.slice(0, 3))}`);
    const lists = entries.filter((e) => e.method === 'GET' && e.path === '/api/v2/outbound/campaigns');
    const exit = await stopChild(child);
    return {
      ...sample.usage,
      auditPending: status.auditPending ?? NaN,
      statusMs: reads.map((r) => r.ms),
      statusBytes: reads.at(-1)?.bytes ?? 0,
      midSweepMs: midSweepRead.ms,
      midSweepBytes: midSweepRead.bytes,
      allPagesMs: all.ms,
      pages: all.pages,
      exit,
      wallMs: sample.at - started,
      loadedMs: loaded.ms(),
      afterListMs: sample.at - Math.max(...lists.map((e) => Date.parse(e.time))),
      healthzWaits,
      servingMs,
      ...stall,
      calls: entries.length,
      tokenCalls: entries.filter((e) => e.path === '/api/v2/oauth/token').length,
      listCalls: lists.length,
    };
  } finally {
    await health.stop();
    await stopChild(child);
    await rm(dataDir, { recursive: true, force: true, maxRetries: 3 }).catch((error: unknown) => process.stderr.write(`  could not remove ${dataDir}: ${String(error)}\n`));
  }
}

/** `GET /api/status` while the reconciles were under way (NaN when no read fell in them). */
function midSweepRow(bench: string, n: string, runs: SweepRun[]): BenchRow {
  const reads = runs.flatMap((r) => r.midSweepMs);
  const kb = Math.round(median(runs.map((r) => r.midSweepBytes)) / 1024);
  return row(bench, `GET /api/status with ${n} campaigns, during the sweep (reconciles under way): the first page (${kb} KB answer; ${reads.length} reads ${MID_SWEEP_READ_MS / 1000} s apart)`, reads.length > 0 ? reads : [NaN], millis);
}

/** The rows of a sweep that did not end in time: what it reached, the peak RSS so far and `/api/status` then. */
function unfinishedRows(bench: string, total: number, runs: SweepRun[]): BenchRow[] {
  const n = thousands(total);
  const reached = runs.map((r) => r.unfinished ?? 'finished').join('; ');
  const kb = Math.round(median(runs.map((r) => r.statusBytes)) / 1024);
  return [
    row(bench, `startup sweep of ${n} in-sync campaigns (first start): ${reached}; wall time until then`, runs.map((r) => r.wallMs), seconds),
    row(bench, `startup sweep of ${n}, unfinished: peak RSS (VmHWM) so far`, runs.map((r) => r.peakRssMb), mb, '< 200 MB'),
    row(bench, `startup sweep of ${n}, unfinished: CPU time of the node process so far`, runs.map((r) => r.cpuMs), seconds),
    row(bench, `startup sweep of ${n}, unfinished: start-up, spawn → /api/status counts every campaign (clone, load, validate)`, runs.map((r) => r.loadedMs), seconds),
    midSweepRow(bench, n, runs),
    row(bench, `GET /api/status during the unfinished sweep of ${n}: the first page (${kb} KB answer)`, runs.flatMap((r) => r.statusMs), millis),
    row(bench, `GET /api/status during the unfinished sweep of ${n}: every page, one after the other (${median(runs.map((r) => r.pages))} pages)`, runs.map((r) => r.allPagesMs), millis),
  ];
}

function rowsOf(bench: string, total: number, runs: SweepRun[]): BenchRow[] {
  if (runs.some((r) => r.unfinished !== undefined)) return unfinishedRows(bench, total, runs);
  const n = thousands(total);
  const pages = Math.ceil(total / 1000);
  const listed = `${median(runs.map((r) => r.listCalls))} list + ${median(runs.map((r) => r.tokenCalls))} token`;
  const exits = [...new Set(runs.map((r) => String(r.exit)))].join(', ');
  const figure = (what: string) => `startup sweep of ${n} in-sync campaigns (first start), ${what}`;
  const waits = runs.flatMap((r) => r.healthzWaits);
  const kb = Math.round(median(runs.map((r) => r.statusBytes)) / 1024);
  return [
    row(bench, figure(`API calls (${listed})`), runs.map((r) => r.calls), String, `= list pages (${pages}) + 1 token`),
    row(bench, figure('wall time, spawn → all reconciled (node start, clone, load, token, list, reconciles)'), runs.map((r) => r.wallMs), seconds),
    row(bench, figure('of which start-up, spawn → /api/status counts every campaign (clone, load, validate)'), runs.map((r) => r.loadedMs), seconds),
    row(bench, figure('of which after the last list page (the reconciles)'), runs.map((r) => r.afterListMs), seconds),
    row(bench, figure(`longest /healthz wait meanwhile (${waits.length} probes; p99 ${millis(percentile(waits, 99))}, median ${millis(median(waits))})`), runs.map((r) => Math.max(...r.healthzWaits)), millis, '< 100 ms'),
    row(bench, figure(`longest synchronous stretch of the main thread, its own CPU time (load-independent; wall time of the latest event-loop tick: ${millis(median(runs.map((r) => r.stallWallMs)))}), from the spawn`), runs.map((r) => r.stallCpuMs), millis),
    row(bench, figure(`of which before /healthz first answered (module loading, schema compilation, the server's set-up; first answer ${seconds(median(runs.map((r) => r.servingMs)))} after the spawn)`), runs.map((r) => r.stallBeforeServingCpuMs), millis),
    row(bench, figure('of which while /healthz is served (the ones that can hold an answer; NaN when none took 20 ms or more)'), runs.map((r) => r.stallServingCpuMs), millis, '< 100 ms'),
    row(bench, figure(`CPU time, node process (its git children: ${seconds(median(runs.map((r) => r.childCpuMs)))})`), runs.map((r) => r.cpuMs), seconds),
    row(bench, figure('peak RSS (VmHWM)'), runs.map((r) => r.peakRssMb), mb, total >= 10_000 ? '< 200 MB' : undefined),
    row(bench, figure(`"adopted" audit records still journaled (not yet pushed; one commit per push, 500 records growing to 5,000 while a backlog lasts) at the end (exit on SIGTERM: ${exits})`), runs.map((r) => r.auditPending), String),
    midSweepRow(bench, n, runs),
    row(bench, `GET /api/status with ${n} campaigns, after the sweep: the first page (${kb} KB answer)`, runs.flatMap((r) => r.statusMs), millis),
    row(bench, `GET /api/status with ${n} campaigns: every page, one after the other (${median(runs.map((r) => r.pages))} pages)`, runs.map((r) => r.allPagesMs), millis),
  ];
}

async function noOpSweep(bench: string, total: number, runCount: number): Promise<BenchRow[]> {
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'cxone-bench-sweep-'));
  let emulator: RunningEmulator | undefined;
  try {
    const campaigns = generateCampaigns(total, SWEEP_SEED) as CampaignBody[];
    const work = path.join(tmp, 'work');
    const remote = path.join(tmp, 'remote.git');
    await seedRepository(work, remote, campaigns);
    const files = campaigns.map((campaign, index) => ({ name: campaign.name, file: path.relative(work, fileOf(work, campaign, index)) }));
    const lastName = files.reduce((a, b) => (b.file > a.file ? b : a)).name;
    emulator = await startEmulator({ campaigns, rateLimitPerMinute: 0 });
    const runs: SweepRun[] = [];
    for (let run = 0; run < runCount; run += 1) runs.push(await sweepOnce(emulator, remote, tmp, run, total, lastName));
    return rowsOf(bench, total, runs);
  } finally {
    await emulator?.close();
    // A clean-up failure is said, never thrown: it would replace the error that ended the run.
    await rm(tmp, { recursive: true, force: true, maxRetries: 3 }).catch((error: unknown) => process.stderr.write(`  could not remove ${tmp}: ${String(error)}\n`));
  }
}

function sweepBenchmark(name: string, total: number, runs: number): Benchmark {
  return { name, run: () => noOpSweep(name, total, runs) };
}

/** Runs of a sweep of 10,000 or more: BENCH_SWEEP_RUNS, else 1 (each takes a minute or more here). */
function largeSweepRuns(): number {
  const runs = Number(process.env.BENCH_SWEEP_RUNS);
  return Number.isInteger(runs) && runs > 0 ? runs : 1;
}

/** A first start of 10,000 takes a minute here, of 100,000 an hour or more: measured once each unless BENCH_SWEEP_RUNS says. */
export const startupSweepBenchmarks: Benchmark[] = [
  sweepBenchmark('controller-sweep-1k', 1_000, 3),
  sweepBenchmark('controller-sweep-10k', 10_000, largeSweepRuns()),
  sweepBenchmark('controller-sweep-100k', 100_000, largeSweepRuns()),
];
