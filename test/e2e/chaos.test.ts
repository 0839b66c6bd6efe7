/**
 * The reliability run: while the emulator injects 5xx answers, extra 429s, latency, dropped
 * connections, PUTs applied and then dropped (the answer lost), re-reads that fail and spurious
 * 409s, a shrunken floor that fails one campaign's verifications (so it is rolled back) with its
 * rollback PUT answered 503, supervisors edit campaigns at random and engineers push commits,
 * and the controller is killed with SIGKILL and restarted several times. After each restart, I1–I4
 * hold on the records and statuses so far (what is still in flight excused: test/support/chaos-checks.ts).
 * At the end: every enforced campaign equals Git, every PUT CXone accepted has exactly one audit
 * record, every apply has its verdict, no settings that break a rule reached CXone, every campaign
 * that needs a human still shows it, `plan --format json` names each campaign's action as the
 * controller decided it (I5), exactly one ML webhook is registered, and no process or port is left.
 * `npm test` runs a short version; `npm run soak` a longer one (CHAOS_ROUNDS, default 3). Kill points: KILL_POINTS below.
 */
import { expect } from 'chai';
import net from 'node:net';
import path from 'node:path';
import { seededRandom } from '../../emulator/seeded-random.js';
import { appliesWithoutVerdict, killPointWatch, needsHumanLost, oneRecordPerWrite, pendingIntents, SETTLING_OUTCOMES, waitForInvariants, weightsOutsideLimit, type ApplyStep, type KillPointProbes } from '../support/chaos-checks.js';
import { git, replaceInFile, startHarness, waitForEnforcedConvergence, type Harness } from '../support/controller-harness.js';
import { httpRequest } from '../support/http-request.js';
import { runCli } from '../support/spawn-cli.js';
import { waitFor } from '../support/wait-for.js';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.js';

/**
 * Where a round's SIGKILL lands: as soon as the controller has reached each step of the apply path,
 * in the order the steps happen (so the kill falls between that step and the next). Round r kills
 * at point (CHAOS_SEED + r) mod 8: the default run (3 rounds, a seed from the clock, printed with
 * the figures) covers 3 of the 8, a few runs cover all; `CHAOS_KILL_POINTS=all` runs 8 rounds, one per
 * point, in order (also the default of `npm run soak`'s longer runs, which rotate through them).
 */
const KILL_POINTS = [
  'the write intent journaled',
  'a PUT applied by CXone',
  'a PUT answered',
  'the applied record journaled',
  'a verification started',
  'a verification read',
  'the verdict journaled',
  'the verdict pushed to the audit branch',
] as const satisfies readonly ApplyStep[];
type KillPoint = (typeof KILL_POINTS)[number];
const ALL_POINTS = process.env.CHAOS_KILL_POINTS === 'all';
const ROUNDS = Number(process.env.CHAOS_ROUNDS ?? (ALL_POINTS ? KILL_POINTS.length : 3));
const SEED = Number(process.env.CHAOS_SEED ?? Math.floor(Date.now() / 1000) % 100_000);
const FAULTS = { errorRate: 0.05, extra429Rate: 0.05, latencyMs: 15, dropRate: 0.02, applyThenDropRate: 0.15, conflictRate: 0.1 };
/** Enforced campaigns and a weight each round may move (within the files' limits and the 3% gate). */
const EDITABLE = [
  { id: 'a1b2c3d4-e5f6-7890-abcd-ef1234567890', file: 'retention/spring-renewals.yaml', key: 'answer_rate', values: ['0.12', '0.14', '0.16', '0.18'], last: '0.15' },
  { id: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d', file: 'sales/solar-leads.yaml', key: 'answer_rate', values: ['0.10', '0.13', '0.16', '0.19'], last: '0.11' },
];
/*
 * The last commit moves each campaign to `last`, a value none of the rounds used: the rounds cycle
 * through `values`, and every apply to spring-renewals is rolled back to what was live, so after
 * four moves Git could name exactly that live value again. The hold then ends with nothing to
 * write and no record, and I4's final check (the last verdict needs a human) could not tell it
 * from a hold that was lost.
 */
/**
 * During the rounds the floor of spring-renewals is shrunk (its live operatingProfile has 10 agents;
 * its file's gate still simulates 60): its applies pass the local gate and fail CXone's verification,
 * so they are rolled back, and each round the second PUT to it (the rollback, unless a retry of the
 * apply came first) answers 503. The calm puts the floor back.
 */
const FLOOR = { id: EDITABLE[0]!.id, shrunkAgents: 10 };

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port }, () => {
      socket.destroy();
      resolve(false);
    });
    socket.on('error', () => resolve(true));
  });
}

