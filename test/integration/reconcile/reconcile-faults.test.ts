/**
 * Issue 9's defects 1, 2, 3 and 7 against the emulator: "needs a human" sticks (I4), an accepted
 * write keeps its record and its verification whatever fails around it (I1, I2), and a CXone that
 * normalises values is in sync after one apply. Status documents are passed through JSON between
 * reconciles, as a restart restores them from the audit branch.
 */
import { expect } from 'chai';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { silentLogger } from '../../../controller/adapters/logging/logger.js';
import type { CampaignSpec } from '../../../controller/domain/campaign-spec.js';
import { initialState, type CampaignState } from '../../../controller/domain/campaign-state.js';
import type { CxoneClient } from '../../../controller/adapters/cxone/cxone-client.js';
import { CxoneTransientError } from '../../../controller/adapters/cxone/cxone-errors.js';
import type { CampaignUpdate } from '../../../controller/domain/live-campaign.js';
import { createFileIntentLog } from '../../../controller/reconcile/apply-intents.js';
import { reconcileCampaign, type AuditRecord, type ReconcileDeps } from '../../../controller/reconcile/reconcile-campaign.js';
import { DEFAULT_CLIENT } from '../../../emulator/emulator-server.js';
import { campaignSpec } from '../../support/campaign-spec-fixture.js';
import { memoryIntents } from '../../support/memory-intents.js';
import { useReconcileEmulator } from '../../support/reconcile-emulator.js';

const ACTOR = `api:${DEFAULT_CLIENT.clientId}`;
const SAFE = { answer_rate: 0.12, call_rate: -0.08, predictive_factor: -0.1, agent_efficiency: -0.1 };
const SAFER = { answer_rate: 0.15, call_rate: -0.08, predictive_factor: -0.15, agent_efficiency: -0.1 };
/** The file's profile (80 agents) passes the local gate; the live campaign (10 agents) fails the verification. */
const FAILING = { durationSeconds: 600, maxAbandonRate: 0.03, onFailure: 'rollback' as const, profile: { agents: 80 } };

/** A status document as the audit branch gives it back after a restart. */
const restored = (state: CampaignState): CampaignState => JSON.parse(JSON.stringify(state)) as CampaignState;

