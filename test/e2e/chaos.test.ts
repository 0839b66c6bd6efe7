/**
 * The reliability run: while the emulator injects 5xx answers, extra 429s, latency, dropped
 * connections, PUTs applied and then dropped (the answer lost), re-reads that fail and spurious
 * 409s (which also hit rollback PUTs), supervisors edit campaigns at random and engineers push commits,
 * and the controller is killed with SIGKILL and restarted several times. At the end: every enforced
 * campaign equals Git, every PUT CXone accepted has exactly one audit record, no settings that break
 * a rule reached CXone, exactly one ML webhook is registered, and no process or port is left.
 * `npm test` runs a short version; `npm run soak` a longer one (CHAOS_ROUNDS, default 3). Kill points: KILL_POINTS below.
 */
import { expect } from 'chai';
import { readFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { seededRandom } from '../../emulator/seeded-random.js';
import { replaceInFile, startHarness, waitForEnforcedConvergence, type Harness } from '../support/controller-harness.js';
import { httpRequest } from '../support/http-request.js';
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
] as const;
type KillPoint = (typeof KILL_POINTS)[number];
const ALL_POINTS = process.env.CHAOS_KILL_POINTS === 'all';
const ROUNDS = Number(process.env.CHAOS_ROUNDS ?? (ALL_POINTS ? KILL_POINTS.length : 3));
const SEED = Number(process.env.CHAOS_SEED ?? Math.floor(Date.now() / 1000) % 100_000);
const VERDICT_OUTCOMES = ['verified', 'rolled-back', 'rollback-failed', 'paused', 'verification-failed'];
const FAULTS = { errorRate: 0.05, extra429Rate: 0.05, latencyMs: 15, dropRate: 0.02, applyThenDropRate: 0.15, conflictRate: 0.1 };
/** Statuses that need a human (I4) and the one an apply waits in for its verdict (I2). */
const HELD = ['Paused', 'RolledBack', 'Failed', 'Blocked'];
/** Enforced campaigns and a weight each round may move (within the files' limits and the 3% gate). */
const EDITABLE = [
  { id: 'a1b2c3d4-e5f6-7890-abcd-ef1234567890', file: 'retention/spring-renewals.yaml', key: 'answer_rate', values: ['0.12', '0.14', '0.16', '0.18'] },
  { id: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d', file: 'sales/solar-leads.yaml', key: 'answer_rate', values: ['0.10', '0.13', '0.16', '0.19'] },
];

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
  const stats = { seed: SEED, faultsInjected: 0, restarts: 0, commits: 0, supervisorEdits: 0, killedAfter: [] as KillPoint[], killPointsMissed: [] as KillPoint[] };

  /** The journal's lines (records waiting for their push, or intents) as parsed objects. */
  async function journal(name: 'audit.jsonl' | 'intents.jsonl'): Promise<Array<{ id?: string; record?: { id?: string; outcome?: string }; outcome?: string }>> {
    const text = await readFile(path.join(harness.env.DATA_DIR!, 'journal', name), 'utf8').catch(() => '');
    return text
      .split('\n')
      .filter((line) => line.trim() !== '')
      .flatMap((line) => {
        try {
          return [JSON.parse(line) as { id?: string; record?: { id?: string; outcome?: string }; outcome?: string }];
        } catch {
          return []; // a line torn by the kill
        }
      });
  }
  /** The journal's records of `outcomes` (an entry carries its record), by id. */
  async function journaled(outcomes: readonly string[]): Promise<Set<string>> {
    const ids = new Set<string>();
    for (const entry of await journal('audit.jsonl')) {
      const record = entry.record ?? entry;
      if (record.id && outcomes.includes(String(record.outcome))) ids.add(record.id);
    }
    return ids;
  }

  /** A check that turns true once the controller has reached `step` after the emulator's request `seq`. */
  async function killPointWatch(step: KillPoint, seq: number, acceptedBefore: number): Promise<() => Promise<boolean>> {
    const since = () => harness.emulator.context.requests.query({ since: seq, limit: 1_000_000 });
    const known = new Set([...(await journaled(['applied'])), ...(await journaled(VERDICT_OUTCOMES))]);
    const seenVerdicts = new Set<string>();
    const fresh = async (outcomes: readonly string[]) => [...(await journaled(outcomes))].filter((id) => !known.has(id));
    return async () => {
      switch (step) {
        case 'the write intent journaled':
          return (await journal('intents.jsonl')).length > 0;
        case 'a PUT applied by CXone':
          return harness.emulator.context.store.changes.filter((change) => change.source === 'api').length > acceptedBefore;
        case 'a PUT answered':
          return since().some((entry) => entry.method === 'PUT' && entry.status === 200);
        case 'the applied record journaled':
          return (await fresh(['applied'])).length > 0;
        case 'a verification started':
          return since().some((entry) => entry.method === 'POST' && entry.path.endsWith('/simulations') && entry.status === 202);
        case 'a verification read':
          return since().some((entry) => entry.method === 'GET' && entry.path.includes('/simulations/') && entry.status === 200);
        case 'the verdict journaled':
          return (await fresh(VERDICT_OUTCOMES)).length > 0;
        case 'the verdict pushed to the audit branch': {
          // Seen in the journal, then gone from it: on the branch (the journal keeps a record until it is pushed).
          const now = await fresh(VERDICT_OUTCOMES);
          for (const id of now) seenVerdicts.add(id);
          return seenVerdicts.size > 0 && [...seenVerdicts].some((id) => !now.includes(id));
        }
      }
    };
  }

  before(async () => {
    harness = await startHarness({ drift: true });
    receiver = await startWebhookReceiver();
  });
  after(async () => {
    await harness.close();
    await receiver.close();
    console.log(`      chaos figures: ${JSON.stringify(stats)}`);
  });

  it('converges with one record per accepted PUT, no rule broken, one ML webhook, nothing left behind', async () => {
    const env = { GITOPS_SCHEDULE: '*/1 * * * * *', ML_WEBHOOK_URL: receiver.url };
    const accepted = () => harness.emulator.context.store.changes.filter((change) => change.source === 'api');
    const ports: number[] = [];
    await httpRequest(`${harness.emulator.url}/emulator/faults`, { method: 'POST', body: FAULTS });

    for (let round = 0; round < ROUNDS; round += 1) {
      const child = await harness.startControllerProcess(env);
      ports.push(Number(/listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(child.stdout())![1]));
      // An engineer moves one weight of each editable campaign; a supervisor edits one at random.
      await harness.push(`chaos round ${round}`, async (work) => {
        for (const [index, campaign] of EDITABLE.entries()) {
          const next = campaign.values[(campaign.values.indexOf(current[index]!) + 1) % campaign.values.length]!;
          await replaceInFile(path.join(work, campaign.file), `${campaign.key}: ${current[index]}`, `${campaign.key}: ${next}`);
          current[index] = next;
        }
      });
      stats.commits += 1;
      const victim = EDITABLE[Math.floor(random() * EDITABLE.length)]!;
      await httpRequest(`${harness.emulator.url}/emulator/campaigns/${victim.id}`, {
        method: 'PATCH',
        body: { predictiveDialerSettings: { parameterWeights: { call_rate: Math.round((random() * 0.2 - 0.1) * 100) / 100 } }, modifiedBy: 'ui:chaos-supervisor' },
      });
      stats.supervisorEdits += 1;
      // SIGKILL between two steps of the apply path, a different pair each round.
      const step = ALL_POINTS ? KILL_POINTS[round % KILL_POINTS.length]! : KILL_POINTS[(SEED + round) % KILL_POINTS.length]!;
      if (step !== 'a PUT answered') {
        // This round's first PUT is applied and its answer lost, and the re-reads that would settle it fail.
        await httpRequest(`${harness.emulator.url}/emulator/faults`, {
          method: 'POST',
          body: { next: [{ method: 'PUT', action: 'apply-then-drop' }, { method: 'GET', path: '/campaigns/', action: 'error' }, { method: 'GET', path: '/campaigns/', action: 'error' }] },
        });
      }
      const before = accepted().length;
      const seq = harness.emulator.context.requests.lastSeq;
      const reached = await killPointWatch(step, seq, before);
      try {
        await waitFor(reached, { timeoutMs: 40_000, intervalMs: 5, what: `${step} in round ${round}` });
        stats.killedAfter.push(step);
      } catch {
        // The random faults can keep a step from coming (every PUT of the round dropped): killed anyway, reported.
        stats.killPointsMissed.push(step);
      }
      child.child.kill('SIGKILL');
      await child.exited;
      harness.child = undefined;
      stats.restarts += 1;
    }

    // Calm: no more edits; the last controller converges and is stopped gracefully.
    const last = await harness.startControllerProcess(env);
    ports.push(Number(/listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(last.stdout())![1]));
    await waitFor(async () => (await harness.status()).ready, { timeoutMs: 60_000, what: 'the last controller to be ready' });
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
    expect(await last.stop('SIGTERM')).to.equal(0);
    harness.child = undefined;

    const records = await harness.auditRecords();
    const writes = records.filter((record) => record.outcome === 'applied' || record.outcome === 'rolled-back');
    for (const change of accepted()) {
      const matching = writes.filter((record) => record.campaignId === change.campaignId && record.toVersion === change.version);
      expect(matching, `one record for the PUT that made ${change.campaignId} v${change.version}`).to.have.length(1);
    }
    // A record without an accepted PUT may only be one marked uncertain (the controller was killed
    // during a PUT and the campaign changed since, so nobody can tell whether it was applied).
    const certain = writes.filter((record) => !record.uncertain);
    for (const record of certain) {
      const change = accepted().find((candidate) => candidate.campaignId === record.campaignId && candidate.version === record.toVersion);
      expect(change, `record ${String(record.outcome)} ${String(record.campaignId)} v${String(record.toVersion)} matches an accepted PUT`).to.not.equal(undefined);
    }
    Object.assign(stats, { uncertainRecords: writes.length - certain.length });
    expect(new Set(records.map((record) => record.id)).size, 'no duplicate record').to.equal(records.length);
    for (const change of accepted()) {
      const settings = change.predictiveDialerSettings;
      for (const [key, weight] of Object.entries(settings.parameterWeights)) {
        expect(Math.abs(weight!), `${change.campaignId} v${change.version} ${key} within maxDeviationLimit`).to.be.at.most(settings.maxDeviationLimit + 1e-9);
      }
    }
    // I2: every accepted apply has a verdict (verified, rolled back, paused, failed) or a later apply of the same campaign.
    const verdicts = new Set(['verified', 'rolled-back', 'rollback-failed', 'paused', 'verification-failed', 'verification-superseded']);
    const applies = records.filter((record) => record.outcome === 'applied' && !record.uncertain);
    const unsettled: string[] = [];
    for (const apply of applies) {
      const later = records.filter((record) => record.campaignId === apply.campaignId && Date.parse(String(record.time)) >= Date.parse(String(apply.time)) && record.id !== apply.id);
      const settled = later.some((record) => verdicts.has(String(record.outcome)) || record.outcome === 'applied');
      if (!settled) unsettled.push(`${String(apply.campaign)} v${String(apply.toVersion)} (then: ${later.map((record) => String(record.outcome)).join(', ') || 'nothing'})`);
    }
    Object.assign(stats, { appliesWithoutVerdict: unsettled });

    // I4: a campaign whose latest apply or verdict needs a human still shows it, after every restart.
    const needsHuman = new Set(['rolled-back', 'rollback-failed', 'paused', 'verification-failed']);
    for (const campaign of final.campaigns) {
      const last = records.filter((record) => record.campaign === campaign.name && (verdicts.has(String(record.outcome)) || record.outcome === 'applied')).at(-1);
      if (last && needsHuman.has(String(last.outcome))) expect(HELD, `${campaign.name} still needs a human (${String(last.outcome)})`).to.include(campaign.status);
    }
    Object.assign(stats, { applies: applies.length, lostAnswers: harness.emulator.context.requests.query({ method: 'PUT', limit: 1_000_000 }).filter((entry) => entry.status === 0).length });
    expect(harness.emulator.context.webhooks.list(), 'exactly one ML webhook').to.have.length(1);
    for (const port of ports) expect(await portIsFree(port), `port ${port} released`).to.equal(true);
    Object.assign(stats, { acceptedPuts: accepted().length, recordsChecked: records.length });
    Object.assign(stats, { verdicts: records.filter((record) => verdicts.has(String(record.outcome))).length });
    // Last, so that the figures above are complete when it fails.
    expect(unsettled, 'every apply has a verdict or was superseded').to.deep.equal([]);
  });
});
