/**
 * The settle phase with the real `live-analysis` kind, on the cxone emulator's live traffic (1800×):
 * a real conditional write applies the change, then the settle phase is driven as the work queue
 * would (again after each requeue delay) until the verdict, with the controller's skill binding
 * (skillResource: the cxone dialect, the skill model, live-analysis). Integration: it drives the
 * settle phase directly; the same binding runs in `cxone-gitops run` with CXONE_DIALECT=cxone, which
 * test/e2e/cxone-analysis.test.ts covers through a controller process.
 */
import { expect } from 'chai';
import { LIVE_ANALYSIS } from '../../../controller/adapters/cxone/cxone-skill-dialect.js';
import { createCxoneSkillsClient } from '../../../controller/adapters/cxone/cxone-skills-client.js';
import { silentLogger } from '../../../controller/adapters/logging/logger.js';
import { SecretRegistry } from '../../../controller/adapters/logging/secret-registry.js';
import { initialState } from '../../../controller/domain/campaign-state.js';
import type { LiveSkill } from '../../../controller/domain/live-skill.js';
import type { SkillSpec } from '../../../controller/domain/skill-spec.js';
import type { AuditRecord } from '../../../controller/reconcile/reconcile-campaign.js';
import { createReconcileContext } from '../../../controller/reconcile/reconcile-context.js';
import type { StateOf } from '../../../controller/reconcile/resource-model.js';
import { skillResource, type SkillTypes } from '../../../controller/reconcile/skill-model.js';
import { settle } from '../../../controller/reconcile/settle-phase.js';
import { createSimulationPool, type SimulationPool } from '../../../controller/simulation/index.js';
import { DEFAULT_ACCESS_KEY, DEFAULT_APPLICATION, startCxoneEmulator, type RunningCxoneEmulator } from '../../../emulator/cxone/cxone-emulator-server.js';
import { createSelfSignedCertificate, type TlsMaterial } from '../../../emulator/tls-certificate.js';
import { httpsFetch } from '../../support/https-fetch.js';
import { waitFor } from '../../support/wait-for.js';


/** Real seconds: 30 simulated minutes of window at 1800×, 2 simulated hours of maximum window. */
const ANALYSIS = { windowSeconds: 1, intervalSeconds: 0.2, minLiveAnswers: 200, maxWindowSeconds: 4 };
const SAFE = { maximumRatio: 1 };
const OVERDIAL = { maximumRatio: 3, maxConcurrentCallsPerAgent: 3, aggressiveness: 'aggressive', abandonRateThreshold: 10, abandonRateCutoff: 15, percentageOfAgentsBeforeOverdial: 0 };
const SKILL_ID = 31;

const skillOf = (generalSettings: Record<string, unknown>): SkillSpec =>
  ({ kind: 'OutboundSkill', name: 'renewals-outbound', skillId: SKILL_ID, labels: {}, path: 'retention/renewals-outbound.yaml', groups: { generalSettings }, simulation: { maxAbandonRate: 0.03, onFailure: 'rollback' }, analysis: ANALYSIS }) as unknown as SkillSpec;

