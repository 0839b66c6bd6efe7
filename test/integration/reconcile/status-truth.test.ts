/**
 * Defect 5 of issue 9, I6 (docs/architecture.md, "The safety invariants"): the status a reconcile
 * leaves says what is true right after a rollback, a rejected proposal, a healed drift and an
 * adoption — the pending diff, the simulation shown, the drift card and "last applied". And (issue 15)
 * the local gate's prediction of an apply, kept on the `applied` record and the status
 * (`gatePrediction`) after CXone's verification replaced `lastSimulation`, so both are shown.
 */
import { expect } from 'chai';
import { setTimeout as delay } from 'node:timers/promises';
import { statusDocumentProblem } from '../../../controller/adapters/git/status-document.js';
import { silentLogger } from '../../../controller/adapters/logging/logger.js';
import type { CampaignSpec } from '../../../controller/domain/campaign-spec.js';
import { initialState, type CampaignState } from '../../../controller/domain/campaign-state.js';
import { reconcileCampaign, type AuditRecord, type ReconcileDeps } from '../../../controller/reconcile/reconcile-campaign.js';
import { campaignSpec } from '../../support/campaign-spec-fixture.js';
import { httpRequest } from '../../support/http-request.js';
import { RECONCILE_ACTOR, useReconcileEmulator } from '../../support/reconcile-emulator.js';

const SAFE = { answer_rate: 0.12, call_rate: -0.08, predictive_factor: -0.1, agent_efficiency: -0.1 };
const SAFER = { answer_rate: 0.15, call_rate: -0.08, predictive_factor: -0.15, agent_efficiency: -0.1 };
/** Passes the local gate (80 agents) but fails the remote simulation of a 10-agent campaign: rolled back. */
const FAILING = { durationSeconds: 600, maxAbandonRate: 0.03, onFailure: 'rollback' as const, profile: { agents: 80 } };
/** The local gate refuses these. */
const UNSAFE = { predictive_factor: 0.2, max_concurrent: 0.2, call_rate: 0.2 };

