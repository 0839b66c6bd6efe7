/**
 * The reliability run on the real dialect (CXONE_DIALECT=cxone, outbound skills over HTTPS): while
 * the cxone emulator injects 5xx answers, extra 429s, latency, dropped connections, group PUTs
 * applied and then dropped (the answer lost), re-reads that fail, races at the read-back and
 * rollback PUTs that fail, supervisors edit skills at random and engineers push commits, and the
 * controller is killed with SIGKILL and restarted several times. Verification is the live
 * analysis (`GET /skills/{id}/summary`, short windows at 1800× time). After each restart and at the
 * end: I1–I4 (docs/architecture.md, "The safety invariants") — every group PUT CXone accepted has
 * exactly one record, every apply reaches a verdict or is superseded, no write goes beyond the
 * regulatory abandon cap, and every "needs a human" state stays. `npm test` runs 3 rounds;
 * `npm run soak` more (CHAOS_ROUNDS, CHAOS_KILL_POINTS=all); CHAOS_SEED replays a run's choices.
 */
import { expect } from 'chai';
import path from 'node:path';
import { seededRandom } from '../../emulator/seeded-random.js';
import type { SkillChange } from '../../emulator/cxone/skill-store.js';
import {
  APPLY_STEPS,
  appliesWithoutVerdict,
  chaosRounds,
  HELD_STATUSES,
  invariantViolations,
  killPointWatch,
  pendingIntents,
  SETTLING_OUTCOMES,
  waitForInvariants,
  type AcceptedWrite,
  type ApplyStep,
  type AuditRecordLike,
  type ChaosFacts,
  type CheckOptions,
  type KillPointProbes,
} from '../support/chaos-checks.js';
import { replaceInFile } from '../support/controller-harness.js';
import { outboundSkillFile, startCxoneRunHarness, type CxoneRunHarness } from '../support/cxone-run-harness.js';
import { waitFor } from '../support/wait-for.js';

/**
 * Where a round's SIGKILL lands on the skill apply path, in the order the steps happen. Round r
 * kills at point (CHAOS_SEED + r) mod 8; `CHAOS_KILL_POINTS=all` runs one round per point, in order.
 * Skills have no `/simulations`: the verification starts with its journaled record and reads the summary.
 */
const KILL_POINTS = APPLY_STEPS.filter((step) => step !== 'a verification started');
const { seed: SEED, rounds: ROUNDS, pointOf } = chaosRounds(KILL_POINTS);
const FAULTS = { errorRate: 0.04, extra429Rate: 0.04, latencyMs: 10, dropRate: 0.02, applyThenDropRate: 0.15, raceRate: 0.05 };
const NO_FAULTS = { errorRate: 0, extra429Rate: 0, latencyMs: 0, dropRate: 0, applyThenDropRate: 0, raceRate: 0 };
/** The policy's regulatory abandon cap (the default, 3 %): no write may set a threshold beyond it (I3). */
const CAP_PERCENT = 3;

const SAFE_LOW = '{ maximumRatio: 1, abandonRateThreshold: 2, abandonRateCutoff: 3 }';
const SAFE_HIGH = '{ maximumRatio: 1, abandonRateThreshold: 2.5, abandonRateCutoff: 3 }';
/** Passes the local gate on the file's optimistic profile; the live analysis fails it on the true one: rolled back. */
const OVERDIAL = '{ maximumRatio: 3, maxConcurrentCallsPerAgent: 3, aggressiveness: aggressive, abandonRateThreshold: 3, abandonRateCutoff: 10, percentageOfAgentsBeforeOverdial: 0 }';
/** Beyond the regulatory cap: the file is Invalid and nothing may reach CXone. */
const BEYOND_CAP = '{ maximumRatio: 1, abandonRateThreshold: 4, abandonRateCutoff: 5 }';
const TRUE_PROFILE = { agents: 40, answerProbability: 0.7, machineProbability: 0.05 };
const ANALYSIS = '{ window: 2s, interval: 1s, minLiveAnswers: 200, maxWindow: 12s }';