describe('settle phase + live-analysis on the cxone emulator (integration)', function () {
  this.timeout(60_000);
  let tls: TlsMaterial;
  let pool: SimulationPool;
  let emulator: RunningCxoneEmulator;

  before(async () => {
    tls = await createSelfSignedCertificate();
    pool = createSimulationPool({ size: 1 });
  });
  after(() => pool.close());
  afterEach(() => emulator?.close());

  async function world(trueProfile: Record<string, number>) {
    emulator = await startCxoneEmulator({ tls, timeScale: 1800, rateLimitPerMinute: 0, skills: [{ skillId: SKILL_ID, skillName: 'renewals', isRunning: true, generalSettings: SAFE, trueProfile }] });
    const client = createCxoneSkillsClient({
      authUrl: emulator.url, clientId: DEFAULT_APPLICATION.clientId, clientSecret: DEFAULT_APPLICATION.clientSecret,
      accessKeyId: DEFAULT_ACCESS_KEY.accessKeyId, accessKeySecret: DEFAULT_ACCESS_KEY.accessKeySecret, fetch: httpsFetch(tls.cert), secrets: new SecretRegistry(),
    });
    const resource = skillResource(client);
    const { dialect, model } = resource;
    const records: AuditRecord[] = [];
    const journal: unknown[] = [];
    const context = (skill: SkillSpec) =>
      createReconcileContext<SkillTypes>(
        { resource, pool, actor: 'api:test', now: () => new Date(), log: silentLogger, audit: { record: async (record, status) => void (records.push(record), journal.push(JSON.parse(JSON.stringify(status?.document)))) } },
        { campaign: skill, revision: 'rev-2', windows: [], previous: initialState({ name: skill.name, campaignId: String(SKILL_ID), path: skill.path, labels: {} }) as StateOf<SkillTypes> },
      );
    /** Applies `generalSettings` with the dialect's conditional write: the state an accepted apply leaves (I2). */
    async function apply(skill: SkillSpec): Promise<{ state: StateOf<SkillTypes>; applied: LiveSkill }> {
      const before = (await dialect.observe(String(SKILL_ID)))!;
      const accepted = await dialect.write(String(SKILL_ID), { skillId: SKILL_ID, groups: skill.groups }, before);
      const state = {
        ...(initialState({ name: skill.name, campaignId: String(SKILL_ID), path: skill.path, labels: {} }) as StateOf<SkillTypes>),
        status: 'Verifying' as const,
        verification: { kind: LIVE_ANALYSIS, applyId: 'apply-1', revision: 'rev-2', fingerprint: model.fingerprint(skill), fromVersion: dialect.versionOf(before), appliedVersion: accepted.version, appliedAt: new Date().toISOString(), restore: dialect.restoreOf(before), heal: false },
      };
      return { state, applied: accepted.live };
    }
    /** Runs settle as the work queue would, until `until` says stop. */
    async function settleUntil(skill: SkillSpec, start: StateOf<SkillTypes>, applied: LiveSkill, until: (s: StateOf<SkillTypes>) => boolean) {
      const ctx = context(skill);
      let state = start;
      let due = Date.now();
      return waitFor(async () => {
        if (Date.now() < due) return undefined;
        const result = await settle(ctx, state, applied);
        state = result.state;
        if (until(state)) return state;
        due = Date.now() + (result.requeueAfterMs ?? 0);
        return undefined;
      }, { what: 'the settle phase to reach its condition', timeoutMs: 30_000, intervalMs: 20 });
    }
    const live = async () => (await dialect.observe(String(SKILL_ID)))!;
    return { apply, settleUntil, records, journal, live };
  }

  it('rolls back an overdialling change whose true abandon rate is over the limit, with a conditional write, and keeps the analysis on the status and the record', async () => {
    const w = await world({ agents: 40, answerProbability: 0.7, machineProbability: 0.05 });
    const skill = skillOf(OVERDIAL);
    const { state, applied } = await w.apply(skill);
    expect((await w.live()).groups.generalSettings).to.deep.include({ maximumRatio: 3 });
    const end = await w.settleUntil(skill, state, applied, (s) => s.verification === undefined);
    expect(end.status, end.reason).to.equal('RolledBack');
    expect((await w.live()).groups.generalSettings, 'the settings before the apply are back').to.deep.include({ maximumRatio: 1 });
    expect(end.analysis).to.deep.include({ phase: 'Failed', limit: 0.03 });
    expect(end.analysis!.lower).to.be.above(0.03);
    const outcomes = w.records.map((r) => r.outcome);
    expect(outcomes[0]).to.equal('verification-started');
    expect(outcomes.at(-1)).to.equal('rolled-back');
    expect(w.records.at(-1)!.analysis).to.deep.include({ phase: 'Failed' });
  });

  it('passes a safe change once the window has passed with enough live answers', async () => {
    const w = await world({ agents: 40, answerProbability: 0.7, machineProbability: 0.05 });
    const skill = skillOf({ maximumRatio: 1, abandonRateThreshold: 2 });
    const { state, applied } = await w.apply(skill);
    const end = await w.settleUntil(skill, state, applied, (s) => s.verification === undefined);
    expect(end.status, end.reason).to.equal('Synced');
    expect(end.analysis).to.deep.include({ phase: 'Passed' });
    expect(end.analysis!.liveAnswers).to.be.at.least(ANALYSIS.minLiveAnswers);
    expect(w.records.at(-1)!.outcome).to.equal('verified');
  });

  it('ends Paused at the maximum window when the skill has too little traffic', async () => {
    const w = await world({ agents: 1, answerProbability: 0.01, machineProbability: 0, avgTalkSeconds: 600 });
    const skill = skillOf({ maximumRatio: 1, abandonRateThreshold: 2 });
    const { state, applied } = await w.apply(skill);
    const end = await w.settleUntil(skill, state, applied, (s) => s.verification === undefined);
    expect(end.status, end.reason).to.equal('Paused');
    expect(end.hold).to.include({ reason: 'VerificationInconclusive' });
    expect(end.analysis).to.deep.include({ phase: 'Inconclusive' });
    expect(w.records.at(-1)!.outcome).to.equal('paused');
  });

  it('resumes from the journaled status after a restart: the same start and baseline, then the verdict', async () => {
    const w = await world({ agents: 40, answerProbability: 0.7, machineProbability: 0.05 });
    const skill = skillOf(OVERDIAL);
    const { state, applied } = await w.apply(skill);
    await w.settleUntil(skill, state, applied, (s) => s.verification?.progress !== undefined);
    // A new process: only what was journaled survives (the status document of the last record).
    const journaled = w.journal.at(-1) as StateOf<SkillTypes>;
    const startedAt = (journaled.verification!.progress as { startedAt: string }).startedAt;
    const end = await w.settleUntil(skill, journaled, applied, (s) => s.verification === undefined);
    expect(end.status, end.reason).to.equal('RolledBack');
    expect(end.analysis!.startedAt, 'the analysis was resumed, not started again').to.equal(startedAt);
    expect(w.records.filter((r) => r.outcome === 'verification-started').length).to.be.at.least(1);
  });
});
