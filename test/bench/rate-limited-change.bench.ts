/**
 * One commit changing 200 campaigns under a 600 requests/min limit (the emulator's and
 * CXONE_RATE_LIMIT_PER_MINUTE): the controller as a child process with its production
 * verification polling (1 s), pushed once the startup sweep's audit records are committed. The
 * 200 are generated campaigns whose change (predictive_factor lowered by 0.05) is valid,
 * significant and passes the local gate with a wide margin (≤ 1% against 3%), checked here with the
 * controller's own rule and simulator: the emulator's verification draws other seeds, and at a 2%
 * margin about one in a hundred came out over 3% and was (rightly) rolled back. Reports the wall
 * time until all are verified, the request rate against the limit while busy (first to last API
 * request after the push; also without its first 10 s, when the client-side budget's initial
 * burst is spent), the 429s and the API calls per applied campaign.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { isSignificantChange } from '../../controller/domain/significance-rule.js';
import type { StatusPageAnswer } from '../../controller/reconcile/status-page.js';
import { predict } from '../../controller/reconcile/local-gate.js';
import { createSimulationPool, DEFAULT_PROFILE } from '../../controller/simulation/index.js';
import type { Weights } from '../../controller/simulation/types.js';
import { startEmulator, type RunningEmulator } from '../../emulator/emulator-server.js';
import { generateCampaigns } from '../../emulator/generated-campaigns.js';
import type { RequestLogEntry } from '../../emulator/types.js';
import { controllerEnv, git } from '../support/controller-harness.js';
import type { CliProcess } from '../support/spawn-cli.js';
import { count, row, seconds, thousands } from './bench-format.js';
import { getJson, spawnController, stopChild, until } from './bench-controller-process.js';
import { commit, documentFor, fileOf, seedRepository, settled, type CampaignBody } from './bench-repository.js';
import type { BenchRow, Benchmark } from './bench-types.js';

const BENCH = 'controller-change';
const CHANGE_CAMPAIGNS = 200;
const CHANGE_SEED = 7;
const RATE_LIMIT = 600;
/** How long the 200-campaign change may take before the benchmark reports what it has. */
const CHANGE_DEADLINE_MS = 240_000;

interface PlannedChange {
  index: number;
  campaign: CampaignBody;
  weights: Weights;
}

/** The first CHANGE_CAMPAIGNS generated campaigns whose lowered predictive_factor is a valid, significant change that passes the gate with margin. */
async function plannedChanges(): Promise<PlannedChange[]> {
  const candidates = generateCampaigns(CHANGE_CAMPAIGNS * 15, CHANGE_SEED) as CampaignBody[];
  const pool = createSimulationPool();
  try {
    const picked: PlannedChange[] = [];
    for (let i = 0; i < candidates.length && picked.length < CHANGE_CAMPAIGNS; i += 50) {
      const batch = await Promise.all(
        candidates.slice(i, i + 50).map(async (campaign): Promise<PlannedChange | undefined> => {
          const settings = campaign.predictiveDialerSettings as { parameterWeights: Weights; maxDeviationLimit: number; convergenceThreshold: number };
          const old = settings.parameterWeights.predictive_factor;
          if (old === undefined) return undefined;
          const weights = { ...settings.parameterWeights, predictive_factor: Math.round((old - 0.05) * 100) / 100 };
          if (Math.abs(weights.predictive_factor) > settings.maxDeviationLimit) return undefined;
          if (!isSignificantChange(settings.parameterWeights, weights, settings.convergenceThreshold).significant) return undefined;
          const prediction = await predict(pool, weights, { ...DEFAULT_PROFILE, ...campaign.operatingProfile }, 300);
          return prediction.abandonRateUpper95 <= 0.01 ? { index: 0, campaign, weights } : undefined;
        }),
      );
      for (const change of batch) if (change) picked.push(change);
    }
    if (picked.length < CHANGE_CAMPAIGNS) throw new Error(`only ${picked.length} generated campaigns have a change that passes the gate with margin`);
    return picked.slice(0, CHANGE_CAMPAIGNS).map((change, index) => ({ ...change, index }));
  } finally {
    await pool.close();
  }
}

function routeOf(entry: RequestLogEntry): string {
  if (entry.path === '/api/v2/oauth/token') return 'token';
  if (entry.path.startsWith('/api/v2/outbound/campaigns/simulations')) return entry.method === 'POST' ? 'POST simulation' : 'GET simulation';
  if (entry.path === '/api/v2/outbound/campaigns') return 'list';
  return `${entry.method} campaign`;
}

