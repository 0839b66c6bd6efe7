/**
 * Emulator throughput: GET and PUT requests per second on loopback with the rate limit off, the
 * emulator in its own process (as `cxone-gitops emulator`) and 32 concurrent keep-alive clients here.
 */
import http from 'node:http';
import { spawnCli } from '../support/spawn-cli.js';
import type { BenchRow, Benchmark } from './bench-types.js';
import { median, spread } from './stats.js';

const RUNS = 5;
const RUN_MS = 2_000;
const CONCURRENCY = 32;

interface Target {
  url: URL;
  token: string;
  ids: string[];
}

function request(agent: http.Agent, url: URL, method: string, token: string, body?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, agent, headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function measure(target: Target, method: 'GET' | 'PUT'): Promise<number> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const body = JSON.stringify({
    predictiveDialerSettings: { algorithmId: 'CXONE_PREDICTIVE_V3', parameterWeights: { answer_rate: 0.1 }, validationSplit: 0.8, maxDeviationLimit: 0.2, convergenceThreshold: 0.05 },
  });
  let done = 0;
  let failed = 0;
  const deadline = Date.now() + RUN_MS;
  const started = Date.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async (_, worker) => {
      let i = worker;
      while (Date.now() < deadline) {
        const id = target.ids[i % target.ids.length]!;
        i += CONCURRENCY;
        const status = await request(agent, new URL(`/api/v2/outbound/campaigns/${id}`, target.url), method, target.token, method === 'PUT' ? body : undefined);
        if (status === 200) done += 1;
        else failed += 1;
      }
    }),
  );
  agent.destroy();
  if (failed > 0) throw new Error(`${failed} ${method} requests failed during the benchmark`);
  return done / ((Date.now() - started) / 1000);
}

export const emulatorBenchmark: Benchmark = {
  name: 'emulator',
  async run(): Promise<BenchRow[]> {
    const emulator = spawnCli(['emulator', '--port', '0', '--rate-limit', '0', '--campaigns', '200']);
    try {
      const [, url] = await emulator.waitForLine(/listening on (\S+)/);
      const base = new URL(url!);
      const tokenResponse = await fetch(new URL('/api/v2/oauth/token', base), {
        method: 'POST',
        body: new URLSearchParams({ grant_type: 'client_credentials', client_id: 'emulator-client', client_secret: 'emulator-secret' }),
      });
      const token = ((await tokenResponse.json()) as { access_token: string }).access_token;
      const list = await fetch(new URL('/api/v2/outbound/campaigns?pageSize=200', base), { headers: { authorization: `Bearer ${token}` } });
      const ids = ((await list.json()) as { entities: Array<{ id: string }> }).entities.map((c) => c.id);
      const target = { url: base, token, ids };
      const rows: BenchRow[] = [];
      for (const method of ['GET', 'PUT'] as const) {
        await measure(target, method); // warm-up
        const rates: number[] = [];
        for (let run = 0; run < RUNS; run += 1) rates.push(await measure(target, method));
        const format = (n: number) => `${Math.round(n).toLocaleString('en-US')}/s`;
        rows.push({
          benchmark: 'emulator',
          figure: `${method} campaign, ${CONCURRENCY} keep-alive clients, limit off`,
          median: format(median(rates)),
          spread: spread(rates, format),
          runs: RUNS,
          aim: 'thousands per second',
        });
      }
      return rows;
    } finally {
      await emulator.stop();
    }
  },
};
