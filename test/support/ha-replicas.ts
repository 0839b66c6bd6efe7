/**
 * Controller replicas under leader election for e2e tests and the benchmark: one harness (emulator
 * and a temporary git remote), a real 3-member etcd cluster, and N controller child processes, each
 * with its own DATA_DIR and its own recording proxy in front of the emulator. Everything is on
 * 127.0.0.1 and every process is stopped by its handle in `close()`.
 */
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { ControllerStatus } from '../../controller/reconcile/controller-types.js';
import { startHarness, type Harness } from './controller-harness.js';
import { startEtcdCluster, type EtcdCluster } from './etcd-cluster.js';
import { httpRequest } from './http-request.js';
import { startRecordingProxy, type RecordingProxy } from './recording-proxy.js';
import { spawnCli, type CliProcess } from './spawn-cli.js';
import { waitFor } from './wait-for.js';

export interface Replica {
  name: string;
  proxy: RecordingProxy;
  child?: CliProcess;
  url(): string;
  status(): Promise<ControllerStatus>;
  metrics(): Promise<string>;
  /** `env` overrides this start's environment (undefined removes a variable, e.g. LEADER_ELECTION). */
  start(options?: { env?: Record<string, string | undefined> }): Promise<void>;
  /** `host (pid N, instance abcd1234)`, as the replica names itself (once started). */
  holder(): Promise<string>;
  dataDir: string;
}

export interface HaReplicas {
  harness: Harness;
  etcd: EtcdCluster;
  replicas: Replica[];
  ttlSeconds: number;
  /** The replica whose status says it leads, when exactly one does. */
  leader(): Promise<Replica | undefined>;
  /** Waits until exactly one running replica leads (other than `not`), and returns it. */
  waitForLeader(options?: { not?: Replica; timeoutMs?: number }): Promise<Replica>;
  close(): Promise<void>;
}

export async function startHaReplicas({ count = 3, ttlSeconds = 2, extraEnv = {}, etcdMembers = 3 }: { count?: number; ttlSeconds?: number; extraEnv?: Record<string, string>; etcdMembers?: number } = {}): Promise<HaReplicas> {
  const etcd = await startEtcdCluster({ size: etcdMembers });
  const harness = await startHarness();
  const replicas: Replica[] = [];
  for (let index = 0; index < count; index += 1) {
    const name = String.fromCharCode(97 + index);
    const proxy = await startRecordingProxy(harness.emulator.url);
    const env = {
      PATH: process.env.PATH ?? '',
      ...harness.env,
      CXONE_DOMAIN: proxy.url,
      DATA_DIR: path.join(harness.dir, `data-${name}`),
      GITOPS_POLL_SECONDS: '1',
      LEADER_ELECTION: 'etcd',
      ETCD_ENDPOINTS: etcd.endpoints,
      LEADER_ELECTION_TTL: String(ttlSeconds),
      LOG_LEVEL: 'info',
      ...extraEnv,
    };
    const replica: Replica = {
      name,
      proxy,
      dataDir: env.DATA_DIR,
      url() {
        const match = /listening on (http:\/\/\S+?)["\s]/.exec(replica.child?.stdout() ?? '');
        if (!match) throw new Error(`replica ${name} is not listening`);
        return match[1]!;
      },
      status: async () => (await httpRequest<ControllerStatus>(`${replica.url()}/api/status`, { timeoutMs: 1000 })).body,
      metrics: async () => String((await httpRequest<string>(`${replica.url()}/metrics`, { timeoutMs: 1000 })).body),
      async start(options = {}) {
        const merged: Record<string, string | undefined> = { ...env, ...options.env };
        for (const [key, value] of Object.entries(merged)) if (value === undefined) delete merged[key];
        replica.child = spawnCli(['run'], { env: merged });
        await replica.child.waitForLine(/listening on http/, 30_000);
      },
      async holder() {
        const instance = (await readFile(path.join(env.DATA_DIR, 'instance-id'), 'utf8')).trim();
        return `${os.hostname()} (pid ${replica.child?.child.pid}, instance ${instance.slice(0, 8)})`;
      },
    };
    replicas.push(replica);
  }
  const running = (): Replica[] => replicas.filter((replica) => replica.child && replica.child.child.exitCode === null && replica.child.child.signalCode === null);
  const ha: HaReplicas = {
    harness,
    etcd,
    replicas,
    ttlSeconds,
    async leader() {
      const leading: Replica[] = [];
      for (const replica of running()) {
        const status = await replica.status().catch(() => undefined);
        if (status?.leadership?.role === 'leader') leading.push(replica);
      }
      return leading.length === 1 ? leading[0] : undefined;
    },
    waitForLeader: ({ not, timeoutMs = 30_000 } = {}) =>
      waitFor(
        async () => {
          const leader = await ha.leader();
          return leader && leader !== not ? leader : undefined;
        },
        { timeoutMs, intervalMs: 50, what: `a replica other than ${not?.name ?? 'none'} to lead` },
      ),
    async close() {
      for (const replica of replicas) {
        if (replica.child?.child.signalCode === null && replica.child.child.exitCode === null) replica.child.child.kill('SIGCONT');
        await replica.child?.stop('SIGKILL');
        await replica.proxy.close();
      }
      await harness.close();
      await etcd.stop();
    },
  };
  return ha;
}
