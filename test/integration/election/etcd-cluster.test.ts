import { expect } from 'chai';
import { waitFor } from '../../support/wait-for.js';
import { startEtcdCluster, etcdAvailable, type EtcdCluster } from '../../support/etcd-cluster.js';

async function put(clientUrl: string, key: string, value: string): Promise<Response> {
  const b64 = (text: string): string => Buffer.from(text).toString('base64');
  return fetch(`${clientUrl}/v3/kv/put`, { method: 'POST', body: JSON.stringify({ key: b64(key), value: b64(value) }), signal: AbortSignal.timeout(2000) });
}

describe('etcd test cluster (test/support/etcd-cluster)', function () {
  this.timeout(60_000);
  let cluster: EtcdCluster | undefined;
  before(function () {
    if (!etcdAvailable()) throw new Error('etcd is not installed: .ci/run installs etcd-server');
  });
  afterEach(async () => {
    await cluster?.stop();
    cluster = undefined;
  });

  it('starts three healthy members on loopback that keep a quorum with one member killed, and restarts it', async () => {
    cluster = await startEtcdCluster();
    expect(cluster.members).to.have.length(3);
    for (const member of cluster.members) expect(member.clientUrl).to.match(/^http:\/\/127\.0\.0\.1:\d+$/);
    await cluster.kill(0);
    expect(cluster.members[0]!.running()).to.equal(false);
    // A request caught in the raft election that follows may time out; the next one succeeds.
    const remaining = cluster.members[1]!.clientUrl;
    await waitFor(async () => (await put(remaining, 'k', 'v').catch(() => undefined))?.status === 200, { timeoutMs: 20_000, what: 'a write to the two remaining members' });
    await cluster.restart(0);
    expect(cluster.members[0]!.running()).to.equal(true);
  });
});
