/**
 * The real-CXone dialect's API cost through the composed path: `cxone-gitops run` with
 * CXONE_DIALECT=cxone as a child process (the run harness: the cxone emulator over HTTPS, a bare
 * remote of OutboundSkill files), counted in the emulator's request log. `cxone-dialect.bench.ts`
 * measures the adapter alone.
 *
 * - A no-op sweep of 1,000 skills in sync: the API calls from one sweep's `GET /skills/parameters`
 *   to the next one's, once the start-up has settled (aim ≤ 3 plus the token), over SWEEPS sweeps.
 * - One commit changing 200 of them, until every one is applied and its live analysis passed: API
 *   calls in all and per changed skill (by path), PUTs and wall time, over CHANGE_RUNS commits.
 *
 * The skills dial (the emulator's live traffic) only from the first change on, with few agents:
 * 200 skills of 40 agents at 1,800x (the first draft) ask the emulator, which runs in this process, for more CPU than
 * a loaded machine gives it, and an emulator that falls behind stops answering (the start-up then
 * never ends: the reason the first draft of this bench never got past it). Every wait has a deadline
 * and says what it waited for (BENCH_CXONE_MINUTES scales them); a change that misses its deadline
 * is reported as a NOT FINISHED row with why, beside the figures measured before it.
 */
import type { CampaignState } from '../../controller/domain/campaign-state.js';
import type { ControllerStatus } from '../../controller/reconcile/controller.js';
import type { RequestLogEntry } from '../../emulator/types.js';
import { outboundSkillFile, startCxoneRunHarness, type CxoneRunHarness } from '../support/cxone-run-harness.js';
import { waitFor } from '../support/wait-for.js';
import { count, row } from './bench-format.js';
import type { BenchRow, Benchmark } from './bench-types.js';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

const BENCH = 'cxone-composed';
const SKILLS = 1000;
const CHANGED = 200;
const SWEEPS = 5;
const CHANGE_RUNS = 3;
const AGENTS = 10;
/** Simulated seconds per real second: a 4 s window is 20 minutes of dialling. */
const TIME_SCALE = 300;
const MINUTES = Number(process.env.BENCH_CXONE_MINUTES ?? 1);
const STARTUP_MS = 8 * 60_000 * MINUTES;
const SWEEP_MS = 2 * 60_000 * MINUTES;
const CHANGE_MS = 5 * 60_000 * MINUTES;
const NEEDS_A_HUMAN = new Set<CampaignState['status']>(['Paused', 'RolledBack', 'Failed', 'Blocked']);

const idOf = (index: number) => 6_000_001 + index;
const fileOf = (index: number) => `skill-${index}.yaml`;
const ringingOf = (run: number) => 25 + run;
const skillFile = (index: number) =>
  outboundSkillFile({ name: `bench-skill-${index}`, skillId: idOf(index), generalSettings: `{ maximumRingingDuration: ${ringingOf(0)} }`, profile: `{ agents: ${AGENTS} }`, analysis: '{ window: 4s, interval: 2s, minLiveAnswers: 20, maxWindow: 120s }' });

const progress = (line: string): void => void process.stderr.write(`  ${BENCH}: ${line}\n`);
const isApi = (entry: RequestLogEntry) => entry.path.toLowerCase().startsWith('/incontactapi/');
const isAuth = (entry: RequestLogEntry) => entry.path.startsWith('/auth/') || entry.path.startsWith('/.well-known/');
const isListing = (entry: RequestLogEntry) => entry.method === 'GET' && /\/skills\/parameters(\?|$)/.test(entry.path);
/** `GET /skills/{id}/parameters/general-settings` and the like: one key per path shape. */
const routeOf = (entry: RequestLogEntry) => `${entry.method} ${entry.path.replace(/^\/incontactapi\/services\/[^/]+/i, '').replace(/\?.*$/, '').replace(/\/\d+(?=\/|$)/g, '/{id}')}`;

function entries(harness: CxoneRunHarness, since: number): RequestLogEntry[] {
  return harness.emulator.context.requests.query({ since, limit: 10_000_000 });
}

function byRoute(list: readonly RequestLogEntry[]): Map<string, number> {
  const routes = new Map<string, number>();
  for (const entry of list.filter(isApi)) routes.set(routeOf(entry), (routes.get(routeOf(entry)) ?? 0) + 1);
  return routes;
}

