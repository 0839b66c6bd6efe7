import { expect } from 'chai';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createCxoneSkillsClient, type CxoneSkillsClient } from '../../../controller/adapters/cxone/cxone-skills-client.js';
import { silentLogger } from '../../../controller/adapters/logging/logger.js';
import { SecretRegistry } from '../../../controller/adapters/logging/secret-registry.js';
import type { AuditRecord } from '../../../controller/domain/audit-record.js';
import { initialState } from '../../../controller/domain/campaign-state.js';
import { DEFAULT_ANALYSIS, type SkillSpec } from '../../../controller/domain/skill-spec.js';
import { createFileIntentLog } from '../../../controller/reconcile/apply-intents.js';
import { reconcileResource } from '../../../controller/reconcile/reconcile-campaign.js';
import type { StateOf } from '../../../controller/reconcile/resource-model.js';
import { skillResource, type SkillTypes } from '../../../controller/reconcile/skill-model.js';
import { createSimulationPool, type SimulationPool } from '../../../controller/simulation/index.js';
import { DEFAULT_ACCESS_KEY, DEFAULT_APPLICATION, startCxoneEmulator, type RunningCxoneEmulator } from '../../../emulator/cxone/cxone-emulator-server.js';
import { createSelfSignedCertificate, type TlsMaterial } from '../../../emulator/tls-certificate.js';
import { httpsFetch } from '../../support/https-fetch.js';
import { memoryIntents } from '../../support/memory-intents.js';
import { waitFor } from '../../support/wait-for.js';

const AT = { line: 1, column: 1 };
/** Seconds of real time at the emulator's 1800x: a 30-simulated-minute window. */
const ANALYSIS = { ...DEFAULT_ANALYSIS, windowSeconds: 1, intervalSeconds: 0.2, minLiveAnswers: 200, maxWindowSeconds: 4 };
const TRUE_PROFILE = { agents: 40, answerProbability: 0.7, machineProbability: 0.05 };

function skill(generalSettings: Record<string, unknown>, skillId = 11): SkillSpec {
  return {
    kind: 'OutboundSkill',
    name: 'renewals',
    skillId,
    labels: {},
    path: 'desired-state/renewals.yaml',
    groups: { generalSettings },
    sync: { policy: 'enforce' },
    simulation: { durationSeconds: 300, maxAbandonRate: 0.03, onFailure: 'rollback', profile: {} },
    analysis: ANALYSIS,
    positions: { name: AT, skillId: AT, spec: AT },
  };
}

