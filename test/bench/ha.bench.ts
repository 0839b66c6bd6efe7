/**
 * Leader election (README "High availability"): a real 3-member etcd on loopback and three
 * controller processes (LEADER_ELECTION_TTL 3 s). Each round SIGKILLs the leader of an idle,
 * converged set of replicas and measures the takeover (kill → another replica's status says it
 * leads; kill → its /readyz answers 200, its term started) and the CXone calls the new leader makes
 * from its election until it is idle again: with nothing to change, every one of them is a cost of
 * the takeover (a steady leader makes none). The killed replica is started again before the next
 * round, so there are always two standbys.
 */
import { startHaReplicas, type HaReplicas, type Replica } from '../support/ha-replicas.js';
import { waitForEnforcedConvergence } from '../support/controller-harness.js';
import { waitFor } from '../support/wait-for.js';
import type { BenchRow, Benchmark } from './bench-types.js';
import { median, spread } from './stats.js';

const TTL_SECONDS = 3;
const ROUNDS = 5;

interface Round {
  leadsMs: number;
  readyMs: number;
  apiCalls: number;
  tokenCalls: number;
}

async function idle(replica: Replica): Promise<void> {
  await waitFor(
    async () => {
      const status = await replica.status();
      return status.leadership?.role === 'leader' && status.queue.running === 0 && status.queue.queued === 0 && status.auditPending === 0 && (await fetch(`${replica.url()}/readyz`)).status === 200;
    },
    { timeoutMs: 60_000, intervalMs: 50, what: `${replica.name} to lead and be idle` },
  );
}

async function round(ha: HaReplicas): Promise<Round> {
  const leader = await ha.waitForLeader();
  await idle(leader);
  await waitForEnforcedConvergence(ha.harness, 60_000);
  const killedAt = Date.now();
  leader.child!.child.kill('SIGKILL');
  await leader.child!.exited;
  const next = await ha.waitForLeader({ not: leader, timeoutMs: 60_000 });
  const leadsMs = Date.now() - killedAt;
  await waitFor(async () => (await fetch(`${next.url()}/readyz`)).status === 200, { timeoutMs: 60_000, intervalMs: 25, what: `${next.name} /readyz 200` });
  const readyMs = Date.now() - killedAt;
  await idle(next);
  const calls = next.proxy.requests.filter((request) => request.at >= killedAt);
  const tokenCalls = calls.filter((request) => request.path.startsWith('/api/v2/oauth/token')).length;
  await leader.start();
  return { leadsMs, readyMs, apiCalls: calls.length - tokenCalls, tokenCalls };
}

export const haBenchmark: Benchmark = {
  name: 'ha',
  async run(): Promise<BenchRow[]> {
    const ha = await startHaReplicas({ count: 3, ttlSeconds: TTL_SECONDS });
    const rounds: Round[] = [];
    try {
      for (const replica of ha.replicas) await replica.start();
      for (let index = 0; index < ROUNDS; index += 1) rounds.push(await round(ha));
    } finally {
      await ha.close();
    }
    const ms = (n: number): string => `${(n / 1000).toFixed(2)} s`;
    const count = (n: number): string => String(n);
    const row = (figure: string, values: number[], format: (n: number) => string, aim?: string): BenchRow => ({ benchmark: 'ha', figure, median: format(median(values)), spread: spread(values, format), runs: values.length, ...(aim ? { aim } : {}) });
    return [
      row(`SIGKILL of the leader → a standby leads (TTL ${TTL_SECONDS} s, 3-member etcd, 3 replicas)`, rounds.map((r) => r.leadsMs), ms, `< TTL + 5 s = ${TTL_SECONDS + 5} s`),
      row('SIGKILL of the leader → the new leader ready (its term started)', rounds.map((r) => r.readyMs), ms),
      row('extra CXone API calls per takeover (nothing to change; a steady leader makes none)', rounds.map((r) => r.apiCalls), count, 'calls = list pages of the start-up sweep'),
      row('extra token requests per takeover', rounds.map((r) => r.tokenCalls), count, '1'),
    ];
  },
};