async function settled(harness: CxoneRunHarness, ok: (status: ControllerStatus) => boolean, what: string, timeoutMs: number): Promise<ControllerStatus> {
  let last: ControllerStatus | undefined;
  try {
    return await waitFor(async () => {
      last = await harness.status();
      return ok(last) && last;
    }, { what, timeoutMs, intervalMs: 500 });
  } catch (error) {
    const statuses = new Map<string, number>();
    for (const state of last?.campaigns ?? []) statuses.set(state.status, (statuses.get(state.status) ?? 0) + 1);
    throw new Error(`${BENCH}: ${(error as Error).message}; last status: ${JSON.stringify(Object.fromEntries(statuses))}, queue ${JSON.stringify(last?.queue)}, audit pending ${last?.auditPending}`, { cause: error });
  }
}

const inSync = (status: ControllerStatus) =>
  status.campaigns.length === SKILLS && status.campaigns.every((state) => state.status === 'Synced') && status.queue.running === 0 && status.queue.queued === 0;

/** The API and token calls of each no-op sweep: from one listing to the next. */
async function noOpSweeps(harness: CxoneRunHarness): Promise<Array<{ api: number; auth: number; routes: Map<string, number> }>> {
  const from = harness.emulator.context.requests.lastSeq;
  await waitFor(() => entries(harness, from).filter(isListing).length > SWEEPS, { what: `${SWEEPS + 1} sweeps' listings (GITOPS_SCHEDULE every 5 s)`, timeoutMs: SWEEP_MS * SWEEPS, intervalMs: 500 });
  const log = entries(harness, from);
  const listings = log.filter(isListing).map((entry) => entry.seq);
  return listings.slice(0, SWEEPS).map((start, index) => {
    const sweep = log.filter((entry) => entry.seq >= start && entry.seq < listings[index + 1]!);
    return { api: sweep.filter(isApi).length, auth: sweep.filter(isAuth).length, routes: byRoute(sweep) };
  });
}

/**
 * Starts the first CHANGED skills' live traffic (the analysis needs live answers), in the store at
 * once: 200 admin PATCHes each bring the traffic of the skills already running up to date first.
 */
function startDialling(harness: CxoneRunHarness): void {
  for (let index = 0; index < CHANGED; index += 1) {
    const result = harness.emulator.context.store.patch(idOf(index), { running: true });
    if (!result.ok) throw new Error(`${BENCH}: starting skill ${idOf(index)}: ${result.message}`);
  }
}

interface ChangeRun {
  api: number;
  puts: number;
  listings: number;
  wallMs: number;
  routes: Map<string, number>;
}

/** One commit changing CHANGED skills, until each is applied at that revision and verified. */
async function changeRun(harness: CxoneRunHarness, run: number): Promise<ChangeRun> {
  const before = harness.emulator.context.requests.lastSeq;
  const started = Date.now();
  const revision = await harness.push(`${CHANGED} skills: ringing ${ringingOf(run)}`, async (work) => {
    for (let index = 0; index < CHANGED; index += 1) {
      const file = path.join(work, fileOf(index));
      await writeFile(file, (await readFile(file, 'utf8')).replace(/maximumRingingDuration: \d+/, `maximumRingingDuration: ${ringingOf(run)}`));
    }
  });
  if (run === 1) startDialling(harness);
  const changed = new Set(Array.from({ length: CHANGED }, (_, index) => `bench-skill-${index}`));
  await settled(harness, (status) => {
    const mine = status.campaigns.filter((state) => changed.has(state.name));
    const stuck = mine.find((state) => state.desiredRevision === revision && NEEDS_A_HUMAN.has(state.status));
    if (stuck) throw new Error(`${BENCH}: ${stuck.name} is ${stuck.status} after the change: ${stuck.reason}`);
    const done = mine.filter((state) => state.lastAppliedRevision === revision && state.status === 'Synced' && state.verification === undefined).length;
    return done === CHANGED && inSync(status);
  }, `the ${CHANGED} changed skills applied at ${revision.slice(0, 8)} and verified (run ${run})`, CHANGE_MS);
  const wallMs = Date.now() - started;
  const log = entries(harness, before);
  return { api: log.filter(isApi).length, puts: log.filter((entry) => entry.method === 'PUT').length, listings: log.filter(isListing).length, wallMs, routes: byRoute(log) };
}

