import { expect } from 'chai';
import { createEtcdElection, type EtcdElection } from '../../../controller/adapters/election/etcd-election.js';
import { electionKeys } from '../../../controller/adapters/election/election-key.js';
import { isNotLeaderError } from '../../../controller/adapters/election/write-fence.js';
import { silentLogger } from '../../../controller/adapters/logging/logger.js';
import { startEtcdCluster, type EtcdCluster } from '../../support/etcd-cluster.js';
import { waitFor } from '../../support/wait-for.js';

interface Replica {
  election: EtcdElection;
  events: string[];
}

describe('etcd leader election against a real 3-member cluster', function () {
  this.timeout(90_000);
  let cluster: EtcdCluster;
  const replicas: Replica[] = [];
  before(async () => {
    cluster = await startEtcdCluster();
  });
  after(async () => {
    await cluster?.stop();
  });
  afterEach(async () => {
    await Promise.all(replicas.splice(0).map((replica) => replica.election.close()));
  });

  const start = (holder: string, prefix: string, extra: { now?: () => number } = {}): Replica => {
    const events: string[] = [];
    const election = createEtcdElection({ endpoints: cluster.endpoints.split(','), ttlSeconds: 2, prefix, holder, log: silentLogger, ...extra });
    election.start({ onElected: () => void events.push('elected'), onLost: (reason) => void events.push(`lost: ${reason}`) });
    const replica = { election, events };
    replicas.push(replica);
    return replica;
  };
  const leaders = (): Replica[] => replicas.filter((replica) => replica.election.isLeader());

  it('elects exactly one of two replicas; the standby names the leader and its fence refuses writes', async () => {
    const prefix = electionKeys('https://git.example.com/desired.git', `one-${Date.now()}`).election;
    const a = start('replica-a', prefix);
    await waitFor(() => a.election.isLeader(), { timeoutMs: 10_000, what: 'the first replica to lead' });
    const b = start('replica-b', prefix);
    await b.election.campaigning();
    await waitFor(() => b.election.leader() === 'replica-a', { timeoutMs: 5000, what: 'the standby to see the leader' });
    expect(leaders()).to.deep.equal([a]);
    expect(() => a.election.fence.assertMayWrite('PUT campaign')).not.to.throw();
    let refused: unknown;
    try {
      b.election.fence.assertMayWrite('PUT campaign');
    } catch (error) {
      refused = error;
    }
    expect(isNotLeaderError(refused)).to.equal(true);
    expect((refused as Error).message).to.equal('PUT campaign refused: replica-a is the leader; only the elected leader writes (a standby waits for the lease)');
  });

  it('hands over to the standby at once when the leader closes (its lease revoked)', async () => {
    const prefix = electionKeys('https://git.example.com/desired.git', `two-${Date.now()}`).election;
    const a = start('replica-a', prefix);
    await waitFor(() => a.election.isLeader(), { timeoutMs: 10_000, what: 'the first replica to lead' });
    const b = start('replica-b', prefix);
    await b.election.campaigning();
    const closedAt = Date.now();
    await a.election.close();
    await waitFor(() => b.election.isLeader(), { timeoutMs: 3000, what: 'the standby to lead' });
    expect(Date.now() - closedAt).to.be.lessThan(2000);
  });

  it('steps down and campaigns again when its own clock says the lease ran out (a pause past the TTL)', async () => {
    const prefix = electionKeys('https://git.example.com/desired.git', `three-${Date.now()}`).election;
    let skew = 0;
    const a = start('replica-a', prefix, { now: () => performance.now() + skew });
    await waitFor(() => a.election.isLeader(), { timeoutMs: 10_000, what: 'the replica to lead' });
    skew = 5000; // as if the process had been stopped for 5 s (TTL 2 s)
    expect(() => a.election.fence.assertMayWrite('audit push')).to.throw(/of the lease left/);
    await waitFor(() => a.events.some((event) => event.startsWith('lost')), { timeoutMs: 5000, what: 'the replica to step down' });
    await waitFor(() => a.election.isLeader(), { timeoutMs: 10_000, what: 'the replica to lead again on a new lease' });
    expect(a.events.filter((event) => event === 'elected')).to.have.length(2);
  });

  it('goes on electing with one etcd member killed', async () => {
    const prefix = electionKeys('https://git.example.com/desired.git', `four-${Date.now()}`).election;
    const a = start('replica-a', prefix);
    const b = start('replica-b', prefix);
    await waitFor(() => leaders().length === 1, { timeoutMs: 10_000, what: 'one leader' });
    await cluster.kill(0);
    try {
      const leader = leaders()[0]!;
      const standby = leader === a ? b : a;
      await leader.election.close();
      await waitFor(() => standby.election.isLeader(), { timeoutMs: 10_000, what: 'the standby to lead with two members' });
      expect(() => standby.election.fence.assertMayWrite('PUT campaign')).not.to.throw();
    } finally {
      await cluster.restart(0);
    }
  });
});