/** The skills, and the generalSettings each round moves them to (in turn; after 3 rounds winback overdials, judged in the calm). */
const SKILLS = [
  { skillId: 11, name: 'renewals-outbound', profile: '{ agents: 40 }', values: [SAFE_LOW, SAFE_HIGH] },
  { skillId: 12, name: 'winback-outbound', profile: '{ agents: 40, answerProbability: 0.2, machineProbability: 0.05 }', values: [SAFE_LOW, OVERDIAL] },
  { skillId: 13, name: 'arrears-outbound', profile: '{ agents: 40 }', values: [SAFE_HIGH, BEYOND_CAP, SAFE_LOW] },
];
const fileOf = (skill: (typeof SKILLS)[number]) => `${skill.name}.yaml`;
const textOf = (skill: (typeof SKILLS)[number], generalSettings: string) => outboundSkillFile({ name: skill.name, skillId: skill.skillId, generalSettings, profile: skill.profile, analysis: ANALYSIS });

interface SkillWrite extends AcceptedWrite {
  settings: Record<string, unknown>;
}

/** I3 on skills: nothing beyond the regulatory cap, the cutoff at or above the threshold. */
function beyondCap(write: SkillWrite): string[] {
  const threshold = Number(write.settings.abandonRateThreshold);
  const cutoff = Number(write.settings.abandonRateCutoff);
  return [
    ...(threshold > CAP_PERCENT ? [`abandonRateThreshold ${threshold} beyond the regulatory cap ${CAP_PERCENT}`] : []),
    ...(cutoff < threshold ? [`abandonRateCutoff ${cutoff} below abandonRateThreshold ${threshold}`] : []),
  ];
}

/** A PUT the read-back found overwritten: CXone accepted it, and its record is the conflict (I1). */
const isWriteRecord = (record: AuditRecordLike) =>
  record.outcome === 'applied' || record.outcome === 'rolled-back' || (record.outcome === 'write-conflict' && /CXone accepted a PUT of this write/.test(String(record.reason)));
const CHECKS: CheckOptions<SkillWrite> = { versioned: false, isWriteRecord, unsafe: beyondCap };