async function rateLimitedChange(): Promise<BenchRow[]> {
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'cxone-bench-change-'));
  let emulator: RunningEmulator | undefined;
  let child: CliProcess | undefined;
  try {
    const changes = await plannedChanges();
    const campaigns = changes.map((change) => change.campaign);
    const work = path.join(tmp, 'work');
    const remote = path.join(tmp, 'remote.git');
    await seedRepository(work, remote, campaigns);
    emulator = await startEmulator({ campaigns, rateLimitPerMinute: RATE_LIMIT });
    const spawned = await spawnController(controllerEnv(emulator, remote, path.join(tmp, 'data'), { CXONE_RATE_LIMIT_PER_MINUTE: String(RATE_LIMIT) }), tmp);
    child = spawned.child;
    const { url, alive } = spawned;
    // The startup sweep adopts every campaign with an audit record: let their commits finish first.
    await until(async () => (settled(await getJson<StatusPageAnswer>(`${url}/api/status`), campaigns.length) ? true : undefined), 'the startup sweep and its audit records', {
      timeoutMs: 120_000,
      intervalMs: 100,
      alive,
    });

    for (const change of changes) await writeFile(fileOf(work, change.campaign, change.index), documentFor(change.campaign, change.weights));
    await git(work, 'add', '-A');
    await commit(work, `Lower predictive_factor of ${changes.length} campaigns by 0.05`);
    const revision = await git(work, 'rev-parse', 'HEAD');
    const since = emulator.context.requests.lastSeq;
    await git(work, 'push', '--quiet', 'origin', 'main');
    const pushed = performance.now();

    // Done when every campaign was reconciled at this revision and nothing is queued, running or waiting for a retry.
    let finalStatus: StatusPageAnswer | undefined;
    try {
      finalStatus = await until(
        async () => {
          const status = await getJson<StatusPageAnswer>(`${url}/api/status`);
          const done = status.campaigns.every((c) => c.lastAttemptedRevision === revision) && status.queue.queued === 0 && status.queue.running === 0 && status.queue.waitingRetry === 0;
          return done ? status : undefined;
        },
        'the 200-campaign change',
        { timeoutMs: CHANGE_DEADLINE_MS, intervalMs: 250, alive },
      );
    } catch (error) {
      process.stderr.write(`controller benchmark: ${error instanceof Error ? error.message : String(error)}; reporting what was reached\n`);
    }
    const wallMs = performance.now() - pushed;
    const status = finalStatus ?? (await getJson<StatusPageAnswer>(`${url}/api/status`));
    const verified = status.campaigns.filter((c) => c.lastAppliedRevision === revision && c.status === 'Synced').length;
    const others = status.campaigns.filter((c) => !(c.lastAppliedRevision === revision && c.status === 'Synced'));
    if (others.length > 0) {
      const byStatus = new Map<string, number>();
      for (const c of others) byStatus.set(`${c.status}: ${c.reason.slice(0, 120)}`, (byStatus.get(`${c.status}: ${c.reason.slice(0, 120)}`) ?? 0) + 1);
      process.stderr.write(`controller benchmark: ${others.length} of ${changes.length} campaigns not applied and verified:\n${[...byStatus].map(([k, v]) => `  ${v} × ${k}`).join('\n')}\n`);
    }

    const entries = emulator.context.requests.query({ since, limit: 1_000_000 });
    const byRoute = new Map<string, number>();
    for (const entry of entries) byRoute.set(routeOf(entry), (byRoute.get(routeOf(entry)) ?? 0) + 1);
    const tooMany = entries.filter((e) => e.status === 429).length;
    const times = entries.map((e) => Date.parse(e.time));
    const busyMs = times.length > 1 ? Math.max(...times) - Math.min(...times) : 0;
    const rate = busyMs > 0 ? ((entries.length - 1) / busyMs) * 60_000 : 0;
    const afterBurst = times.filter((t) => t >= Math.min(...times) + 10_000);
    const afterBurstMs = afterBurst.length > 1 ? Math.max(...afterBurst) - Math.min(...afterBurst) : 0;
    const afterBurstRate = afterBurstMs > 0 ? ((afterBurst.length - 1) / afterBurstMs) * 60_000 : 0;
    const perCampaign = verified > 0 ? entries.length / verified : NaN;
    const breakdown = [...byRoute].map(([route, n]) => `${route} ${count(n / Math.max(1, verified))}`).join(', ');
    const limit = thousands(RATE_LIMIT);
    return [
      row(BENCH, `${changes.length}-campaign commit at ${limit}/min: applied and verified`, [verified], (n) => `${n} of ${changes.length}`, `${changes.length}`),
      row(BENCH, `${changes.length}-campaign commit at ${limit}/min: wall time (push → all verified, verification polled every 1 s)`, [wallMs], seconds),
      row(BENCH, `${changes.length}-campaign commit at ${limit}/min: request rate while busy ÷ limit (${entries.length} requests in ${seconds(busyMs)})`, [rate / RATE_LIMIT], (n) => n.toFixed(2), '≥ 0.95'),
      row(BENCH, `${changes.length}-campaign commit at ${limit}/min: request rate ÷ limit after the first 10 s`, [afterBurstRate / RATE_LIMIT], (n) => n.toFixed(2), '≥ 0.95'),
      row(BENCH, `${changes.length}-campaign commit at ${limit}/min: 429 answers`, [tooMany], String, '0'),
      row(BENCH, `${changes.length}-campaign commit at ${limit}/min: API calls per applied campaign (${breakdown})`, [perCampaign], (n) => n.toFixed(2)),
    ];
  } finally {
    if (child) await stopChild(child);
    await emulator?.close();
    await rm(tmp, { recursive: true, force: true });
  }
}

export const rateLimitedChangeBenchmark: Benchmark = { name: BENCH, run: rateLimitedChange };