describe('the status after a rollback, a rejected proposal, a healed drift and an adoption (defect 5, I6)', function () {
  this.timeout(30_000);
  const cx = useReconcileEmulator();
  let records: AuditRecord[];

  const spec = (overrides: Partial<CampaignSpec> = {}) => campaignSpec({ parameterWeights: SAFE, ...overrides });
  const deps = (): ReconcileDeps => ({
    cxone: cx.cxone,
    pool: cx.pool,
    audit: { record: async (record) => void records.push(record) },
    actor: RECONCILE_ACTOR,
    now: () => new Date(),
    log: silentLogger,
    verification: { pollIntervalMs: 20, deadlineMs: 5_000, sleep: (ms) => delay(ms) },
  });
  /** Through JSON, as a status document comes back from the audit branch. */
  const reconcile = (campaign: CampaignSpec, previous: CampaignState = initialState(campaign), revision = 'rev-1') =>
    reconcileCampaign(deps(), { campaign, revision, windows: [], previous: JSON.parse(JSON.stringify(previous)) as CampaignState });

  beforeEach(() => {
    records = [];
  });

  it('shows the pending diff right after a rollback: what Git wants and live lacks, not "live matches Git"', async () => {
    cx.seed(spec(), { operatingProfile: { agents: 10 } });
    const { state } = await reconcile(spec({ parameterWeights: SAFER, simulation: FAILING }));
    expect(state, state.reason).to.include({ status: 'RolledBack', statusReason: 'RolledBack' });
    expect(state.live?.parameterWeights, 'live is the settings put back').to.include({ answer_rate: 0.12, predictive_factor: -0.1 });
    expect(state.desired?.parameterWeights).to.include({ answer_rate: 0.15, predictive_factor: -0.15 });
    expect(state.pendingChanges).to.have.deep.members([
      { field: 'parameterWeights.answer_rate', before: 0.12, after: 0.15 },
      { field: 'parameterWeights.predictive_factor', before: -0.1, after: -0.15 },
    ]);
  });

  it('shows no simulation on a Synced campaign of a proposal the gate rejected, and keeps its own', async () => {
    cx.seed(spec());
    const adopted = await reconcile(spec());
    const applied = await reconcile(spec({ parameterWeights: SAFER }), adopted.state, 'rev-2');
    expect(applied.state.status, applied.state.reason).to.equal('Synced');
    const ownSimulation = applied.state.lastSimulation;
    expect(ownSimulation).to.include({ source: 'remote', pass: true });
    const swept = await reconcile(spec({ parameterWeights: SAFER }), applied.state, 'rev-2');
    expect(swept.state.lastSimulation, 'a Synced campaign keeps the simulation of its own settings').to.deep.equal(ownSimulation);

    const blocked = await reconcile(spec({ parameterWeights: UNSAFE }), swept.state, 'rev-3');
    expect(blocked.state).to.include({ status: 'Blocked', statusReason: 'GateFailed' });
    expect(blocked.state.lastSimulation, 'the rejected proposal shows its red simulation while it is proposed').to.include({ source: 'local', pass: false });
    const reverted = await reconcile(spec({ parameterWeights: SAFER }), blocked.state, 'rev-4');
    expect(reverted.state).to.include({ status: 'Synced', statusReason: 'InSync' });
    expect(reverted.state.lastSimulation, 'the rejected proposal\'s simulation is not shown on the Synced campaign').to.equal(undefined);
    expect(cx.puts(), 'nothing written for the proposal').to.have.length(1);
  });

  it('keeps the healed drift and who made it on the drift card after the drift is gone', async () => {
    cx.seed(spec());
    const adopted = await reconcile(spec());
    await httpRequest(`${cx.emulator.url}/emulator/campaigns/${spec().campaignId}`, { method: 'PATCH', body: { predictiveDialerSettings: { parameterWeights: { predictive_factor: 0.2 } }, modifiedBy: 'ui:jane.doe' } });
    const healed = await reconcile(spec(), adopted.state);
    expect(healed.state, healed.state.reason).to.include({ status: 'Synced', statusReason: 'Healed' });
    expect(healed.state.lastApplied).to.include({ via: 'applied', version: 3 });
    const [live] = await cx.cxone.listCampaigns();
    const clean = (await reconcileCampaign(deps(), { campaign: spec(), revision: 'rev-1', windows: [], previous: healed.state, observed: live })).state;
    expect(clean).to.include({ status: 'Synced', statusReason: 'InSync' });
    expect(clean.drift, 'no drift now').to.equal(undefined);
    expect(clean.lastHealedDrift, 'the healed change stays on the card').to.include({ modifiedBy: 'ui:jane.doe' });
    expect(clean.lastHealedDrift!.fields).to.deep.equal([{ field: 'parameterWeights.predictive_factor', git: -0.1, live: 0.2 }]);
    expect(Date.parse(clean.lastHealedDrift!.healedAt)).to.be.at.least(Date.parse(clean.lastHealedDrift!.since));
  });

  it('names in "last applied" the version adopted and then the version a rollback put back, not the seed\'s first version', async () => {
    cx.seed(spec());
    cx.seed(spec());
    cx.seed(spec(), { operatingProfile: { agents: 10 } }); // v3 live when the controller first sees it
    const adopted = await reconcile(spec());
    expect(adopted.state.lastApplied).to.include({ version: 3, via: 'adopted', revision: 'rev-1' });
    const rolled = await reconcile(spec({ parameterWeights: SAFER, simulation: FAILING }), adopted.state, 'rev-2');
    expect(rolled.state.status, rolled.state.reason).to.equal('RolledBack');
    expect(records.map((record) => record.outcome)).to.deep.equal(['adopted', 'applied', 'rolled-back']);
    expect(rolled.state.lastApplied, 'the rollback wrote v5 with rev-1\'s settings').to.include({ version: 5, via: 'rolled-back', revision: 'rev-1' });
    expect(rolled.state.lastApplied!.settings.parameterWeights).to.include({ answer_rate: 0.12, predictive_factor: -0.1 });
    expect(rolled.state.lastAppliedRevision).to.equal('rev-1');
  });

  it("carries the gate's simulation on the applied record and keeps it on the status after CXone's verification replaced lastSimulation", async () => {
    cx.seed(spec());
    const adopted = await reconcile(spec());
    const applied = await reconcile(spec({ parameterWeights: SAFER }), adopted.state, 'rev-2');
    expect(applied.state.status, applied.state.reason).to.equal('Synced');
    const record = records.find((r) => r.outcome === 'applied')!;
    expect(record.gatePrediction, 'the applied record carries the local gate\'s prediction').to.include({ source: 'local', pass: true });
    const gate = record.gatePrediction as CampaignState['lastSimulation'];
    expect(gate!.abandonRateUpper95).to.be.a('number').and.below(gate!.limit);
    expect(applied.state.lastSimulation, 'the verification is the latest simulation').to.include({ source: 'remote', pass: true });
    expect(applied.state.gatePrediction, 'the status keeps the gate\'s prediction beside it').to.deep.equal(gate);
    expect(applied.state.gatePrediction!.fingerprint, 'both are of the same settings').to.equal(applied.state.lastSimulation!.fingerprint);
    const document = JSON.parse(JSON.stringify(applied.state)) as unknown;
    expect(statusDocumentProblem(applied.state.name, document), 'the status document with it is valid').to.equal(undefined);

    const swept = await reconcile(spec({ parameterWeights: SAFER }), applied.state, 'rev-2');
    expect(swept.state.gatePrediction, 'a later in-sync sweep keeps it').to.deep.equal(gate);
  });

  it('keeps the prediction that passed the gate when CXone\'s verification failed and the apply was rolled back', async () => {
    cx.seed(spec(), { operatingProfile: { agents: 10 } });
    const { state } = await reconcile(spec({ parameterWeights: SAFER, simulation: FAILING }));
    expect(state.status, state.reason).to.equal('RolledBack');
    expect(state.gatePrediction, 'the gate predicted a pass').to.include({ source: 'local', pass: true });
    expect(state.lastSimulation, 'CXone did not').to.include({ source: 'remote', pass: false });
    expect(records.find((r) => r.outcome === 'applied')!.gatePrediction).to.deep.equal(state.gatePrediction);
  });
});