describe(`chaos on CXONE_DIALECT=cxone: faults, random edits, commits and ${ROUNDS} SIGKILLs on outbound skills`, function () {
  this.timeout(90_000 + ROUNDS * 50_000);
  let harness: CxoneRunHarness;
  const random = seededRandom(SEED);
  const current = SKILLS.map(() => 0);
  const stats = { seed: SEED, rounds: ROUNDS, restarts: 0, commits: 0, supervisorEdits: 0, rollbackFailuresArmed: 0, killedAfter: [] as ApplyStep[], killPointsMissed: [] as ApplyStep[], timings: [] as number[] };
  const accepted = (): SkillChange[] => harness.emulator.context.store.changes.filter((change) => change.source === 'api');
  const writes = (): SkillWrite[] => accepted().map((change) => ({ campaignId: String(change.skillId), label: `skill ${change.skillId} PUT #${change.seq} ${change.group}`, settings: change.settings }));
  const journalDir = () => path.join(harness.env.DATA_DIR!, 'journal');

  /** What I1–I4 are judged on, read in the order the checks need (writes first, records last). */
  async function readFacts(): Promise<ChaosFacts<SkillWrite>> {
    const accepted = writes();
    const intents = await pendingIntents(journalDir());
    const statuses = (await harness.status()).campaigns;
    return { writes: accepted, intents, statuses, records: await harness.auditRecords() };
  }

  /** The emulator's side of the kill-point watch; a verification read counts only after the round's first PUT. */
  function probes(seq: number): KillPointProbes {
    const since = () => harness.emulator.context.requests.query({ since: seq, limit: 1_000_000 });
    return {
      journalDir: journalDir(),
      acceptedWrites: () => accepted().length,
      requestsSince: () => {
        const entries = since();
        const firstPut = entries.findIndex((entry) => entry.method === 'PUT');
        return firstPut < 0 ? [] : entries.slice(firstPut);
      },
      requests: {
        'a PUT answered': (entry) => entry.method === 'PUT' && entry.status === 200,
        'a verification read': (entry) => entry.method === 'GET' && /\/skills\/\d+\/summary$/.test(entry.path) && entry.status === 200,
      },
    };
  }

  before(async () => {
    console.log(`      chaos-cxone seed ${SEED} (replay with CHAOS_SEED=${SEED})`);
    harness = await startCxoneRunHarness({
      files: Object.fromEntries(SKILLS.map((skill) => [fileOf(skill), textOf(skill, skill.values[0]!)])),
      emulator: {
        timeScale: 1800,
        seed: SEED,
        skills: SKILLS.map((skill) => ({ skillId: skill.skillId, skillName: skill.name, isRunning: true, generalSettings: { maximumRatio: 2, abandonRateThreshold: 1.5, abandonRateCutoff: 3 }, trueProfile: TRUE_PROFILE })),
      },
    });
  });
  after(async () => {
    await harness.close();
    console.log(`      chaos-cxone figures: ${JSON.stringify(stats)}`);
  });

  async function startController(): Promise<void> {
    // No ML_WEBHOOK_URL: the cxone dialect refuses it (there is no webhook API for skills).
    await harness.startController({ GITOPS_SCHEDULE: '*/1 * * * * *', GITOPS_POLL_SECONDS: '1' });
  }

  /** An engineer moves every skill to its next settings; a supervisor edits one at random in the CXone UI. */
  async function pushAndEdit(round: number): Promise<void> {
    await harness.push(`chaos round ${round}`, async (work) => {
      for (const [index, skill] of SKILLS.entries()) {
        const next = (current[index]! + 1) % skill.values.length;
        await replaceInFile(path.join(work, fileOf(skill)), `generalSettings: ${skill.values[current[index]!]!}`, `generalSettings: ${skill.values[next]!}`);
        current[index] = next;
      }
    });
    stats.commits += 1;
    const victim = SKILLS[Math.floor(random() * SKILLS.length)]!;
    const edited = harness.emulator.context.store.patch(victim.skillId, { generalSettings: { maximumRatio: 1 + Math.floor(random() * 3), abandonRateThreshold: 1 + Math.floor(random() * 5) / 2 } });
    expect(edited.ok).to.equal(true);
    stats.supervisorEdits += 1;
  }

  /** The rollback of the overdialling skill fails: its next PUT is let through when `afterOne` (its apply), the one after answered 503. */
  function armFailingRollback(afterOne: boolean): void {
    harness.emulator.context.scripted.push({ method: 'PUT', path: `/skills/${SKILLS[1]!.skillId}/`, action: 'error', status: 503, skip: afterOne ? 1 : 0 });
    stats.rollbackFailuresArmed += 1;
  }

  /** This round's one-shot faults: a lost answer whose settling re-reads fail, and sometimes a failing rollback. */
  function armFaults(step: ApplyStep): void {
    if (step !== 'a PUT answered') {
      harness.emulator.context.scripted.push({ method: 'PUT', action: 'apply-then-drop' }, { method: 'GET', path: '/parameters', action: 'error' }, { method: 'GET', path: '/parameters', action: 'error' });
    }
    if (random() < 0.5) armFailingRollback(true);
  }

  it('keeps I1–I4 on skills after every restart and at the end, and converges', async () => {
    await harness.admin('/emulator/faults', FAULTS);
    const started = Date.now();
    for (let round = 0; round < ROUNDS; round += 1) {
      stats.timings.push(Date.now() - started);
      await startController();
      stats.timings.push(Date.now() - started);
      if (round > 0) await waitForInvariants(readFacts, { ...CHECKS, midRun: true, timeoutMs: 30_000, what: `I1–I4 after the restart of round ${round}` });
      stats.timings.push(Date.now() - started);
      await pushAndEdit(round);
      const step = pointOf(round);
      armFaults(step);
      const reached = await killPointWatch(step, probes(harness.emulator.context.requests.lastSeq), accepted().length);
      try {
        await waitFor(reached, { timeoutMs: 30_000, intervalMs: 5, what: `${step} in round ${round}` });
        stats.killedAfter.push(step);
      } catch {
        // The random faults can keep a step from coming (every PUT of the round dropped): killed anyway, reported.
        stats.killPointsMissed.push(step);
      }
      await harness.stopController('SIGKILL');
      stats.restarts += 1;
    }

    // Calm: no more edits or one-shot faults; the last controller settles and is stopped gracefully.
    harness.emulator.context.scripted.length = 0;
    stats.timings.push(Date.now() - started);
    await startController();
    await waitFor(async () => (await harness.status()).ready, { timeoutMs: 60_000, intervalMs: 100, what: 'the last controller to be ready' });
    stats.timings.push(Date.now() - started);
    await waitForInvariants(readFacts, { ...CHECKS, midRun: true, timeoutMs: 30_000, what: 'I1–I4 after the last restart' });
    stats.timings.push(Date.now() - started);
    await harness.admin('/emulator/faults', NO_FAULTS);
    const overdialling = harness.emulator.context.store.get(SKILLS[1]!.skillId)!.groups.generalSettings.maximumRatio === 3;
    if (SKILLS[1]!.values[current[1]!] === OVERDIAL && random() < 0.5) armFailingRollback(!overdialling);
    const settled = await waitFor(async () => {
      const status = await harness.status();
      const calm = status.queue.running === 0 && status.queue.queued === 0 && status.queue.waitingRetry === 0 && status.auditPending === 0;
      return calm && status.campaigns.every((skill) => skill.status === 'Synced' || skill.status === 'Invalid' || HELD_STATUSES.includes(skill.status)) && status;
    }, { timeoutMs: 90_000, intervalMs: 200, what: 'every skill Synced, Invalid or held, nothing reconciling and the journal pushed' });
    const faultsAnswered = harness.emulator.context.requests.query({ limit: 1_000_000 }).filter((entry) => entry.status === 0 || entry.status >= 500 || entry.status === 429).length;
    const facts = { ...(await readFacts()), statuses: settled.campaigns };
    stats.timings.push(Date.now() - started);
    expect(await harness.child!.stop('SIGTERM')).to.equal(0);
    harness.child = undefined;

    // Every Synced skill equals Git; the one beyond the cap is Invalid when its file is.
    for (const [index, skill] of SKILLS.entries()) {
      const state = settled.campaigns.find((candidate) => candidate.name === skill.name)!;
      const desired = skill.values[current[index]!]!;
      if (desired === BEYOND_CAP) expect(state.status, `${skill.name}'s file is beyond the cap`).to.equal('Invalid');
      if (state.status !== 'Synced') continue;
      const live = harness.emulator.context.store.get(skill.skillId)!.groups.generalSettings;
      for (const [key, value] of Object.entries(parseFlow(desired))) expect(live[key], `${skill.name} ${key} equals Git`).to.equal(value);
    }
    const records = facts.records;
    Object.assign(stats, {
      faultsAnswered,
      acceptedPuts: facts.writes.length,
      unchangedPuts: accepted().filter((change) => !change.changed).length,
      applies: records.filter((record) => record.outcome === 'applied').length,
      verdicts: records.filter((record) => SETTLING_OUTCOMES.has(String(record.outcome))).length,
      rollbacks: records.filter((record) => record.outcome === 'rolled-back').length,
      rollbacksFailed: records.filter((record) => record.outcome === 'rollback-failed').length,
      scriptedLeft: harness.emulator.context.scripted.length,
      writeConflicts: records.filter((record) => record.outcome === 'write-conflict').length,
      uncertainRecords: records.filter((record) => record.uncertain).length,
      final: settled.campaigns.map((skill) => `${skill.name}: ${skill.status}`),
    });
    expect(faultsAnswered, 'faults were really injected and answered').to.be.above(0);
    expect(facts.writes.length, 'CXone accepted writes').to.be.above(0);
    Object.assign(stats, { appliesWithoutVerdict: appliesWithoutVerdict(facts) });
    expect(invariantViolations(facts, CHECKS), 'I1–I4 at the end').to.deep.equal([]);
  });
});

/** The fields of one of the flow maps above (`{ key: value, … }`), numbers as numbers. */
function parseFlow(flow: string): Record<string, unknown> {
  return Object.fromEntries(
    flow
      .replace(/[{}]/g, '')
      .split(',')
      .map((pair) => pair.split(':').map((part) => part.trim()))
      .map(([key, value]) => [key!, Number.isNaN(Number(value)) ? value : Number(value)]),
  );
}
