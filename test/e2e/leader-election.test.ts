import { expect } from 'chai';
import path from 'node:path';
import { replaceInFile, waitForEnforcedConvergence } from '../support/controller-harness.js';
import { startHaReplicas, type HaReplicas, type Replica } from '../support/ha-replicas.js';
import type { ProxiedRequest } from '../support/recording-proxy.js';
import { waitFor } from '../support/wait-for.js';

const TTL_SECONDS = 3;
const TAKEOVER_LIMIT_MS = (TTL_SECONDS + 5) * 1000;
/**
 * A request a replica sent just before its signal reaches the recording proxy (in this process)
 * a moment later: writes that arrive within this long of a kill or stop were sent before it.
 */
const IN_FLIGHT_MS = 250;

/** Moves the answer_rate of three campaigns to a new value each round, so the leader has work. */
async function pushWork(ha: HaReplicas, round: number): Promise<void> {
  await ha.harness.push(`HA round ${round}`, async (work) => {
    for (const [file, base] of [['sales/solar-leads.yaml', 0.1], ['retention/spring-renewals.yaml', 0.12], ['sales/broadband-upsell.yaml', 0.2]] as const) {
      await replaceInFile(path.join(work, file), `answer_rate: ${(base + 0.02 * round).toFixed(2)}`, `answer_rate: ${(base + 0.02 * (round + 1)).toFixed(2)}`);
    }
  });
}