describe(`chaos: faults, random edits, commits and ${ROUNDS} SIGKILLs`, function () {
  this.timeout(60_000 + ROUNDS * 60_000);
  let harness: Harness;
  let receiver: WebhookReceiver;
  const random = seededRandom(SEED);
  const current = EDITABLE.map((campaign) => campaign.values[0]!);
  const stats = { seed: SEED, faultsInjected: 0, restarts: 0, commits: 0, supervisorEdits: 0, killedAfter: [] as KillPoint[], killPointsMissed: [] as KillPoint[], checksAfterKill: 0, recordsCheckedAfterKills: 0 };
  const accepted = () => harness.emulator.context.store.changes.filter((change) => change.source === 'api');
  const acceptedWrites = () => accepted().map((change) => ({ campaignId: change.campaignId, version: change.version, label: `${change.campaignId} v${change.version}`, settings: change.predictiveDialerSettings }));
  const journalDir = () => path.join(harness.env.DATA_DIR!, 'journal');

  /**
   * I1–I4 on the records and statuses so far, after a restart: once the controller is ready and its
   * journal pushed, read the accepted PUTs, the pending intents, the status and the audit branch, in
   * that order, and check them with what may still be in flight excused (chaos-checks.ts, `midRun`).
   */
  async function checkAfterKill(label: string): Promise<void> {
    await waitFor(async () => {
      const status = await harness.status();
      return status.ready && status.auditPending === 0;
    }, { timeoutMs: 60_000, what: `${label}: the restarted controller ready and its journal pushed` });
    const facts = await waitForInvariants(async () => {
      const writes = acceptedWrites();
      const intents = await pendingIntents(journalDir());
      const statuses = (await harness.status()).campaigns;
      return { writes, intents, statuses, records: await harness.auditRecords() };
    }, { midRun: true, unsafe: (write) => weightsOutsideLimit(write.settings), what: `I1–I4 ${label}` });
    stats.checksAfterKill += 1;
    stats.recordsCheckedAfterKills += facts.records.length;
  }

  /** An engineer's commit: one weight of each editable campaign moves to its next value. */
  async function moveWeights(work: string, last = false): Promise<void> {
    for (const [index, campaign] of EDITABLE.entries()) {
      const next = last ? campaign.last : campaign.values[(campaign.values.indexOf(current[index]!) + 1) % campaign.values.length]!;
      await replaceInFile(path.join(work, campaign.file), `${campaign.key}: ${current[index]}`, `${campaign.key}: ${next}`);
      current[index] = next;
    }
  }
  let liveAgents = 0;
  /** The workforce changes the floor of FLOOR's campaign in CXone (not a setting Git manages). */
  async function setFloor(agents: number): Promise<void> {
    await httpRequest(`${harness.emulator.url}/emulator/campaigns/${FLOOR.id}`, { method: 'PATCH', body: { operatingProfile: { agents }, modifiedBy: 'ui:chaos-workforce' } });
  }

  /** The tutorial emulator's side of the kill-point watch: its change log and request log. */
  function probes(seq: number): KillPointProbes {
    return {
      journalDir: journalDir(),
      acceptedWrites: () => accepted().length,
      requestsSince: () => harness.emulator.context.requests.query({ since: seq, limit: 1_000_000 }),
      requests: {
        'a PUT answered': (entry) => entry.method === 'PUT' && entry.status === 200,
        'a verification started': (entry) => entry.method === 'POST' && entry.path.endsWith('/simulations') && entry.status === 202,
        'a verification read': (entry) => entry.method === 'GET' && entry.path.includes('/simulations/') && entry.status === 200,
      },
    };
  }

  /**
   * I5: `plan --format json` on a checkout of the remote, against the same emulator and audit branch,
   * beside each campaign's `lastDecision` from a reconcile that started after plan read its inputs
   * (nothing changes them meanwhile: no edits, no faults, every apply judged); the disagreements.
   */
  async function planDisagreements(): Promise<string[]> {
    const checkout = path.join(harness.dir, `plan-checkout-${stats.restarts}`);
    await git(harness.dir, 'clone', '--quiet', '--no-local', '--branch', 'main', harness.remote, checkout);
    const started = new Date().toISOString();
    const run = await runCli(['plan', checkout, '--format', 'json'], { env: { PATH: process.env.PATH ?? '', ...harness.env, LOG_LEVEL: 'silent' } });
    expect(run.code, run.stderr).to.be.oneOf([0, 2]);
    const plan = JSON.parse(run.stdout) as { history: { source: string; message: string } | null; campaigns: Array<{ name: string; action: string }> };
    expect(plan.history?.source, `plan read the audit branch (${String(plan.history?.message)})`).to.equal('audit-branch');
    const statuses = await waitFor(async () => {
      const campaigns = (await harness.status()).campaigns;
      return campaigns.every((campaign) => (campaign.lastReconcileAt ?? '') >= started) ? campaigns : undefined;
    }, { timeoutMs: 30_000, what: 'every campaign reconciled after plan ran' });
    Object.assign(stats, { planCampaigns: plan.campaigns.length });
    return plan.campaigns.flatMap(({ name, action }) => {
      const decided = statuses.find((campaign) => campaign.name === name)?.lastDecision;
      return decided === action ? [] : [`${name}: plan ${action}, controller ${String(decided)}`];
    });
  }

  before(async () => {
    harness = await startHarness({ drift: true });
    liveAgents = harness.emulator.context.store.get(FLOOR.id)!.operatingProfile.agents;
    receiver = await startWebhookReceiver();
  });
  after(async () => {
    await harness.close();
    await receiver.close();
    console.log(`      chaos figures: ${JSON.stringify(stats)}`);
  });

  it('converges with one record per accepted PUT, no rule broken, one ML webhook, nothing left behind', async () => {
    const env = { GITOPS_SCHEDULE: '*/1 * * * * *', ML_WEBHOOK_URL: receiver.url };
    const ports: number[] = [];
    let lastKill = '';
    await setFloor(FLOOR.shrunkAgents);
    await httpRequest(`${harness.emulator.url}/emulator/faults`, { method: 'POST', body: FAULTS });

    for (let round = 0; round < ROUNDS; round += 1) {
      const child = await harness.startControllerProcess(env);
      ports.push(Number(/listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(child.stdout())![1]));
      if (round > 0) await checkAfterKill(`after the kill of round ${round - 1} (${lastKill})`);
      // An engineer moves one weight of each editable campaign; a supervisor edits one at random.
      await harness.push(`chaos round ${round}`, (work) => moveWeights(work));
      stats.commits += 1;
      const victim = EDITABLE[Math.floor(random() * EDITABLE.length)]!;
      await httpRequest(`${harness.emulator.url}/emulator/campaigns/${victim.id}`, {
        method: 'PATCH',
        body: { predictiveDialerSettings: { parameterWeights: { call_rate: Math.round((random() * 0.2 - 0.1) * 100) / 100 } }, modifiedBy: 'ui:chaos-supervisor' },
      });
      stats.supervisorEdits += 1;
      // SIGKILL between two steps of the apply path, a different pair each round.
      const step: KillPoint = ALL_POINTS ? KILL_POINTS[round % KILL_POINTS.length]! : KILL_POINTS[(SEED + round) % KILL_POINTS.length]!;
      const next: Array<Record<string, unknown>> = [];
      // This round's first PUT is applied and its answer lost, and the re-reads that would settle it fail.
      if (step !== 'a PUT answered') next.push({ method: 'PUT', action: 'apply-then-drop' }, { method: 'GET', path: '/campaigns/', action: 'error' }, { method: 'GET', path: '/campaigns/', action: 'error' });
      next.push({ method: 'PUT', path: FLOOR.id, action: 'error', status: 503, skip: 1 });
      if (next.length > 0) await httpRequest(`${harness.emulator.url}/emulator/faults`, { method: 'POST', body: { next } });
      const before = accepted().length;
      const seq = harness.emulator.context.requests.lastSeq;
      const reached = await killPointWatch(step, probes(seq), before);
      try {
        await waitFor(reached, { timeoutMs: 40_000, intervalMs: 5, what: `${step} in round ${round}` });
        stats.killedAfter.push(step);
      } catch {
        // The random faults can keep a step from coming (every PUT of the round dropped): killed anyway, reported.
        stats.killPointsMissed.push(step);
      }
      lastKill = step;
      child.child.kill('SIGKILL');
      await child.exited;
      harness.child = undefined;
      stats.restarts += 1;
    }

    // Calm: no more edits; the last controller converges and is stopped gracefully.
    const last = await harness.startControllerProcess(env);
    ports.push(Number(/listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(last.stdout())![1]));
    await checkAfterKill(`after the last kill (round ${ROUNDS - 1}, ${lastKill})`);
    // The floor back, and one last commit: a campaign held after a rollback gets a desired state to converge to.
    await setFloor(liveAgents);
    await harness.push('chaos: the last commit', (work) => moveWeights(work, true));
    stats.commits += 1;
    await waitForEnforcedConvergence(harness, 90_000);
    stats.faultsInjected = harness.emulator.context.requests.query({ limit: 1_000_000 }).filter((entry) => entry.status === 0 || entry.status >= 500 || entry.status === 429 || entry.status === 409).length;
    expect(stats.faultsInjected, 'faults were really injected and answered').to.be.above(0);
    await httpRequest(`${harness.emulator.url}/emulator/faults`, { method: 'POST', body: { errorRate: 0, extra429Rate: 0, latencyMs: 0, dropRate: 0, applyThenDropRate: 0, conflictRate: 0 } });
    // I2: no apply is left waiting for its verdict once the controller has settled — judged on one
    // status read with nothing reconciling, queued or waiting for a retry, so that no apply can be
    // between CXone's answer and its record (the status shows Verifying from that record on).
    const settled = (status: Awaited<ReturnType<Harness['status']>>): boolean =>
      status.campaigns.every((campaign) => campaign.status !== 'Verifying') &&
      status.queue.running === 0 &&
      status.queue.queued === 0 &&
      status.queue.waitingRetry === 0 &&
      status.auditPending === 0;
    await waitFor(async () => settled(await harness.status()), { timeoutMs: 90_000, what: 'every apply to reach a verdict, nothing reconciling and the journal pushed' });
    const final = await harness.status();
    expect(await planDisagreements(), 'I5: plan --format json names the action the controller decided').to.deep.equal([]);
    expect(await last.stop('SIGTERM')).to.equal(0);
    harness.child = undefined;

    const records = await harness.auditRecords();
    const writes = acceptedWrites();
    const facts = { writes, records, statuses: final.campaigns };
    // I1: one record per accepted PUT; a record without one only if marked uncertain (the controller
    // was killed during a PUT and the campaign changed since, so nobody can tell whether it was applied).
    expect(oneRecordPerWrite(facts), 'one record per accepted PUT, and no other').to.deep.equal([]);
    const uncertain = records.filter((record) => (record.outcome === 'applied' || record.outcome === 'rolled-back') && record.uncertain).length;
    Object.assign(stats, { uncertainRecords: uncertain });
    // I3: no accepted PUT breaks the files' maxDeviationLimit.
    expect(writes.flatMap((write) => weightsOutsideLimit(write.settings).map((problem) => `${write.label}: ${problem}`)), 'every weight within maxDeviationLimit').to.deep.equal([]);
    // I2: every accepted apply has a verdict (verified, rolled back, paused, failed) or a later apply of the same campaign.
    const unsettled = appliesWithoutVerdict(facts);
    const applies = records.filter((record) => record.outcome === 'applied' && !record.uncertain);
    Object.assign(stats, { appliesWithoutVerdict: unsettled });
    // I4: a campaign whose latest apply or verdict needs a human still shows it, after every restart.
    expect(needsHumanLost(facts), 'every campaign that needs a human still shows it').to.deep.equal([]);
    Object.assign(stats, { applies: applies.length, lostAnswers: harness.emulator.context.requests.query({ method: 'PUT', limit: 1_000_000 }).filter((entry) => entry.status === 0).length });
    expect(harness.emulator.context.webhooks.list(), 'exactly one ML webhook').to.have.length(1);
    for (const port of ports) expect(await portIsFree(port), `port ${port} released`).to.equal(true);
    Object.assign(stats, { acceptedPuts: accepted().length, recordsChecked: records.length });
    const verdicts = records.filter((record) => SETTLING_OUTCOMES.has(String(record.outcome)));
    Object.assign(stats, { verdicts: Object.fromEntries([...SETTLING_OUTCOMES].map((outcome) => [outcome, verdicts.filter((record) => record.outcome === outcome).length]).filter(([, count]) => count !== 0)) });
    // Last, so that the figures above are complete when it fails.
    expect(unsettled, 'every apply has a verdict or was superseded').to.deep.equal([]);
  });
});
