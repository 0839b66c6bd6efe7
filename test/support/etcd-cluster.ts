/**
 * A real 3-member etcd cluster on 127.0.0.1 for tests and benchmarks (Debian's `etcd-server`):
 * free ports, temporary data directories, health awaited with a deadline, one member killed and
 * restarted on demand, and every process stopped by its own handle.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { request as httpsRequest } from 'node:https';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { startTestProcess, type TestProcess } from './test-process.js';

/** Where Debian's etcd-server installs the binary; ETCD_BINARY overrides it. */
export const ETCD_BINARY = process.env.ETCD_BINARY ?? '/usr/bin/etcd';

export function etcdAvailable(): boolean {
  return existsSync(ETCD_BINARY);
}

export interface EtcdMember {
  name: string;
  clientUrl: string;
  peerUrl: string;
  dataDir: string;
  running(): boolean;
}

export interface EtcdCluster {
  members: EtcdMember[];
  /** Client URLs of every member, comma-separated (ETCD_ENDPOINTS). */
  endpoints: string;
  /** SIGKILLs member `index` and waits for its exit. */
  kill(index: number): Promise<void>;
  /** Starts member `index` again on its data directory and waits until it is healthy. */
  restart(index: number): Promise<void>;
  /** Waits until every running member reports healthy. */
  waitHealthy(timeoutMs?: number): Promise<void>;
  /** Stops every member (SIGTERM, then SIGKILL past a deadline) and removes the data. */
  stop(): Promise<void>;
  /** The output of member `index`, for a failing test's message. */
  output(index: number): string;
}

/** Client TLS of the members (PEM files): https client URLs, and client certificates required when `clientCertAuth`. */
export interface EtcdTlsFiles {
  caFile: string;
  certFile: string;
  keyFile: string;
  /** A client certificate for the health checks (and required of every client when `clientCertAuth`). */
  clientCertFile: string;
  clientKeyFile: string;
  clientCertAuth?: boolean;
}

/** A port nobody listens on right now (the kernel's pick for port 0). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function healthyOverTls(clientUrl: string, tls: { ca: Buffer; cert: Buffer; key: Buffer }): Promise<boolean> {
  return new Promise((resolve) => {
    const request = httpsRequest(`${clientUrl}/health`, { ...tls, timeout: 1000 }, (response) => {
      let body = '';
      response.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve(/"health":\s*"true"/.test(body)));
    });
    request.on('timeout', () => request.destroy());
    request.on('error', () => resolve(false));
    request.end();
  });
}

async function healthy(clientUrl: string, tls?: { ca: Buffer; cert: Buffer; key: Buffer }): Promise<boolean> {
  if (tls) return healthyOverTls(clientUrl, tls);
  try {
    const response = await fetch(`${clientUrl}/health`, { signal: AbortSignal.timeout(1000) });
    const body = (await response.json()) as { health?: string };
    return body.health === 'true';
  } catch {
    return false;
  }
}

interface MemberProcess {
  member: EtcdMember;
  process?: TestProcess;
  /** Stopped on purpose (kill, stop): not a failure to start. */
  stopped: boolean;
}

function launch(entry: MemberProcess, initialCluster: string, tls?: EtcdTlsFiles): void {
  const { member } = entry;
  const tlsArgs = tls ? [`--cert-file=${tls.certFile}`, `--key-file=${tls.keyFile}`, ...(tls.clientCertAuth ? ['--client-cert-auth', `--trusted-ca-file=${tls.caFile}`] : [])] : [];
  const args = [
    `--name=${member.name}`,
    `--data-dir=${member.dataDir}`,
    `--listen-client-urls=${member.clientUrl}`,
    `--advertise-client-urls=${member.clientUrl}`,
    `--listen-peer-urls=${member.peerUrl}`,
    `--initial-advertise-peer-urls=${member.peerUrl}`,
    `--initial-cluster=${initialCluster}`,
    '--initial-cluster-state=new',
    '--initial-cluster-token=cxone-gitops-test',
    // Short raft timings: a lost member or leader is noticed in well under a second on loopback.
    '--heartbeat-interval=50',
    '--election-timeout=500',
    '--log-level=warn',
    ...tlsArgs,
  ];
  entry.process = startTestProcess(`etcd member ${member.name}`, ETCD_BINARY, args);
  entry.stopped = false;
}

async function stopProcess(entry: MemberProcess, signal: NodeJS.Signals, graceMs: number): Promise<void> {
  entry.stopped = true;
  await entry.process?.stop(signal, graceMs);
}

/** Starts three members and waits (up to `timeoutMs`) until all of them are healthy. */
export async function startEtcdCluster({ size = 3, timeoutMs = 20_000, tls }: { size?: number; timeoutMs?: number; tls?: EtcdTlsFiles } = {}): Promise<EtcdCluster> {
  if (!etcdAvailable()) throw new Error(`${ETCD_BINARY} not found: install Debian's etcd-server (apt-get install etcd-server) or set ETCD_BINARY`);
  const root = await mkdtemp(path.join(os.tmpdir(), 'cxone-etcd-'));
  const entries: MemberProcess[] = [];
  for (let index = 0; index < size; index += 1) {
    const member: EtcdMember = {
      name: `m${index}`,
      clientUrl: `${tls ? 'https' : 'http'}://127.0.0.1:${await freePort()}`,
      peerUrl: `http://127.0.0.1:${await freePort()}`,
      dataDir: path.join(root, `m${index}`),
      running: () => entries[index]?.process?.running() ?? false,
    };
    entries.push({ member, stopped: false });
  }
  const initialCluster = entries.map(({ member }) => `${member.name}=${member.peerUrl}`).join(',');
  for (const entry of entries) launch(entry, initialCluster, tls);
  const healthTls = tls ? { ca: await readFile(tls.caFile), cert: await readFile(tls.clientCertFile), key: await readFile(tls.clientKeyFile) } : undefined;

  /** Each member started (and not stopped on purpose) healthy; a member that exits fails the wait at once. */
  const waitHealthy = async (deadlineMs = timeoutMs): Promise<void> => {
    const members = entries.filter((entry) => !entry.stopped && entry.process);
    if (members.length === 0) throw new Error('no etcd member is running');
    await Promise.all(
      members.map((entry) => entry.process!.waitUntil(() => healthy(entry.member.clientUrl, healthTls), { timeoutMs: deadlineMs, intervalMs: 100, what: `etcd member ${entry.member.name} to report healthy` })),
    );
  };

  const cluster: EtcdCluster = {
    members: entries.map((entry) => entry.member),
    endpoints: entries.map((entry) => entry.member.clientUrl).join(','),
    async kill(index) {
      await stopProcess(entries[index]!, 'SIGKILL', 0);
    },
    async restart(index) {
      const entry = entries[index]!;
      if (entry.member.running()) return;
      launch(entry, initialCluster, tls);
      await waitHealthy();
    },
    waitHealthy,
    async stop() {
      await Promise.all(entries.map((entry) => stopProcess(entry, 'SIGTERM', 3000)));
      await rm(root, { recursive: true, force: true });
    },
    output: (index) => entries[index]?.process?.output() ?? '',
  };
  try {
    await waitHealthy();
  } catch (error) {
    await cluster.stop();
    throw error;
  }
  return cluster;
}