describe('leader election on a real 3-member etcd cluster with three controller processes', function () {
  this.timeout(240_000);
  let ha: HaReplicas;
  /** When each replica's writing time ended (killed or stopped), and began again. */
  const events: Array<{ at: number; what: string }> = [];

  before(async () => {
    ha = await startHaReplicas({ count: 3, ttlSeconds: TTL_SECONDS });
    for (const replica of ha.replicas) await replica.start();
  });
  after(async () => {
    await ha?.close();
  });

  const writesOf = (replica: Replica, since = 0): ProxiedRequest[] => replica.proxy.writes().filter((write) => write.at >= since);
  const putsAccepted = () => ha.harness.emulator.context.store.changes.filter((change) => change.source === 'api');

  it('elects exactly one leader; the standbys are ready, serve a read-only status and cxone_gitops_leader 0', async () => {
    // Every replica agrees on one leader (the leader says leader, the standbys name it).
    const leader = await waitFor(
      async () => {
        const statuses = await Promise.all(ha.replicas.map((replica) => replica.status()));
        const leading = ha.replicas.filter((_, index) => statuses[index]!.leadership?.role === 'leader');
        if (leading.length !== 1) return undefined;
        const holder = statuses[ha.replicas.indexOf(leading[0]!)]!.leadership?.holder;
        return statuses.every((status) => status.leadership?.leader === holder) && leading[0];
      },
      { timeoutMs: 20_000, what: 'every replica to agree on one leader' },
    );
    for (const replica of ha.replicas) {
      // The leader is ready once its term has started; a standby is ready as a standby.
      await waitFor(async () => (await fetch(`${replica.url()}/readyz`)).status === 200, { timeoutMs: 15_000, what: `${replica.name} /readyz 200` });
      expect(await replica.metrics(), replica.name).to.match(new RegExp(`^cxone_gitops_leader ${replica === leader ? 1 : 0}$`, 'm'));
    }
    await waitForEnforcedConvergence(ha.harness, 30_000);
    for (const replica of ha.replicas) if (replica !== leader) expect(writesOf(replica), `${replica.name} wrote as a standby`).to.deep.equal([]);
  });

  it('SIGKILL of the leader mid-apply: a standby leads within TTL + 5 s and converges', async () => {
    const leader = await ha.waitForLeader();
    const before = writesOf(leader).length;
    await pushWork(ha, 0);
    await waitFor(() => writesOf(leader).filter((write) => write.method === 'PUT').length > 0 && writesOf(leader).length > before, { timeoutMs: 30_000, what: 'the leader to start applying' });
    leader.child!.child.kill('SIGKILL');
    const killedAt = Date.now();
    await leader.child!.exited;
    events.push({ at: killedAt, what: `${leader.name} killed` });
    const next = await ha.waitForLeader({ not: leader, timeoutMs: TAKEOVER_LIMIT_MS });
    expect(Date.now() - killedAt, 'takeover time').to.be.lessThan(TAKEOVER_LIMIT_MS);
    events.push({ at: Date.now(), what: `${next.name} leads` });
    await waitForEnforcedConvergence(ha.harness, 60_000);
  });

  it('SIGSTOP of the leader past its TTL, then SIGCONT: it writes nothing after it wakes and stands by', async () => {
    const leader = await ha.waitForLeader();
    await pushWork(ha, 1);
    await waitFor(() => writesOf(leader).some((write) => write.method === 'PUT' && write.at > events.at(-1)!.at), { timeoutMs: 30_000, what: 'the leader to start applying' });
    leader.child!.child.kill('SIGSTOP');
    const stoppedAt = Date.now();
    events.push({ at: stoppedAt, what: `${leader.name} stopped` });
    const next = await ha.waitForLeader({ not: leader, timeoutMs: TAKEOVER_LIMIT_MS });
    expect(Date.now() - stoppedAt, 'takeover time').to.be.lessThan(TAKEOVER_LIMIT_MS);
    await waitForEnforcedConvergence(ha.harness, 60_000);
    leader.child!.child.kill('SIGCONT');
    const wokeAt = Date.now();
    await waitFor(async () => (await leader.status().catch(() => undefined))?.leadership?.role === 'standby', { timeoutMs: 15_000, what: 'the woken replica to stand by' });
    // Give it the chance to do the harm: a commit the new leader applies while the woken one is there.
    await pushWork(ha, 2);
    await waitForEnforcedConvergence(ha.harness, 60_000);
    expect(writesOf(leader, stoppedAt + IN_FLIGHT_MS), `${leader.name} wrote after it was stopped`).to.deep.equal([]);
    expect(leader.child!.stdout(), 'the woken replica says it stepped down').to.match(/leadership lost: stepped down, campaigning again/);
    expect(writesOf(next, stoppedAt).length, 'the new leader applied the work').to.be.greaterThan(0);
    events.push({ at: wokeAt, what: `${leader.name} woke` });
  });

  it('one etcd member killed: the election goes on and the next standby takes over', async () => {
    await ha.etcd.kill(0);
    const leader = await ha.waitForLeader();
    leader.child!.child.kill('SIGKILL');
    const killedAt = Date.now();
    await leader.child!.exited;
    events.push({ at: killedAt, what: `${leader.name} killed` });
    const next = await ha.waitForLeader({ not: leader, timeoutMs: TAKEOVER_LIMIT_MS + 5000 });
    expect(next.child!.child.exitCode).to.equal(null);
    await pushWork(ha, 3);
    await waitForEnforcedConvergence(ha.harness, 60_000);
    await ha.etcd.restart(0);
  });

  it('at the end every accepted write has exactly one audit record and no two leaders ever wrote at the same time', async () => {
    const leader = await ha.waitForLeader();
    await waitFor(async () => (await leader.status()).auditPending === 0, { timeoutMs: 30_000, what: 'the journal to be pushed' });
    await waitFor(async () => (await leader.status()).queue.running === 0, { timeoutMs: 30_000, what: 'the leader to be idle' });
    await leader.child!.stop('SIGTERM');
    const records = await ha.harness.auditRecords();
    const writes = records.filter((record) => record.outcome === 'applied' || record.outcome === 'rolled-back');
    const accepted = putsAccepted();
    const summary = JSON.stringify({ accepted: accepted.map((c) => `${c.campaignId.slice(0, 6)} v${c.version}`), writes: writes.map((r) => `${String(r.campaignId).slice(0, 6)} v${String(r.toVersion)} ${String(r.outcome)}${r.recovered ? ' recovered' : ''} ${String(r.id)} ${String(r.time)}`) });
    for (const change of accepted) {
      const matching = writes.filter((record) => record.campaignId === change.campaignId && record.toVersion === change.version);
      expect(matching, `one record for the PUT that made ${change.campaignId} v${change.version}: ${summary}`).to.have.length(1);
    }
    expect(writes.length, `no record without its write: ${summary}`).to.equal(accepted.length);
    expect(new Set(records.map((record) => record.id)).size, 'no duplicate record').to.equal(records.length);
    // Nothing applied twice across takeovers: one apply per campaign and desired revision.
    const applies = writes.filter((record) => record.outcome === 'applied' && record.kind !== 'heal').map((record) => `${String(record.campaign)}@${String(record.desiredRevision)}`);
    expect(applies.length, `one apply per campaign and revision: ${applies.join(', ')}`).to.equal(new Set(applies).size);
    // I2 across takeovers: every apply reached a verdict or was superseded by a later apply.
    const ordered = [...records].sort((a, b) => Date.parse(String(a.time)) - Date.parse(String(b.time)));
    for (const [index, record] of ordered.entries()) {
      if (record.outcome !== 'applied') continue;
      const later = ordered.slice(index + 1).find((next) => next.campaign === record.campaign && ['verified', 'paused', 'rolled-back', 'applied'].includes(String(next.outcome)));
      expect(later, `a verdict for ${String(record.campaign)} v${String(record.toVersion)}`).not.to.equal(undefined);
    }

    // Between two hand-overs only one replica wrote: each write falls after the previous leader's end.
    const all = ha.replicas.flatMap((replica) => replica.proxy.writes().map((write) => ({ ...write, by: replica.name }))).sort((a, b) => a.at - b.at);
    const ends = events.filter((event) => / (killed|stopped)$/.test(event.what)).map((event) => event.at + IN_FLIGHT_MS);
    const windows = [0, ...ends, Number.POSITIVE_INFINITY];
    for (let index = 0; index + 1 < windows.length; index += 1) {
      const writers = new Set(all.filter((write) => write.at > windows[index]! && write.at <= windows[index + 1]!).map((write) => write.by));
      expect(writers.size, `writers between hand-overs ${index} and ${index + 1}: ${[...writers].join(', ')} (${JSON.stringify(events)})`).to.be.at.most(1);
    }
  });
});
