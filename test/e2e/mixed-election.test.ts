import { expect } from 'chai';
import { heartbeatBranch } from '../../controller/adapters/election/git-heartbeat.js';
import { git, waitForEnforcedConvergence } from '../support/controller-harness.js';
import { startHaReplicas, type HaReplicas, type Replica } from '../support/ha-replicas.js';
import { waitFor } from '../support/wait-for.js';

const TTL_SECONDS = 3;
/** Beats every 5 s (stale after 15 s): a loaded machine's slow push never stops the writer. */
const HEARTBEAT_SECONDS = 5;
/** Without LEADER_ELECTION: the same repository, client id and emulator, no etcd. */
const UNELECTED = { LEADER_ELECTION: undefined, ETCD_ENDPOINTS: undefined, LEADER_ELECTION_TTL: undefined };

/**
 * Mixed deployments (README "One controller without an election"): an elected leader holds the Git
 * heartbeat too, so a controller started without LEADER_ELECTION and one started with it see
 * each other, whichever came first, and the second refuses to start naming the first.
 */
describe('one writer across elected and unelected controllers: a real etcd and controller processes on one repository', function () {
  this.timeout(180_000);
  let ha: HaReplicas;
  const [a, b, c, d] = [0, 1, 2, 3];

  before(async () => {
    ha = await startHaReplicas({ count: 4, ttlSeconds: TTL_SECONDS, etcdMembers: 1, extraEnv: { GITOPS_HEARTBEAT_SECONDS: String(HEARTBEAT_SECONDS) } });
  });
  after(async () => {
    await ha?.close();
  });

  const replica = (index: number): Replica => ha.replicas[index]!;
  const exitOf = (entry: Replica, timeoutMs = 30_000): Promise<number | string> =>
    waitFor(() => (entry.child!.child.exitCode ?? entry.child!.child.signalCode ?? undefined) as number | string | undefined, { timeoutMs, what: `${entry.name} to exit (stderr: ${entry.child!.stderr().slice(-400)})` });
  const remoteHeartbeat = (): Promise<string> => git(ha.harness.dir, 'ls-remote', ha.harness.remote, `refs/heads/${heartbeatBranch(ha.harness.env.CXONE_CLIENT_ID!)}`);
  const ready = (entry: Replica): Promise<boolean> => waitFor(async () => (await fetch(`${entry.url()}/readyz`)).status === 200, { timeoutMs: 30_000, what: `${entry.name} /readyz 200` });

  it('a controller without LEADER_ELECTION refuses to start beside a live elected leader, naming it as the leader of an etcd election, and writes nothing', async () => {
    await replica(a).start();
    expect((await ha.waitForLeader()).name).to.equal('a');
    await ready(replica(a));
    await waitForEnforcedConvergence(ha.harness, 30_000);
    expect(await remoteHeartbeat(), 'the elected leader holds the heartbeat branch').to.match(/^[0-9a-f]{40}\s/);

    await replica(b).start({ env: UNELECTED });
    expect(await exitOf(replica(b))).to.equal(1);
    const said = replica(b).child!.stderr();
    expect(said).to.include('another controller already writes for').and.include(`${await replica(a).holder()}, the leader of an etcd election (LEADER_ELECTION=etcd)`);
    expect(said).to.include('run it with LEADER_ELECTION=etcd and the same ETCD_ENDPOINTS');
    expect(replica(b).proxy.writes(), 'writes of the refused controller').to.deep.equal([]);
    expect(replica(a).child!.child.exitCode, 'the leader goes on').to.equal(null);
  });

  it('an elected replica refuses to start beside a live controller without LEADER_ELECTION, naming it, and writes nothing', async () => {
    // The last replica of the election to stop deletes the heartbeat, so a controller without one starts at once.
    expect(await replica(a).child!.stop('SIGTERM')).to.equal(0);
    expect(await remoteHeartbeat(), 'deleted by the last replica to stop').to.equal('');
    await replica(c).start({ env: UNELECTED });
    await ready(replica(c));
    await waitFor(async () => (await remoteHeartbeat()) !== '', { timeoutMs: 15_000, what: 'the unelected controller to hold the heartbeat' });

    await replica(d).start();
    expect(await exitOf(replica(d))).to.equal(1);
    const said = replica(d).child!.stderr();
    expect(said).to.include('another controller already writes for').and.include(`${await replica(c).holder()}, running without LEADER_ELECTION`);
    expect(said).to.include('stop the other one, or run it with LEADER_ELECTION=etcd');
    expect(replica(d).proxy.writes(), 'writes of the refused replica').to.deep.equal([]);
    expect(replica(c).child!.child.exitCode, 'the unelected controller goes on').to.equal(null);
    expect(await replica(c).child!.stop('SIGTERM')).to.equal(0);
  });

  it('after SIGKILL of an elected leader the standby takes its fresh heartbeat over at once, and a controller without LEADER_ELECTION is then refused naming the new leader', async () => {
    await replica(a).start();
    await replica(d).start();
    const leader = await ha.waitForLeader();
    await ready(leader);
    const standby = leader === replica(a) ? replica(d) : replica(a);
    leader.child!.child.kill('SIGKILL');
    await leader.child!.exited;
    const killedAt = Date.now();
    expect((await ha.waitForLeader({ not: leader, timeoutMs: (TTL_SECONDS + 5) * 1000 })).name).to.equal(standby.name);
    // Fresh (beaten less than one interval ago), yet taken over: the election already ended the old term.
    await standby.child!.waitForLine(new RegExp(`took over the heartbeat of the previous leader ${(await leader.holder()).replace(/[()]/g, '\\$&')}`), 15_000);
    expect(Date.now() - killedAt, 'the heartbeat was taken before it could go stale').to.be.lessThan(HEARTBEAT_SECONDS * 3 * 1000);
    await ready(standby);

    await replica(b).start({ env: UNELECTED });
    expect(await exitOf(replica(b))).to.equal(1);
    expect(replica(b).child!.stderr()).to.include(`${await standby.holder()}, the leader of an etcd election`);
    expect(replica(b).proxy.writes().filter((write) => write.at >= killedAt), 'writes of the refused controller').to.deep.equal([]);
  });
});
