import { expect } from 'chai';
import { describeHolder, judgeHeartbeat, parseHeartbeat, sameElection, type HeartbeatRecord } from '../../../../controller/adapters/election/heartbeat-record.js';

const NOW = Date.parse('2026-12-01T12:00:00Z');
const self = { instanceId: 'self-instance', host: 'pod-a', pid: 100, session: 'self-session' };
const record = (over: Partial<HeartbeatRecord> = {}): HeartbeatRecord => ({
  holder: 'pod-b (pid 7, instance other-in)',
  instanceId: 'other-instance',
  host: 'pod-b',
  pid: 7,
  session: 'other-session',
  startedAt: '2026-12-01T11:00:00Z',
  beatAt: new Date(NOW - 10_000).toISOString(),
  intervalSeconds: 30,
  staleAfterSeconds: 90,
  ...over,
});
const alive = (): boolean => true;
const dead = (): boolean => false;

describe('the single-writer heartbeat: who may start', () => {
  it('lets a controller start when there is no heartbeat, or when it is its own', () => {
    expect(judgeHeartbeat(undefined, self, NOW, alive).kind).to.equal('free');
    expect(judgeHeartbeat(record({ session: 'self-session' }), self, NOW, alive).kind).to.equal('ours');
  });

  it("refuses while someone else's heartbeat is fresh, naming its holder, and lets in once it is older than the writer's own stale limit", () => {
    const held = judgeHeartbeat(record(), self, NOW, alive);
    expect(held).to.include({ kind: 'held', sameDataDir: false });
    expect(held.kind === 'held' && held.record.holder).to.equal('pod-b (pid 7, instance other-in)');
    expect(judgeHeartbeat(record({ beatAt: new Date(NOW - 89_000).toISOString() }), self, NOW, alive).kind).to.equal('held');
    expect(judgeHeartbeat(record({ beatAt: new Date(NOW - 90_000).toISOString() }), self, NOW, alive).kind).to.equal('stale');
    expect(judgeHeartbeat(record({ beatAt: new Date(NOW - 20_000).toISOString(), staleAfterSeconds: 15 }), self, NOW, alive).kind).to.equal('stale');
  });

  it('takes over at once the heartbeat of an earlier run on the same DATA_DIR and host whose process is gone, or had our pid (a container restart)', () => {
    expect(judgeHeartbeat(record({ instanceId: 'self-instance', host: 'pod-a', pid: 55 }), self, NOW, dead).kind).to.equal('ours');
    expect(judgeHeartbeat(record({ instanceId: 'self-instance', host: 'pod-a', pid: 100 }), self, NOW, alive).kind).to.equal('ours');
  });

  it('refuses a live process on the same DATA_DIR, and the same instance id on another host (a copied data directory)', () => {
    expect(judgeHeartbeat(record({ instanceId: 'self-instance', host: 'pod-a', pid: 55 }), self, NOW, alive)).to.include({ kind: 'held', sameDataDir: true });
    expect(judgeHeartbeat(record({ instanceId: 'self-instance', host: 'pod-z', pid: 55 }), self, NOW, dead).kind).to.equal('held');
  });

  it('treats a beat from a clock ahead of ours as fresh', () => {
    expect(judgeHeartbeat(record({ beatAt: new Date(NOW + 60_000).toISOString() }), self, NOW, alive).kind).to.equal('held');
  });

  it('reports an unreadable heartbeat with what is wrong instead of guessing', () => {
    expect(parseHeartbeat('{')).to.match(/^not JSON/);
    expect(parseHeartbeat('[]')).to.match(/"holder" is missing/);
    expect(parseHeartbeat(JSON.stringify({ ...record(), pid: -1 }))).to.equal('"pid" is missing or not a positive number');
    expect(parseHeartbeat(JSON.stringify({ ...record(), beatAt: 'yesterday' }))).to.equal('"beatAt" is not a date');
    expect(judgeHeartbeat('not JSON', self, NOW, alive)).to.deep.equal({ kind: 'unreadable', detail: 'not JSON' });
    expect(parseHeartbeat(JSON.stringify(record()))).to.deep.equal(record());
  });

  it('lets the next leader of the same etcd election take over a fresh heartbeat of the one before it, and no one else', () => {
    const elected = { ...self, election: { id: 'election-1', cluster: 'c1' } };
    const leaderBeat = record({ election: { id: 'election-1', cluster: 'c1' } });
    expect(judgeHeartbeat(leaderBeat, elected, NOW, alive).kind).to.equal('predecessor');
    // A cluster id not yet known on one side does not tell the elections apart.
    expect(judgeHeartbeat(record({ election: { id: 'election-1' } }), elected, NOW, alive).kind).to.equal('predecessor');
    // Another etcd cluster with the same key, another election, or no election at all: held while fresh.
    expect(judgeHeartbeat(record({ election: { id: 'election-1', cluster: 'c2' } }), elected, NOW, alive).kind).to.equal('held');
    expect(judgeHeartbeat(record({ election: { id: 'election-2', cluster: 'c1' } }), elected, NOW, alive).kind).to.equal('held');
    expect(judgeHeartbeat(record(), elected, NOW, alive).kind).to.equal('held');
    // A controller without an election never takes a live leader's heartbeat.
    expect(judgeHeartbeat(leaderBeat, self, NOW, alive).kind).to.equal('held');
    expect(sameElection(undefined, { id: 'election-1' })).to.equal(false);
  });

  it('names whether the holder leads an etcd election or runs without one, and reads the election back', () => {
    expect(describeHolder(record({ election: { id: 'e' } }))).to.equal('pod-b (pid 7, instance other-in), the leader of an etcd election (LEADER_ELECTION=etcd)');
    expect(describeHolder(record())).to.equal('pod-b (pid 7, instance other-in), running without LEADER_ELECTION');
    const elected = record({ election: { id: 'e', cluster: 'c' } });
    expect(parseHeartbeat(JSON.stringify(elected))).to.deep.equal(elected);
    expect(parseHeartbeat(JSON.stringify({ ...record(), election: 'e' }))).to.equal('"election" is not an object with a string "id"');
  });
});