describe('reconciling an OutboundSkill through the generic phases (over HTTPS against emulator --dialect cxone)', function () {
  this.timeout(60_000);
  let tls: TlsMaterial;
  let pool: SimulationPool;
  let emulator: RunningCxoneEmulator;
  let client: CxoneSkillsClient;
  let records: AuditRecord[];
  const puts = () => emulator.context.requests.query({ method: 'PUT' }).length;
  const live = () => emulator.context.store.get(11)!.groups;

  before(async () => {
    tls = await createSelfSignedCertificate();
    pool = createSimulationPool();
  });
  after(() => pool.close());
  beforeEach(async () => {
    emulator = await startCxoneEmulator({
      tls,
      timeScale: 1800,
      rateLimitPerMinute: 0,
      skills: [{ skillId: 11, skillName: 'renewals', isRunning: true, generalSettings: { maximumRatio: 1, maxWaitTimeSeconds: 77 }, trueProfile: TRUE_PROFILE }],
    });
    client = createCxoneSkillsClient({
      authUrl: emulator.url, clientId: DEFAULT_APPLICATION.clientId, clientSecret: DEFAULT_APPLICATION.clientSecret,
      accessKeyId: DEFAULT_ACCESS_KEY.accessKeyId, accessKeySecret: DEFAULT_ACCESS_KEY.accessKeySecret, fetch: httpsFetch(tls.cert), secrets: new SecretRegistry(),
    });
    records = [];
  });
  afterEach(() => emulator.close());

  const deps = () => ({
    resource: skillResource(client),
    pool,
    audit: { record: async (record: AuditRecord) => void records.push(record) },
    actor: 'cxone-gitops',
    now: () => new Date(),
    log: silentLogger,
  });
  const reconcile = (desired: SkillSpec, previous: StateOf<SkillTypes>) => reconcileResource<SkillTypes>(deps(), { campaign: desired, revision: 'rev-1', windows: [], previous });
  const fresh = (desired: SkillSpec): StateOf<SkillTypes> => initialState({ name: desired.name, campaignId: String(desired.skillId), path: desired.path, labels: {} });

  /** Reconciles until the status leaves Verifying (the live analysis watching), as the work queue would. */
  async function converge(desired: SkillSpec, previous: StateOf<SkillTypes>): Promise<StateOf<SkillTypes>> {
    let state = previous;
    let due = 0;
    return waitFor(async () => {
      if (Date.now() < due) return undefined;
      const outcome = await reconcile(desired, state);
      state = outcome.state;
      if (state.status !== 'Verifying') return state;
      due = Date.now() + (outcome.requeueAfterMs ?? 100);
      return undefined;
    }, { what: `${desired.name} to leave Verifying`, timeoutMs: 30_000, intervalMs: 20 });
  }

  it('shows on the status when the file’s profile was last calibrated', async () => {
    const desired = { ...skill({ maximumRatio: 1 }), calibrated: { at: '2026-12-01T10:00:00.000Z', since: '14d' } };
    const { state } = await reconcile(desired, fresh(desired));
    expect(state.calibrated).to.deep.equal({ at: '2026-12-01T10:00:00.000Z', since: '14d' });
  });

  it('applies a Git change with the emulated compare-and-set (unmanaged fields kept), records it and verifies it by live analysis', async () => {
    const desired = skill({ maximumRatio: 1, abandonRateThreshold: 2.5 });
    const state = await converge(desired, fresh(desired));
    expect(state.status, state.reason).to.equal('Synced');
    expect(state.statusReason).to.equal('Applied');
    expect(live().generalSettings).to.include({ maximumRatio: 1, abandonRateThreshold: 2.5, maxWaitTimeSeconds: 77 });
    expect(records.map((record) => record.outcome)).to.include.members(['applied', 'verified']);
    const applied = records.find((record) => record.outcome === 'applied')!;
    expect(applied.settings).to.deep.equal({ generalSettings: { abandonRateThreshold: 2.5, maximumRatio: 1 } });
    expect(state.lastApplied?.settings.generalSettings).to.include({ abandonRateThreshold: 2.5 });
    const again = await reconcile(desired, state);
    expect(again.state.status).to.equal('Synced');
    expect(puts()).to.equal(1);
  });

  it('a supervisor edit between our PUT and the read-back is a conflict: recorded, re-planned (bounded) and applied', async () => {
    await fetchAdmin('/emulator/skills/11/edit-after-next-put', { generalSettings: { maximumRatio: 2 } });
    const desired = skill({ maximumRatio: 1, abandonRateThreshold: 2.5 });
    const state = await converge(desired, fresh(desired));
    expect(state.status, state.reason).to.equal('Synced');
    const conflicts = records.filter((record) => record.outcome === 'write-conflict');
    expect(conflicts).to.have.length(1);
    expect(conflicts[0]!.reason).to.contain('changed right after our PUT');
    expect(live().generalSettings).to.include({ maximumRatio: 1, abandonRateThreshold: 2.5 });
    expect(puts()).to.equal(2);
  });

  it('a PUT overwritten right after CXone accepted it keeps its intent until its conflict is journaled: killed before that, the restart records it once', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'skill-intents-'));
    try {
      const file = path.join(dir, 'journal', 'intents.jsonl');
      await fetchAdmin('/emulator/skills/11/edit-after-next-put', { generalSettings: { maximumRatio: 2 } });
      const desired = skill({ maximumRatio: 1, abandonRateThreshold: 2.5 });
      // The first process: CXone accepts the PUT, a supervisor overwrites it, and the process dies before the conflict is journaled.
      const killed = { ...deps(), intents: await createFileIntentLog(file), audit: { record: async (record: AuditRecord) => { if (record.outcome === 'write-conflict') throw new Error('killed before the conflict was journaled'); } } };
      await reconcileResource<SkillTypes>(killed, { campaign: desired, revision: 'rev-1', windows: [], previous: fresh(desired) });
      expect(puts()).to.equal(1);
      const intents = await createFileIntentLog(file);
      expect(intents.pending(), 'the accepted PUT’s intent outlives the process').to.have.length(1);
      const intentId = intents.pending()[0]!.id;
      const end = await converge(desired, (await reconcileResource<SkillTypes>({ ...deps(), intents }, { campaign: desired, revision: 'rev-1', windows: [], previous: fresh(desired) })).state);
      expect(end.status, end.reason).to.equal('Synced');
      expect(records.filter((record) => record.id === intentId), 'one record of the overwritten PUT').to.have.length(1);
      expect(records.filter((record) => record.outcome === 'applied' && !record.uncertain), 'the re-planned PUT').to.have.length(1);
      expect(intents.pending()).to.have.length(0);
      expect(puts()).to.equal(2);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('records a PUT overwritten right after CXone accepted it even when the read that follows fails', async () => {
    await fetchAdmin('/emulator/skills/11/edit-after-next-put', { generalSettings: { maximumRatio: 2 } });
    let reads = 0;
    const failingSecondRead: CxoneSkillsClient = {
      ...client,
      getSkillParameters: async (...args) => {
        reads += 1;
        if (reads === 2) throw new Error('connection reset while reading the skill after the conflict');
        return client.getSkillParameters(...args);
      },
    };
    const desired = skill({ maximumRatio: 1, abandonRateThreshold: 2.5 });
    const { state } = await reconcileResource<SkillTypes>({ ...deps(), resource: skillResource(failingSecondRead) }, { campaign: desired, revision: 'rev-1', windows: [], previous: fresh(desired) });
    expect(reads).to.equal(2);
    expect(state.status).to.equal('Failed');
    const conflicts = records.filter((record) => record.outcome === 'write-conflict');
    expect(conflicts, 'the accepted PUT has its record').to.have.length(1);
    expect(conflicts[0]!.reason).to.contain('CXone accepted a PUT of this write before the conflict');
    expect(puts()).to.equal(1);
  });

  it('a rollback PUT overwritten right after CXone accepted it is recorded as a conflict, and the skill is held RollbackFailed', async () => {
    const safe = skill({ maximumRatio: 1, abandonRateThreshold: 2.5 });
    const synced = await converge(safe, fresh(safe));
    const overdial = skill({ maximumRatio: 3, maxConcurrentCallsPerAgent: 3, aggressiveness: 'aggressive', abandonRateThreshold: 10, abandonRateCutoff: 15, percentageOfAgentsBeforeOverdial: 0 });
    const applied = await reconcile(overdial, synced);
    expect(applied.state.status, applied.state.reason).to.equal('Verifying');
    await fetchAdmin('/emulator/skills/11/edit-after-next-put', { generalSettings: { maximumRatio: 2 } });
    const end = await converge(overdial, applied.state);
    expect(end.status, end.reason).to.equal('Failed');
    expect(end.statusReason).to.equal('RollbackFailed');
    expect(end.reason).to.contain('CXone accepted its PUT before the conflict: skill 11: generalSettings changed right after our PUT');
    const outcomes = records.map((record) => record.outcome);
    expect(outcomes, 'the accepted rollback PUT has its record').to.include.members(['write-conflict', 'rollback-failed']);
    expect(outcomes).to.not.include('rolled-back');
    expect(puts()).to.equal(3);
  });

  it('a PUT whose answer is lost and whose skill then reads as before the write is recorded uncertain, not dropped (it may have been written and put back)', async () => {
    const before = live().generalSettings.abandonRateThreshold;
    // CXone applies the PUT, someone puts the field back at once, and the answer is lost.
    await fetchAdmin('/emulator/skills/11/edit-after-next-put', { generalSettings: { abandonRateThreshold: before } });
    emulator.context.scripted.push({ method: 'PUT', action: 'apply-then-drop' });
    const intents = memoryIntents();
    const desired = skill({ maximumRatio: 1, abandonRateThreshold: 2.5 });
    const first = await reconcileResource<SkillTypes>({ ...deps(), intents }, { campaign: desired, revision: 'rev-1', windows: [], previous: fresh(desired) });
    expect(first.state.statusReason, first.state.reason).to.equal('WriteUnsettled');
    expect(intents.pending(), 'the intent is kept').to.have.length(1);
    let state = first.state;
    state = await waitFor(async () => {
      state = (await reconcileResource<SkillTypes>({ ...deps(), intents }, { campaign: desired, revision: 'rev-1', windows: [], previous: state })).state;
      return state.status === 'Synced' && state;
    }, { what: 'renewals Synced', timeoutMs: 30_000, intervalMs: 100 });
    const uncertain = records.filter((record) => record.outcome === 'applied' && record.uncertain);
    expect(uncertain, 'the lost PUT has its record').to.have.length(1);
    expect(uncertain[0]!.reason).to.contain('may or may not have been applied');
    expect(records.filter((record) => record.outcome === 'applied' && !record.uncertain)).to.have.length(1);
    expect(intents.pending()).to.have.length(0);
    expect(puts()).to.equal(2);
  });

  it('a PUT never acknowledged, on a skill someone then set to the same values, is recorded uncertain (not proven ours) and still verified', async () => {
    // The PUT's connection is dropped before CXone reads it: nothing is applied, and no answer comes.
    emulator.context.scripted.push({ method: 'PUT', action: 'drop' });
    const intents = memoryIntents();
    const desired = skill({ maximumRatio: 1, abandonRateThreshold: 2.5 });
    const first = await reconcileResource<SkillTypes>({ ...deps(), intents }, { campaign: desired, revision: 'rev-1', windows: [], previous: fresh(desired) });
    expect(first.state.statusReason, first.state.reason).to.equal('WriteUnsettled');
    expect(emulator.context.store.changes, 'CXone accepted nothing').to.have.length(0);
    // A supervisor sets the same values before the intent is settled.
    emulator.context.store.patch(11, { generalSettings: { maximumRatio: 1, abandonRateThreshold: 2.5 } });
    const second = await reconcileResource<SkillTypes>({ ...deps(), intents }, { campaign: desired, revision: 'rev-1', windows: [], previous: first.state });
    const applied = records.filter((record) => record.outcome === 'applied');
    expect(applied, 'one record of the unsettled write').to.have.length(1);
    expect(applied[0]!.uncertain, 'not proven ours').to.equal(true);
    expect(applied[0]!.reason).to.contain('CXone never acknowledged this PUT');
    expect(second.state.status, 'its settings are live: they are verified').to.equal('Verifying');
    expect(intents.pending()).to.have.length(0);
  });

  it('gives up after the bounded re-plans when every write is raced, and fails with Conflict', async () => {
    await fetchAdmin('/emulator/faults', { raceRate: 1 });
    const desired = skill({ maximumRatio: 1, abandonRateThreshold: 2.5 });
    const { state } = await reconcile(desired, fresh(desired));
    expect(state.status).to.equal('Failed');
    expect(state.statusReason).to.equal('Conflict');
    expect(records.filter((record) => record.outcome === 'write-conflict')).to.have.length(4);
  });

  it('detects drift against the last applied settings and heals it, the record saying CXone does not report who and pointing at the Change Audit Report', async () => {
    const desired = skill({ maximumRatio: 1, abandonRateThreshold: 2.5 });
    const synced = await converge(desired, fresh(desired));
    emulator.context.store.patch(11, { generalSettings: { abandonRateThreshold: 2.9 } });
    const healed = await converge(desired, synced);
    expect(healed.status, healed.reason).to.equal('Synced');
    expect(healed.statusReason).to.equal('Healed');
    const heal = records.find((record) => record.outcome === 'applied' && record.kind === 'heal')!;
    expect(heal.reason).to.contain('changed outside Git since our last apply (generalSettings.abandonRateThreshold)');
    expect(heal.reason).to.contain('CXone does not report who changed a skill');
    expect(heal.reason).to.contain('Change Audit Report');
    expect(healed.drift).to.equal(undefined);
    expect(live().generalSettings).to.include({ abandonRateThreshold: 2.5 });
  });

  it('keeps going when the access token expires between reconciles (refreshed)', async () => {
    const desired = skill({ maximumRatio: 1, abandonRateThreshold: 2.5 });
    const synced = await converge(desired, fresh(desired));
    emulator.context.keys.expireAccessTokens();
    const { state } = await reconcile(desired, synced);
    expect(state.status).to.equal('Synced');
    expect(emulator.context.requests.query({}).filter((request) => request.status === 401)).to.have.length.at.least(1);
  });

  it('a skill id CXone does not have fails NotFound, naming the file and the field', async () => {
    const desired = skill({ maximumRatio: 1 }, 999);
    const { state } = await reconcile(desired, fresh(desired));
    expect(state.status).to.equal('Failed');
    expect(state.statusReason).to.equal('NotFound');
    expect(state.reason).to.contain('metadata.skillId in desired-state/renewals.yaml');
    expect(puts()).to.equal(0);
  });

  it('after a restart, records a PUT whose applied record was never journaled from the intents file, and starts its live analysis at the time CXone accepted the write', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'skill-intents-'));
    try {
      const file = path.join(dir, 'journal', 'intents.jsonl');
      const desired = skill({ maximumRatio: 1, abandonRateThreshold: 2.5 });
      // The first process: CXone accepts the PUT, and the process dies before the applied record is journaled.
      const killed = { ...deps(), intents: await createFileIntentLog(file), audit: { record: async (record: AuditRecord) => { if (record.outcome === 'applied') throw new Error('killed before the applied record was journaled'); } } };
      const died = await reconcileResource<SkillTypes>(killed, { campaign: desired, revision: 'rev-1', windows: [], previous: fresh(desired) });
      const acceptedAt = died.state.verification!.appliedAt;
      expect(puts()).to.equal(1);
      // The restart: only the intents file is left of the first process.
      const intents = await createFileIntentLog(file);
      expect(intents.pending(), 'the skill’s intent is kept across the restart').to.have.length(1);
      expect(intents.pending()[0]!.acceptedAt).to.equal(acceptedAt);
      const restarted = await reconcileResource<SkillTypes>({ ...deps(), intents }, { campaign: desired, revision: 'rev-1', windows: [], previous: fresh(desired) });
      expect(restarted.state.status, restarted.state.reason).to.equal('Verifying');
      expect(restarted.state.analysis?.startedAt, 'the analysis starts when CXone accepted the write, not at the recovery').to.equal(acceptedAt);
      const end = await converge(desired, restarted.state);
      expect(end.status, end.reason).to.equal('Synced');
      expect(end.analysis?.startedAt).to.equal(acceptedAt);
      expect(records.find((record) => record.outcome === 'applied'), 'recorded from the intent').to.include({ recovered: true, acceptedAt });
      expect(records.map((record) => record.outcome)).to.include.members(['applied', 'verified']);
      expect(intents.pending()).to.have.length(0);
      expect(puts(), 'not written again').to.equal(1);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('names no version in a skill’s status reasons or audit records, its "version" being a fingerprint of the settings: applied, verified, rolled back', async () => {
    const reasons: string[] = [];
    const noted = { ...deps(), audit: { record: async (record: AuditRecord, status?: { document: unknown }) => {
      records.push(record);
      reasons.push(String(record.reason ?? ''), String((status?.document as { reason?: string } | undefined)?.reason ?? ''));
    } } };
    const settle = async (desired: SkillSpec, previous: StateOf<SkillTypes>) => waitFor(async () => {
      const { state } = await reconcileResource<SkillTypes>(noted, { campaign: desired, revision: 'rev-1', windows: [], previous });
      reasons.push(state.reason ?? '');
      previous = state;
      return state.status !== 'Verifying' && state;
    }, { what: `${desired.name} to leave Verifying`, timeoutMs: 30_000, intervalMs: 100 });
    const safe = skill({ maximumRatio: 1, abandonRateThreshold: 2.5 });
    const synced = await settle(safe, fresh(safe));
    expect(synced.status, synced.reason).to.equal('Synced');
    const overdial = skill({ maximumRatio: 3, maxConcurrentCallsPerAgent: 3, aggressiveness: 'aggressive', abandonRateThreshold: 10, abandonRateCutoff: 15, percentageOfAgentsBeforeOverdial: 0 });
    const rolledBack = await settle(overdial, synced);
    expect(rolledBack.status, rolledBack.reason).to.equal('RolledBack');
    expect(rolledBack.reason).to.contain('rolled back to the settings before the apply');
    expect(records.map((record) => record.outcome)).to.include.members(['applied', 'verified', 'rolled-back']);
    for (const reason of reasons) expect(reason, 'no version named').to.not.match(/\bv-?\d+/);
    for (const record of records) expect(record, `${record.outcome} record`).to.not.have.any.keys('fromVersion', 'toVersion', 'restoredFromVersion', 'version');
  });

  async function fetchAdmin(path: string, body: unknown): Promise<void> {
    const response = await httpsFetch(tls.cert)(`${emulator.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    if (response.status >= 300) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  }
});