function routeRows(label: string, runs: ReadonlyArray<{ routes: Map<string, number> }>, per: number): BenchRow[] {
  const routes = [...new Set(runs.flatMap((one) => [...one.routes.keys()]))].sort();
  return routes.map((route) => row(BENCH, `${label}: ${route}`, runs.map((one) => (one.routes.get(route) ?? 0) / per), count));
}

export const cxoneComposedBenchmark: Benchmark = {
  name: BENCH,
  async run(): Promise<BenchRow[]> {
    const files = Object.fromEntries(Array.from({ length: SKILLS }, (_, index) => [fileOf(index), skillFile(index)]));
    const skills = Array.from({ length: SKILLS }, (_, index) => ({ skillId: idOf(index), isRunning: false, generalSettings: { maximumRingingDuration: ringingOf(0) }, trueProfile: { agents: AGENTS, answerProbability: 0.5 } }));
    const harness = await startCxoneRunHarness({ files, emulator: { timeScale: TIME_SCALE, skills } });
    try {
      const spawned = Date.now();
      await harness.startController({ GITOPS_SCHEDULE: '*/5 * * * * *', GITOPS_POLL_SECONDS: '2', LOG_LEVEL: 'warn' });
      await settled(harness, (status) => inSync(status) && status.auditPending === 0, `the start-up of ${SKILLS} skills to settle (all Synced, queue empty, audit pushed)`, STARTUP_MS);
      const startupMs = Date.now() - spawned;
      const startupCalls = entries(harness, 0);
      progress(`start-up settled in ${(startupMs / 1000).toFixed(1)} s: ${JSON.stringify(Object.fromEntries(byRoute(startupCalls)))}`);
      const sweeps = await noOpSweeps(harness);
      progress(`no-op sweeps: ${sweeps.map((sweep) => `${sweep.api} API + ${sweep.auth} token`).join(', ')}`);
      const changes: ChangeRun[] = [];
      let unfinished: string | undefined;
      for (let run = 1; run <= CHANGE_RUNS; run += 1) {
        try {
          changes.push(await changeRun(harness, run));
        } catch (error) {
          // The no-op figures stand; the change is reported as NOT FINISHED with why.
          unfinished = `change ${run} NOT FINISHED: ${(error as Error).message}`;
          progress(unfinished);
          break;
        }
        const last = changes.at(-1)!;
        progress(`change ${run}: ${last.api} API calls (${last.puts} PUTs, ${last.listings} sweep listings) in ${(last.wallMs / 1000).toFixed(1)} s`);
      }
      return [
        row(BENCH, `start-up of ${SKILLS} skills through run: API calls until all Synced (token excluded)`, [startupCalls.filter(isApi).length], count),
        row(BENCH, `start-up of ${SKILLS} skills through run: spawn → all Synced, audit pushed (s)`, [startupMs / 1000], count),
        row(BENCH, `no-op sweep of ${SKILLS} skills through run: API calls`, sweeps.map((sweep) => sweep.api), count, '≤ 3 plus token'),
        row(BENCH, `no-op sweep of ${SKILLS} skills through run: token + discovery calls`, sweeps.map((sweep) => sweep.auth), count),
        ...(changes.length === 0 ? [] : [
          row(BENCH, `one commit changing ${CHANGED} skills through run: API calls, all of them`, changes.map((one) => one.api), count),
          row(BENCH, `one commit changing ${CHANGED} skills through run: API calls per changed skill (analysis reads included)`, changes.map((one) => one.api / CHANGED), count),
          row(BENCH, `one commit changing ${CHANGED} skills through run: API calls per changed skill, the sweeps' listings left out`, changes.map((one) => (one.api - 2 * one.listings) / CHANGED), count),
          row(BENCH, `one commit changing ${CHANGED} skills through run: PUTs`, changes.map((one) => one.puts), count, String(CHANGED)),
          row(BENCH, `one commit changing ${CHANGED} skills through run: push → all applied and verified (s)`, changes.map((one) => one.wallMs / 1000), count),
          ...routeRows(`one commit changing ${CHANGED} skills, per changed skill`, changes, CHANGED),
        ]),
        ...(unfinished === undefined ? [] : [{ benchmark: BENCH, figure: unfinished, median: '-', spread: '-', runs: 0 }]),
      ];
    } finally {
      await harness.close();
    }
  },
};
