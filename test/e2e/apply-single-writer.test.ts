import { expect } from 'chai';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { heartbeatBranch } from '../../controller/adapters/election/git-heartbeat.js';
import { git, replaceInFile, waitForEnforcedConvergence } from '../support/controller-harness.js';
import { startHaReplicas, type HaReplicas, type Replica } from '../support/ha-replicas.js';
import { startRecordingProxy, type RecordingProxy } from '../support/recording-proxy.js';
import { spawnCli, type CliProcess } from '../support/spawn-cli.js';
import { waitFor } from '../support/wait-for.js';

const TTL_SECONDS = 3;
const HEARTBEAT_SECONDS = 5;
const UNELECTED = { LEADER_ELECTION: undefined, ETCD_ENDPOINTS: undefined, LEADER_ELECTION_TTL: undefined };

/**
 * A one-shot `cxone-gitops apply` (an apply-on-merge pipeline) holds what a `run` controller holds
 * for its duration (README "One controller without an election"): the heartbeat on the Git remote,
 * and under LEADER_ELECTION=etcd the election's lease, so it refuses to run beside a live
 * controller of the same repository and client id, and a controller started meanwhile refuses or
 * stands by. Real etcd, the emulator, a temporary Git remote, controller and apply processes.
 */
describe('one-shot apply holds the single-writer heartbeat, or the lease under an election, for its duration', function () {
  this.timeout(180_000);
  let ha: HaReplicas;
  let applyProxy: RecordingProxy;
  let checkouts = 0;
  const applies: CliProcess[] = [];
  const [a, b, c] = [0, 1, 2];
  const replica = (index: number): Replica => ha.replicas[index]!;

  before(async () => {
    ha = await startHaReplicas({ count: 3, ttlSeconds: TTL_SECONDS, etcdMembers: 1, extraEnv: { GITOPS_HEARTBEAT_SECONDS: String(HEARTBEAT_SECONDS) } });
    applyProxy = await startRecordingProxy(ha.harness.emulator.url);
  });
  afterEach(() => applyProxy.resume());
  after(async () => {
    for (const child of applies) await child.stop('SIGKILL');
    await applyProxy?.close();
    await ha?.close();
  });

  const applyDataDir = (): string => path.join(ha.harness.dir, 'pipeline-data');
  /** A pipeline's checkout of main with the next answer_rate of solar-leads, merged (pushed) when `merge`. */
  async function checkout(merge: boolean): Promise<string> {
    checkouts += 1;
    const work = path.join(ha.harness.dir, `pipeline-${checkouts}`);
    await git(ha.harness.dir, 'clone', '--quiet', '--no-local', '--branch', 'main', ha.harness.remote, work);
    const file = path.join(work, 'sales/solar-leads.yaml');
    const current = /answer_rate: (0\.\d+)/.exec(await readFile(file, 'utf8'))![1]!;
    await replaceInFile(file, `answer_rate: ${current}`, `answer_rate: ${(Number(current) + 0.01).toFixed(2)}`);
    await git(work, '-c', 'user.name=Engineer', '-c', 'user.email=engineer@example.com', 'commit', '--quiet', '-am', `pipeline change ${checkouts}`);
    if (merge) await git(work, 'push', '--quiet', 'origin', 'HEAD:main');
    return work;
  }
  /** `cxone-gitops apply DIR` as a pipeline runs it: origin is the remote, its own DATA_DIR, through `applyProxy`. */
  function spawnApply(work: string, elected: boolean): CliProcess {
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? ha.harness.dir,
      CXONE_DOMAIN: applyProxy.url,
      CXONE_CLIENT_ID: ha.harness.env.CXONE_CLIENT_ID,
      CXONE_CLIENT_SECRET: ha.harness.env.CXONE_CLIENT_SECRET,
      CXONE_RATE_LIMIT_PER_MINUTE: '6000',
      DATA_DIR: applyDataDir(),
      GITOPS_HEARTBEAT_SECONDS: String(HEARTBEAT_SECONDS),
      ...(elected ? { LEADER_ELECTION: 'etcd', ETCD_ENDPOINTS: ha.etcd.endpoints, LEADER_ELECTION_TTL: String(TTL_SECONDS) } : {}),
    };
    const child = spawnCli(['apply', work], { cwd: ha.harness.dir, env });
    applies.push(child);
    return child;
  }
  const applyHolder = async (child: CliProcess): Promise<string> => `${os.hostname()} (pid ${child.child.pid}, instance ${(await readFile(path.join(applyDataDir(), 'instance-id'), 'utf8')).trim().slice(0, 8)})`;
  const remoteHeartbeat = (): Promise<string> => git(ha.harness.dir, 'ls-remote', ha.harness.remote, `refs/heads/${heartbeatBranch(ha.harness.env.CXONE_CLIENT_ID!)}`);
  const ready = (entry: Replica): Promise<boolean> => waitFor(async () => (await fetch(`${entry.url()}/readyz`)).status === 200, { timeoutMs: 30_000, what: `${entry.name} /readyz 200` });
  const exitOf = (entry: Replica): Promise<number | string> => entry.child!.exited;

  it('refuses to run beside a live `run` controller without an election, naming it, exits 1 and sends nothing to CXone', async () => {
    await replica(a).start({ env: UNELECTED });
    await ready(replica(a));
    const work = await checkout(false);
    const apply = spawnApply(work, false);
    expect(await apply.exited, apply.stderr()).to.equal(1);
    expect(apply.stderr()).to.include('cxone-gitops apply: another controller already writes for').and.include(`${await replica(a).holder()}, running without LEADER_ELECTION`);
    expect(applyProxy.requests, 'requests of the refused apply').to.deep.equal([]);
    expect(await replica(a).child!.stop('SIGTERM')).to.equal(0);
  });

  it('under LEADER_ELECTION=etcd refuses to run beside the elected leader, naming it, and so does an apply without the election', async () => {
    await replica(b).start();
    await ha.waitForLeader();
    await ready(replica(b));
    const work = await checkout(false);
    const elected = spawnApply(work, true);
    expect(await elected.exited, elected.stderr()).to.equal(1);
    expect(elected.stderr()).to.include(`cxone-gitops apply refused: ${await replica(b).holder()} leads the etcd election of`);
    const unelected = spawnApply(work, false);
    expect(await unelected.exited, unelected.stderr()).to.equal(1);
    expect(unelected.stderr()).to.include(`${await replica(b).holder()}, the leader of an etcd election (LEADER_ELECTION=etcd)`);
    expect(applyProxy.requests, 'requests of the refused applies').to.deep.equal([]);
    expect(await replica(b).child!.stop('SIGTERM')).to.equal(0);
  });

  it('while an apply under LEADER_ELECTION=etcd runs, a replica started meanwhile stands by and one without the election refuses naming the apply; the replica leads once it ends', async () => {
    expect(await remoteHeartbeat(), 'nothing holds the heartbeat').to.equal('');
    applyProxy.pause();
    const apply = spawnApply(await checkout(true), true);
    // Its first CXone request is held by the proxy: the apply holds the lease and the heartbeat now.
    await waitFor(() => applyProxy.requests.length > 0, { timeoutMs: 30_000, what: `the apply to reach CXone (stderr: ${apply.stderr().slice(-400)})` });
    const holder = await applyHolder(apply);
    await replica(a).start();
    await waitFor(async () => (await replica(a).status()).leadership?.leader === holder, { timeoutMs: 15_000, what: 'replica a to name the apply as the leader' });
    expect((await replica(a).status()).leadership?.role).to.equal('standby');
    await replica(c).start({ env: UNELECTED });
    expect(await exitOf(replica(c))).to.equal(1);
    expect(replica(c).child!.stderr()).to.include(`${holder}, the leader of an etcd election`);

    applyProxy.resume();
    expect(await apply.exited, apply.stderr()).to.equal(0);
    expect(applyProxy.writes().filter((write) => write.method === 'PUT'), 'the apply wrote').to.have.length(1);
    expect((await ha.waitForLeader({ timeoutMs: (TTL_SECONDS + 5) * 1000 })).name).to.equal('a');
    await replica(a).child!.waitForLine(/took over the heartbeat of the previous leader/, 15_000);
    await ready(replica(a));
    await waitForEnforcedConvergence(ha.harness, 30_000);
    expect(replica(a).proxy.writes().filter((write) => write.method === 'PUT'), 'nothing left for the replica to apply').to.deep.equal([]);
    expect(await replica(a).child!.stop('SIGTERM')).to.equal(0);
  });

  it('while an apply without an election runs, a `run` controller started meanwhile refuses naming it; the apply deletes the heartbeat when it ends', async () => {
    applyProxy.pause();
    const before = applyProxy.requests.length;
    const apply = spawnApply(await checkout(true), false);
    await waitFor(() => applyProxy.requests.length > before, { timeoutMs: 30_000, what: `the apply to reach CXone (stderr: ${apply.stderr().slice(-400)})` });
    const since = Date.now();
    await replica(b).start({ env: UNELECTED });
    expect(await exitOf(replica(b))).to.equal(1);
    expect(replica(b).child!.stderr()).to.include(`${await applyHolder(apply)}, running without LEADER_ELECTION`);
    expect(replica(b).proxy.writes().filter((write) => write.at >= since), 'writes of the refused controller').to.deep.equal([]);

    applyProxy.resume();
    expect(await apply.exited, apply.stderr()).to.equal(0);
    expect(await remoteHeartbeat(), 'deleted when the apply ended').to.equal('');
  });
});