describe('reconcile under faults: holds, lost answers, crashes, a normalising API', function () {
  this.timeout(30_000);
  const cx = useReconcileEmulator({ minBackoffMs: 5, retries: 1, seedModifiedBy: ACTOR });
  const { seed, puts, faults } = cx;
  let records: AuditRecord[];
  let statuses: unknown[];
  let intents: ReturnType<typeof memoryIntents>;
  let failRecord: ((record: AuditRecord) => Error | undefined) | undefined;

  const spec = (overrides: Partial<CampaignSpec> = {}) => campaignSpec({ parameterWeights: SAFE, ...overrides });
  const deps = (extra: Partial<ReconcileDeps> = {}): ReconcileDeps => ({
    cxone: cx.cxone,
    pool: cx.pool,
    audit: {
      record: async (record, status) => {
        const error = failRecord?.(record);
        if (error) throw error;
        records.push(record);
        statuses.push(status?.document);
      },
    },
    actor: ACTOR,
    now: () => new Date(),
    log: silentLogger,
    intents,
    verification: { pollIntervalMs: 20, deadlineMs: 5_000, sleep: (ms, signal) => delay(ms, undefined, { signal }) },
    ...extra,
  });
  const reconcile = (campaign: CampaignSpec, previous: CampaignState = initialState(campaign), extra: Partial<ReconcileDeps> = {}, observed?: unknown) =>
    reconcileCampaign(deps(extra), { campaign, revision: 'rev-1', windows: [], previous: restored(previous), ...(observed === undefined ? {} : { observed: observed as never }) });
  const accepted = () => cx.emulator.context.store.changes.filter((change) => change.source === 'api');
  const outcomes = () => records.map((record) => record.outcome);

  beforeEach(() => {
    records = [];
    statuses = [];
    intents = memoryIntents();
    failRecord = undefined;
  });

  describe('defect 1: "needs a human" lives in the status and survives restarts (I4)', () => {
    it('stays Failed (RollbackFailed) when the rollback PUT answers 503, though live then equals Git', async () => {
      const desired = spec({ parameterWeights: SAFER, simulation: FAILING });
      seed(spec(), { operatingProfile: { agents: 10 } });
      await faults({ next: [{ method: 'PUT', action: 'error', status: 503, skip: 1 }] });
      const first = await reconcile(desired);
      expect(first.state).to.include({ status: 'Failed', statusReason: 'RollbackFailed' });
      expect(outcomes()).to.deep.equal(['applied', 'rollback-failed']);
      for (let round = 0; round < 2; round += 1) {
        const again = await reconcile(desired, first.state);
        expect(again.state, 'live equals Git, yet the failed verification stays on record').to.include({ status: 'Failed', statusReason: 'RollbackFailed' });
      }
      expect(puts().map((put) => put.status)).to.deep.equal([200, 503]);
    });

    it('stays Failed (RollbackFailed) when the rollback PUT conflicts (409)', async () => {
      const desired = spec({ parameterWeights: SAFER, simulation: FAILING });
      seed(spec(), { operatingProfile: { agents: 10 } });
      await faults({ next: [{ method: 'PUT', action: 'error', status: 409, skip: 1 }] });
      const first = await reconcile(desired);
      expect(first.state).to.include({ status: 'Failed', statusReason: 'RollbackFailed' });
      const again = await reconcile(desired, first.state);
      expect(again.state).to.include({ status: 'Failed', statusReason: 'RollbackFailed' });
    });

    it('stays Failed (VerificationFailed) with onFailure alert, and applies again only when the desired state changes', async () => {
      const desired = spec({ parameterWeights: SAFER, simulation: { ...FAILING, onFailure: 'alert' } });
      seed(spec(), { operatingProfile: { agents: 10 } });
      const first = await reconcile(desired);
      expect(first.state).to.include({ status: 'Failed', statusReason: 'VerificationFailed' });
      const again = await reconcile(desired, first.state);
      expect(again.state).to.include({ status: 'Failed', statusReason: 'VerificationFailed' });
      expect(outcomes()).to.deep.equal(['applied', 'verification-failed']);
      expect(puts(), 'not applied again while held').to.have.length(1);
      const changed = await reconcile(spec({ parameterWeights: SAFE, simulation: { ...FAILING, onFailure: 'alert' } }), again.state);
      expect(puts(), 'a new desired state releases the hold').to.have.length(2);
      expect(changed.state.hold?.fingerprint).to.not.equal(again.state.hold?.fingerprint);
    });

    it('stays Paused after a simulation that ends failed, at the next sweep too', async () => {
      seed(spec());
      await faults({ simulationFailureRate: 1 });
      const paused = await reconcile(spec({ parameterWeights: SAFER }));
      expect(paused.state).to.include({ status: 'Paused', statusReason: 'VerificationInconclusive' });
      await faults({ simulationFailureRate: 0 });
      const list = await cx.cxone.listCampaigns();
      const swept = await reconcile(spec({ parameterWeights: SAFER }), paused.state, {}, list[0]);
      expect(swept.state).to.include({ status: 'Paused', statusReason: 'VerificationInconclusive' });
    });

    it('keeps a gate-Blocked desired state blocked without simulating it again', async () => {
      seed(spec());
      const unsafe = spec({ parameterWeights: { predictive_factor: 0.2, max_concurrent: 0.2, call_rate: 0.2 } });
      const blocked = await reconcile(unsafe);
      expect(blocked.state).to.include({ status: 'Blocked', statusReason: 'GateFailed' });
      const again = await reconcile(unsafe, blocked.state);
      expect(again.state).to.include({ status: 'Blocked', statusReason: 'GateFailed' });
      expect(puts()).to.have.length(0);
    });
  });

  describe('defect 2: an accepted PUT keeps its record and its verification (I1, I2)', () => {
    it('records and verifies a PUT that was applied though its answer was lost and the re-read failed', async () => {
      seed(spec());
      const [live] = await cx.cxone.listCampaigns(); // the sweep's reading: no GET before the PUT
      await faults({ next: [{ method: 'PUT', action: 'apply-then-drop' }, { method: 'GET', path: '/campaigns/', action: 'error' }, { method: 'GET', path: '/campaigns/', action: 'error' }] });
      const lost = await reconcile(spec({ parameterWeights: SAFER }), undefined, {}, live);
      expect(accepted(), 'CXone applied it').to.have.length(1);
      expect(lost.state.statusReason).to.equal('WriteUnsettled');
      expect(intents.pending(), 'the intent is kept until the write is settled').to.have.length(1);
      const settled = await reconcile(spec({ parameterWeights: SAFER }), lost.state);
      expect(settled.state).to.include({ status: 'Synced', statusReason: 'Applied' });
      expect(outcomes(), 'the unsettled write showed as failed, then was recorded once and verified').to.deep.equal(['failed', 'applied', 'verified']);
      expect(records.find((record) => record.outcome === 'applied')).to.include({ toVersion: 2, recovered: true });
      expect(intents.pending()).to.have.length(0);
      expect(puts()).to.have.length(1);
    });

    it('keeps an intent left by a killed run while the campaign cannot be read, then records and verifies it', async () => {
      seed(spec());
      const desired = spec({ parameterWeights: SAFER });
      // A run killed right after CXone accepted its PUT: the intent is in the journal, the record is not.
      const [live] = await cx.cxone.listCampaigns();
      await faults({ next: [{ method: 'PUT', action: 'apply-then-drop' }, { method: 'GET', path: '/campaigns/', action: 'drop' }, { method: 'GET', path: '/campaigns/', action: 'drop' }] });
      const killed = await reconcile(desired, undefined, {}, live);
      const leftOver = intents.pending();
      expect(leftOver).to.have.length(1);
      records = [];
      await faults({ next: [{ method: 'GET', path: '/campaigns/', action: 'error' }, { method: 'GET', path: '/campaigns/', action: 'error' }] });
      const unreadable = await reconcile(desired, initialState(desired), {}, undefined);
      expect(unreadable.state.statusReason).to.equal('WriteUnsettled');
      expect(intents.pending(), 'never dropped while unreadable').to.deep.equal(leftOver);
      const after = await reconcile(desired, unreadable.state, { cxone: cx.newClient() }); // the CXone circuit opened: a restart's new client
      expect(after.state, after.state.reason).to.include({ status: 'Synced', statusReason: 'Applied' });
      expect(outcomes().filter((outcome) => outcome !== 'failed'), 'recorded once, then verified').to.deep.equal(['applied', 'verified']);
      expect(killed.state.statusReason).to.equal('WriteUnsettled');
    });

    it('leaves a lost answer to the leader once this replica lost the lead: the same PUT by the new leader is not recorded as its own', async () => {
      // A leader paused past its lease (SIGSTOP): its PUT never reached CXone; the new leader made
      // the same write (same values, same actor, version + 1); the paused one wakes to a timeout.
      seed(spec());
      const desired = spec({ parameterWeights: SAFER });
      let leads = true;
      intents = Object.assign(memoryIntents(), { mayJudge: () => leads });
      const newLeader = cx.newClient();
      const stale: CxoneClient = Object.assign(Object.create(cx.cxone) as CxoneClient, {
        updateCampaign: async (id: string, update: CampaignUpdate, version: number | undefined) => {
          leads = false;
          await newLeader.updateCampaign(id, update, version);
          throw new CxoneTransientError({ method: 'PUT', path: `/campaigns/${id}` }, 'the request timed out');
        },
      });
      const woken = await reconcile(desired, undefined, { cxone: stale });
      expect(accepted(), "the new leader's PUT").to.have.length(1);
      expect(woken.state.statusReason).to.equal('WriteUnsettled');
      expect(woken.state.reason).to.match(/may not write now \(its lease is lost or about to run out\)/);
      expect(outcomes(), 'no applied record for a write it cannot prove its own').to.deep.equal(['failed']);
      expect(intents.pending(), 'the intent is kept for the leader').to.have.length(1);
    });

    it('verifies an apply whose journal write failed after the PUT (ENOSPC) instead of calling it Synced', async () => {
      seed(spec());
      const desired = spec({ parameterWeights: SAFER });
      let failures = 1;
      failRecord = (record) => (record.outcome === 'applied' && failures-- > 0 ? Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' }) : undefined);
      const failed = await reconcile(desired);
      expect(failed.state).to.include({ status: 'Verifying', statusReason: 'Verifying' });
      expect(intents.pending()).to.have.length(1);
      const next = await reconcile(desired, failed.state);
      expect(next.state).to.include({ status: 'Synced', statusReason: 'Applied' });
      expect(outcomes()).to.deep.equal(['applied', 'verified']);
      expect(puts()).to.have.length(1);
    });
  });

  it('dates an apply recovered from its intent after a restart at the time CXone accepted it, not the time of the recovery', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'tutorial-intents-'));
    try {
      const file = path.join(dir, 'journal', 'intents.jsonl');
      seed(spec());
      const desired = spec({ parameterWeights: SAFER });
      failRecord = (record) => (record.outcome === 'applied' ? new Error('killed before the applied record was journaled') : undefined);
      const died = await reconcile(desired, undefined, { intents: await createFileIntentLog(file) });
      const acceptedAt = died.state.verification!.appliedAt;
      failRecord = undefined;
      records = [];
      // The restart a minute later (its clock says so); only the intents file is left of the first process.
      const restarted = await reconcile(desired, undefined, { intents: await createFileIntentLog(file), now: () => new Date(Date.now() + 60_000) });
      expect(restarted.state, restarted.state.reason).to.include({ status: 'Synced', statusReason: 'Applied' });
      expect(restarted.state.lastApplied?.at, 'last applied when CXone accepted it').to.equal(acceptedAt);
      expect(records.find((record) => record.outcome === 'applied')).to.include({ recovered: true, acceptedAt });
      expect(outcomes()).to.deep.equal(['applied', 'verified']);
      expect(puts()).to.have.length(1);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('defect 3: resumes the verification of an apply cut short by a crash after the restart (I2)', async () => {
    seed(spec());
    const desired = spec({ parameterWeights: SAFER });
    const stop = new AbortController();
    await faults({ simulationDelayMs: 2_000 });
    failRecord = (record) => {
      if (record.outcome === 'applied') setImmediate(() => stop.abort()); // the process stops while verifying
      return undefined;
    };
    const cut = await reconcile(desired, undefined, { signal: stop.signal });
    expect(cut.state).to.include({ status: 'Verifying', statusReason: 'Verifying' });
    // After the restart the status comes back from the `applied` record's status document.
    const document = statuses[outcomes().indexOf('applied')] as CampaignState;
    expect(document.verification, 'the pending verification is journaled with the apply').to.include({ appliedVersion: 2 });
    failRecord = undefined;
    await faults({ simulationDelayMs: 0 });
    const resumed = await reconcile(desired, document);
    expect(resumed.state).to.include({ status: 'Synced', statusReason: 'Applied' });
    expect(outcomes()).to.deep.equal(['applied', 'verified']);
    expect(puts()).to.have.length(1);
  });

  it('defect 7: a CXone that rounds weights is healed once, then stays Synced without PUTs or simulations', async () => {
    await faults({ weightDecimals: 1 });
    seed(spec());
    const desired = spec({ parameterWeights: { answer_rate: 0.123, call_rate: -0.08, predictive_factor: -0.1, agent_efficiency: -0.1 } });
    let state = (await reconcile(desired)).state;
    expect(state.status, state.reason).to.equal('Synced');
    expect(cx.emulator.context.store.get(desired.campaignId)!.predictiveDialerSettings.parameterWeights.answer_rate).to.equal(0.1);
    for (let sweep = 0; sweep < 3; sweep += 1) {
      const [live] = await cx.cxone.listCampaigns();
      state = (await reconcile(desired, state, {}, live)).state;
      expect(state).to.include({ status: 'Synced', statusReason: 'InSync' });
    }
    expect(puts(), 'one apply, then stable').to.have.length(1);
    expect(cx.emulator.context.requests.query({ method: 'POST' }).filter((entry) => entry.path.endsWith('/simulations'))).to.have.length(1);
  });
});
