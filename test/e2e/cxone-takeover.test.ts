/**
 * Live outcome analysis resumed after a standby takeover on the real dialect (README, "Live outcome
 * analysis" and "High availability"): a real 3-member etcd cluster, the cxone emulator over HTTPS
 * at 1800×, one Git remote, and two `cxone-gitops run` processes with CXONE_DIALECT=cxone and
 * LEADER_ELECTION=etcd, each on its own DATA_DIR. The leader is SIGKILLed while the skill is
 * Verifying; the standby must take the analysis over, not start a new one, and must not apply the
 * change again. Two cases: the leader's `verification-started` record reached the audit branch
 * before the kill (the standby resumes from the branch), and it did not (a pre-receive hook on the
 * remote declines audit pushes until the kill, so the `applied` and `verification-started` records
 * die in the leader's DATA_DIR journal): the standby records the write from the PUT intent in etcd
 * and starts the analysis at the time CXone accepted the write, which the intent carries, so no
 * second of the overdialled traffic counts in the baseline. Waits are conditions with deadlines;
 * every process and the etcd cluster are stopped by their handles.
 */
import { expect } from 'chai';
import { chmod, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { CampaignState } from '../../controller/domain/campaign-state.js';
import type { ControllerStatus } from '../../controller/reconcile/controller-types.js';
import { startCxoneRunHarness, type CxoneRunHarness } from '../support/cxone-run-harness.js';
import { startEtcdCluster, type EtcdCluster } from '../support/etcd-cluster.js';
import { httpRequest } from '../support/http-request.js';
import { spawnCli, type CliProcess } from '../support/spawn-cli.js';
import { waitFor } from '../support/wait-for.js';

const NAME = 'renewals-outbound';
const SKILL_ID = 11;
const TTL_SECONDS = 3;
const TRUE_PROFILE = { agents: 40, answerProbability: 0.7, machineProbability: 0.05 };
const OVERDIAL = '{ maximumRatio: 3, maxConcurrentCallsPerAgent: 3, aggressiveness: aggressive, abandonRateThreshold: 3, abandonRateCutoff: 10, percentageOfAgentsBeforeOverdial: 0 }';
// The same file as case (d) of cxone-analysis.test.ts: an optimistic profile passes the local gate,
// and a 6 s window is slow enough to catch the leader while Verifying.
const SKILL_FILE = `apiVersion: cxone-gitops/v1
kind: OutboundSkill
metadata:
  name: ${NAME}
  skillId: ${SKILL_ID}
spec:
  generalSettings: ${OVERDIAL}
  simulation: { maxAbandonRate: 0.03, onFailure: rollback, profile: { agents: 40, answerProbability: 0.2, machineProbability: 0.05 } }
  analysis: { window: 6s, interval: 3s, minLiveAnswers: 200, maxWindow: 30s }
`;

interface ElectedReplica {
  name: string;
  child: CliProcess;
  url(): string;
  status(): Promise<ControllerStatus>;
  running(): boolean;
}

describe('cxone-gitops run with CXONE_DIALECT=cxone under LEADER_ELECTION=etcd: live analysis across a standby takeover (e2e)', function () {
  this.timeout(180_000);
  let harness: CxoneRunHarness | undefined;
  let etcd: EtcdCluster | undefined;
  const replicas: ElectedReplica[] = [];

  afterEach(async () => {
    for (const replica of replicas.splice(0)) await replica.child.stop('SIGKILL');
    await harness?.close();
    harness = undefined;
    await etcd?.stop();
    etcd = undefined;
  });

  async function startReplica(h: CxoneRunHarness, cluster: EtcdCluster, name: string): Promise<ElectedReplica> {
    const child = spawnCli(['run'], {
      env: {
        ...h.env,
        DATA_DIR: path.join(h.dir, `data-${name}`),
        LEADER_ELECTION: 'etcd',
        ETCD_ENDPOINTS: cluster.endpoints,
        LEADER_ELECTION_TTL: String(TTL_SECONDS),
        GITOPS_SCHEDULE: '*/1 * * * * *',
        GITOPS_POLL_SECONDS: '1',
      },
    });
    const replica: ElectedReplica = {
      name,
      child,
      url() {
        const match = /listening on (http:\/\/\S+?)["\s]/.exec(child.stdout());
        if (!match) throw new Error(`replica ${name} is not listening`);
        return match[1]!;
      },
      status: async () => (await httpRequest<ControllerStatus>(`${replica.url()}/api/status`, { timeoutMs: 1000 })).body,
      running: () => child.child.exitCode === null && child.child.signalCode === null,
    };
    replicas.push(replica);
    await child.waitForLine(/listening on http/, 30_000);
    return replica;
  }

  /** The one running replica whose status says it leads (and not `not`), with the skill's state there. */
  async function waitForLeaderWith(ok: (state: CampaignState) => boolean, what: string, not?: ElectedReplica, timeoutMs = 60_000): Promise<{ leader: ElectedReplica; state: CampaignState }> {
    let last = 'no status';
    try {
      return await waitFor(
        async () => {
          const leading: Array<{ leader: ElectedReplica; status: ControllerStatus }> = [];
          for (const replica of replicas.filter((candidate) => candidate.running() && candidate !== not)) {
            const status = await replica.status().catch(() => undefined);
            if (status?.leadership?.role === 'leader') leading.push({ leader: replica, status });
          }
          if (leading.length !== 1) return undefined;
          const { leader, status } = leading[0]!;
          const state = status.campaigns.find((campaign) => campaign.name === NAME);
          last = state ? `${leader.name}: ${state.status}/${state.statusReason}: ${state.reason} analysis ${JSON.stringify(state.analysis)}` : `${leader.name}: no ${NAME}`;
          return state !== undefined && ok(state) && { leader, state };
        },
        { what, timeoutMs, intervalMs: 100 },
      );
    } catch (error) {
      const output = replicas.map((replica) => `${replica.name}: ${replica.child.stdout().slice(-1500)} ${replica.child.stderr().slice(-500)}`).join('\n');
      throw new Error(`${(error as Error).message}; last: ${last}\n${output}`, { cause: error });
    }
  }

  /**
   * A pre-receive hook on the remote that declines every update of the existing audit branch while
   * the returned file exists (its creation and the heartbeat branch pass): the leader's records stay
   * in its journal, retried with backoff.
   */
  async function holdAuditPushes(h: CxoneRunHarness): Promise<string> {
    const hold = path.join(h.dir, 'hold-audit-pushes');
    await writeFile(hold, '');
    const hook = path.join(h.remote, 'hooks', 'pre-receive');
    const script = [
      '#!/bin/sh',
      'while read old new ref; do',
      `  if [ "$ref" = "refs/heads/cxone-gitops/audit" ] && [ "$old" != "0000000000000000000000000000000000000000" ] && [ -e '${hold}' ]; then`,
      '    echo "audit pushes are held by the test" >&2; exit 1',
      '  fi',
      'done',
      'exit 0',
      '',
    ].join('\n');
    await writeFile(hook, script);
    await chmod(hook, 0o755);
    return hold;
  }

  /**
   * Two elected replicas; the leader applies the overdialling change and is SIGKILLed while the skill
   * is Verifying (after `beforeKill`; `afterKill` next); the standby must reach the verdict of the
   * same analysis.
   */
  async function killWhileVerifying(beforeKill: (h: CxoneRunHarness) => Promise<void>, setUp: (h: CxoneRunHarness) => Promise<void> = async () => undefined, afterKill: () => Promise<void> = async () => undefined): Promise<void> {
    etcd = await startEtcdCluster({ size: 3 });
    harness = await startCxoneRunHarness({
      files: { 'renewals.yaml': SKILL_FILE },
      emulator: { timeScale: 1800, skills: [{ skillId: SKILL_ID, skillName: 'renewals', isRunning: true, generalSettings: { maximumRatio: 2, abandonRateThreshold: 1.5 }, trueProfile: TRUE_PROFILE }] },
    });
    const h = harness;
    await setUp(h);
    await startReplica(h, etcd, 'a');
    await startReplica(h, etcd, 'b');

    const first = await waitForLeaderWith((state) => state.status === 'Verifying' && state.analysis?.startedAt !== undefined, `one leader with ${NAME} Verifying and an analysis started`);
    const startedAt = first.state.analysis!.startedAt;
    await beforeKill(h);
    const putsBefore = h.emulator.context.requests.query({ method: 'PUT' }).length;
    first.leader.child.child.kill('SIGKILL');
    await first.leader.child.exited;
    await afterKill();

    const end = await waitForLeaderWith((state) => state.status === 'RolledBack', `the standby to lead and ${NAME} to be RolledBack`, first.leader, 90_000);
    expect(end.state.analysis, `the RolledBack status carries its analysis: ${JSON.stringify(end.state)}`).to.not.equal(undefined);
    expect(end.state.analysis).to.deep.include({ phase: 'Failed' });
    expect(h.emulator.context.store.get(SKILL_ID)!.groups.generalSettings, 'the settings before the apply are back').to.include({ maximumRatio: 2, abandonRateThreshold: 1.5 });

    const records = await waitFor(
      async () => {
        const all = (await h.auditRecords()).filter((record) => record.campaign === NAME);
        return all.some((record) => record.outcome === 'rolled-back') && all;
      },
      { what: 'the rollback on the audit branch', timeoutMs: 30_000, intervalMs: 200 },
    );
    const outcomes = records.map((record) => String(record.outcome));
    expect(outcomes.filter((outcome) => outcome === 'applied'), `one apply: ${outcomes.join(', ')}`).to.have.length(1);
    expect(outcomes.filter((outcome) => ['rolled-back', 'verified', 'paused'].includes(outcome)), `one verdict: ${outcomes.join(', ')}`).to.deep.equal(['rolled-back']);

    // No double apply: the killed leader's PUT of the change, then only the new leader's rollback.
    const puts = h.emulator.context.requests.query({ method: 'PUT' }).filter((entry) => entry.status < 300);
    const summary = puts.map((entry) => `${entry.time} ${entry.path} ${entry.status}`).join(', ');
    expect(putsBefore, `the change was written once before the kill: ${summary}`).to.equal(1);
    // The killed leader wrote once, so the second PUT (the rollback) is the standby's.
    expect(puts, `one PUT of the change and one of the rollback: ${summary}`).to.have.length(2);
    expect(h.emulator.context.store.get(SKILL_ID)!.writes, 'writes the emulator counted').to.equal(2);

    const verdict = records.find((record) => record.outcome === 'rolled-back')!;
    expect(end.state.analysis!.startedAt, `the analysis was resumed, not started again (the change was PUT at ${puts[0]!.time})`).to.equal(startedAt);
    expect(verdict.analysis, `the rolled-back record carries its analysis: ${JSON.stringify(verdict)}`).to.not.equal(undefined);
    expect(verdict.analysis).to.deep.include({ phase: 'Failed', startedAt });
  }

  it('the standby resumes the analysis whose verification-started record is on the audit branch: the verdict has the same analysis.startedAt, one apply and one rollback', async () => {
    await killWhileVerifying(async (h) => {
      await waitFor(async () => (await h.auditRecords()).some((record) => record.campaign === NAME && record.outcome === 'verification-started'), {
        what: 'the verification-started record on the audit branch',
        timeoutMs: 30_000,
        intervalMs: 100,
      });
    });
  });

  it('the standby starts the analysis at the time CXone accepted the write when the killed leader never pushed its applied and verification-started records: the same analysis.startedAt, one apply and one rollback', async () => {
    let hold = '';
    await killWhileVerifying(
      async (h) => {
        const onBranch = (await h.auditRecords()).filter((record) => record.campaign === NAME).map((record) => String(record.outcome));
        expect(onBranch, 'no record of the skill reached the audit branch before the kill').to.deep.equal([]);
      },
      async (h) => {
        hold = await holdAuditPushes(h);
      },
      async () => rm(hold, { force: true }),
    );
  });
});
