import { expect } from 'chai';
import { setTimeout as delay } from 'node:timers/promises';
import type { CxoneClient } from '../../../controller/adapters/cxone/cxone-client.js';
import { silentLogger } from '../../../controller/adapters/logging/logger.js';
import type { CampaignSpec } from '../../../controller/domain/campaign-spec.js';
import { initialState, type CampaignState } from '../../../controller/domain/campaign-state.js';
import type { SyncWindow } from '../../../controller/domain/controller-policy.js';
import { reconcileCampaign, type AppliedEvent, type AuditRecord, type ReconcileDeps } from '../../../controller/reconcile/reconcile-campaign.js';
import { DEFAULT_CLIENT } from '../../../emulator/emulator-server.js';
import { campaignSpec } from '../../support/campaign-spec-fixture.js';
import { useReconcileEmulator } from '../../support/reconcile-emulator.js';
import { httpRequest } from '../../support/http-request.js';

const ACTOR = `api:${DEFAULT_CLIENT.clientId}`;
/** Weights that pass a 3% abandon gate on the default profile. */
const SAFE = { answer_rate: 0.12, call_rate: -0.08, predictive_factor: -0.1, agent_efficiency: -0.1 };
const SAFER = { answer_rate: 0.15, call_rate: -0.08, predictive_factor: -0.15, agent_efficiency: -0.1 };

describe('reconcileCampaign against the emulator', function () {
  this.timeout(30_000);
  const cx = useReconcileEmulator();
  const { seed, puts } = cx;
  let records: AuditRecord[];
  let events: AppliedEvent[];

  const spec = (overrides: Partial<CampaignSpec> = {}) => campaignSpec({ parameterWeights: SAFE, ...overrides });
  const deps = (client: CxoneClient = cx.cxone): ReconcileDeps => ({
    cxone: client,
    pool: cx.pool,
    audit: { record: async (record) => void records.push(record) },
    actor: ACTOR,
    now: () => new Date(),
    log: silentLogger,
    verification: { pollIntervalMs: 20, deadlineMs: 5_000, sleep: (ms) => delay(ms) },
    onApplied: (event) => events.push(event),
  });
  const reconcile = (campaign: CampaignSpec, previous: CampaignState = initialState(campaign), windows: SyncWindow[] = [], client?: CxoneClient) =>
    reconcileCampaign(deps(client), { campaign, revision: 'rev-1', windows, previous });

  beforeEach(() => {
    records = [];
    events = [];
  });

  it('applies a Git change with the observed version, records it, verifies it and reports to ML monitoring', async () => {
    seed(spec());
    const adopted = await reconcile(spec());
    const desired = spec({ parameterWeights: SAFER });
    const { state } = await reconcile(desired, adopted.state);
    expect(state.status, state.reason).to.equal('Synced');
    expect(state.reason).to.match(/applied v1 → v2; verified/);
    expect(puts()).to.have.length(1);
    expect(cx.emulator.context.store.changes.at(-1)).to.include({ version: 2, modifiedBy: ACTOR });
    expect(records.map((r) => r.outcome)).to.deep.equal(['adopted', 'applied', 'verified']);
    expect(records[1]).to.include({ fromVersion: 1, toVersion: 2, desiredRevision: 'rev-1', kind: 'update' });
    expect(state.lastApplied).to.include({ revision: 'rev-1', version: 2 });
    expect(state.lastSimulation).to.include({ source: 'remote', pass: true });
    expect(events).to.have.length(1);
    expect(events[0]!.predictionAccuracyRate).to.be.within(0, 1);
  });

  it('costs three API calls per apply when the simulation ends within a poll interval: the PUT, the simulation start and one read of it', async () => {
    seed(spec());
    const adopted = await reconcile(spec());
    const [live] = await cx.cxone.listCampaigns(); // the sweep's reading: no GET of the campaign before the PUT
    const since = cx.emulator.context.requests.lastSeq;
    const slowPolls: ReconcileDeps = { ...deps(), verification: { pollIntervalMs: 2_000, deadlineMs: 10_000, sleep: (ms) => delay(ms) } };
    const { state } = await reconcileCampaign(slowPolls, { campaign: spec({ parameterWeights: SAFER }), revision: 'rev-2', windows: [], previous: adopted.state, observed: live });
    expect(state, state.reason).to.include({ status: 'Synced', statusReason: 'Applied' });
    const calls = cx.emulator.context.requests.query({ since, limit: 100 }).filter((entry) => !entry.path.includes('/token'));
    expect(calls.map((entry) => `${entry.method} ${entry.path.replace(/[0-9a-f-]{36}/g, '{id}')}`)).to.deep.equal([
      'PUT /api/v2/outbound/campaigns/{id}',
      'POST /api/v2/outbound/campaigns/simulations',
      'GET /api/v2/outbound/campaigns/simulations/{id}',
    ]);
  });

  it('adopts a campaign that already matches Git without writing to it', async () => {
    seed(spec());
    const { state } = await reconcile(spec());
    expect(state.status).to.equal('Synced');
    expect(puts()).to.have.length(0);
    expect(records.map((r) => r.outcome), 'recorded, so it survives a restart').to.deep.equal(['adopted']);
    expect(state.lastApplied).to.include({ version: 1 });
  });

  it('holds one settings object for desired, live and last applied while they are equal, and apart once they differ', async () => {
    seed(spec());
    const { state } = await reconcile(spec());
    expect(state.live, 'live is desired (one object: docs/architecture.md, "Scale")').to.equal(state.desired);
    expect(state.lastApplied!.settings, 'adopted settings are desired').to.equal(state.desired);
    const again = await reconcile(spec(), state);
    expect(again.state.desired, 'a later sweep keeps the same object').to.equal(state.desired);
    await httpRequest(`${cx.emulator.url}/emulator/campaigns/${spec().campaignId}`, { method: 'PATCH', body: { predictiveDialerSettings: { parameterWeights: { predictive_factor: 0.2 } }, modifiedBy: 'ui:jane.doe' } });
    const drifted = await reconcile(spec({ sync: { policy: 'observe' } }), again.state);
    expect(drifted.state.live).to.not.equal(drifted.state.desired);
    expect(drifted.state.live).to.not.deep.equal(drifted.state.desired);
  });

  it('heals an out-of-band edit under enforce and only reports it under observe', async () => {
    seed(spec());
    const first = await reconcile(spec());
    await httpRequest(`${cx.emulator.url}/emulator/campaigns/${spec().campaignId}`, { method: 'PATCH', body: { predictiveDialerSettings: { parameterWeights: { predictive_factor: 0.2 } }, modifiedBy: 'ui:jane.doe' } });
    const observed = await reconcile(spec({ sync: { policy: 'observe' } }), first.state);
    expect(observed.state.status).to.equal('Drifted');
    expect(observed.state.drift!.modifiedBy).to.equal('ui:jane.doe');
    expect(observed.state.drift!.fields[0]).to.include({ field: 'parameterWeights.predictive_factor', git: -0.1, live: 0.2 });
    expect(puts(), 'observe never writes').to.have.length(0);
    expect(records.map((r) => r.outcome)).to.deep.equal(['adopted', 'drift-detected']);
    const healed = await reconcile(spec(), observed.state);
    expect(healed.state.status).to.equal('Synced');
    expect(healed.state.reason).to.match(/healed drift/);
    expect(records.map((r) => r.outcome)).to.deep.equal(['adopted', 'drift-detected', 'applied', 'verified', 'drift-resolved']);
    expect(records[2]).to.include({ kind: 'heal' });
  });

  it('re-observes and re-plans when the campaign changes between read and write (409)', async () => {
    seed(spec());
    let edited = false;
    const racing: CxoneClient = {
      ...cx.cxone,
      getCampaign: async (id, options) => {
        const campaign = await cx.cxone.getCampaign(id, options);
        if (!edited) {
          edited = true; // a supervisor saves just after we read
          await httpRequest(`${cx.emulator.url}/emulator/campaigns/${id}`, { method: 'PATCH', body: { predictiveDialerSettings: { parameterWeights: { call_rate: 0.01 } } } });
        }
        return campaign;
      },
    };
    const { state } = await reconcile(spec({ parameterWeights: SAFER }), undefined, [], racing);
    expect(state.status, state.reason).to.equal('Synced');
    expect(puts().map((p) => p.status)).to.deep.equal([409, 200]);
    expect(records.filter((r) => r.outcome === 'applied')).to.have.length(1);
    expect(records[0]).to.include({ fromVersion: 2, toVersion: 3 });
  });

  it('rolls back with a version-checked PUT when the verification breaks the abandon limit', async () => {
    // The file's profile (80 agents) passes the local gate; the live campaign has 10 agents and fails.
    const desired = spec({ parameterWeights: SAFER, simulation: { durationSeconds: 600, maxAbandonRate: 0.03, onFailure: 'rollback', profile: { agents: 80 } } });
    seed(spec(), { operatingProfile: { agents: 10 } });
    const before = cx.emulator.context.store.get(desired.campaignId)!.predictiveDialerSettings;
    const { state } = await reconcile(desired);
    expect(state.status, state.reason).to.equal('RolledBack');
    expect(puts().map((p) => p.status)).to.deep.equal([200, 200]);
    const live = cx.emulator.context.store.get(desired.campaignId)!;
    expect(live.version).to.equal(3);
    expect(live.predictiveDialerSettings).to.deep.equal(before);
    expect(records.map((r) => r.outcome)).to.deep.equal(['applied', 'rolled-back']);
    expect(records[1]).to.include({ fromVersion: 2, toVersion: 3, restoredFromVersion: 1 });
    const again = await reconcile(desired, state);
    expect(again.state.status, 'the same desired state is not re-applied').to.equal('RolledBack');
    expect(puts()).to.have.length(2);
  });

  it('pauses when the verification is inconclusive, and resumes when the desired state changes', async () => {
    seed(spec());
    await httpRequest(`${cx.emulator.url}/emulator/faults`, { method: 'POST', body: { simulationFailureRate: 1 } });
    const paused = await reconcile(spec({ parameterWeights: SAFER }));
    expect(paused.state.status).to.equal('Paused');
    expect(records.map((r) => r.outcome)).to.deep.equal(['applied', 'paused']);
    await httpRequest(`${cx.emulator.url}/emulator/campaigns/${spec().campaignId}`, { method: 'PATCH', body: { predictiveDialerSettings: { parameterWeights: { call_rate: 0.02 } } } });
    const still = await reconcile(spec({ parameterWeights: SAFER }), paused.state);
    expect(still.state.status).to.equal('Paused');
    expect(puts()).to.have.length(1);
    await httpRequest(`${cx.emulator.url}/emulator/faults`, { method: 'POST', body: { simulationFailureRate: 0 } });
    const resumed = await reconcile(spec({ parameterWeights: { ...SAFER, call_rate: -0.05 } }), still.state);
    expect(resumed.state.status, resumed.state.reason).to.equal('Synced');
  });

  it('blocks applies in a deny sync window and asks to be run again when it closes', async () => {
    seed(spec());
    const now = new Date();
    const schedule = `${now.getUTCMinutes()} ${now.getUTCHours()} * * *`; // opened this minute, closes in 10 minutes
    const deny: SyncWindow = { kind: 'deny', schedule, duration: '10m', durationSeconds: 600, timeZone: 'UTC', campaigns: { names: ['*'] } };
    const { state, requeueAfterMs } = await reconcile(spec({ parameterWeights: SAFER }), undefined, [deny]);
    expect(state.status).to.equal('Blocked');
    expect(state.reason).to.match(/sync window/);
    expect(puts()).to.have.length(0);
    expect(requeueAfterMs).to.be.within(1_000, 601_000 + 1_000);
  });

  it('never applies a proposal the local gate predicts over the abandon limit', async () => {
    seed(spec());
    const { state } = await reconcile(spec({ parameterWeights: { predictive_factor: 0.2, max_concurrent: 0.2, call_rate: 0.2 } }));
    expect(state.status).to.equal('Blocked');
    expect(state.reason).to.match(/local gate: predicted abandon bound .* breaks the limit 3.00%/);
    expect(state.lastSimulation).to.include({ source: 'local', pass: false });
    expect(puts()).to.have.length(0);
    expect(records.map((r) => r.outcome)).to.deep.equal(['blocked']);
  });

  it('fails clearly for a campaign CXone does not have', async () => {
    const { state } = await reconcile(spec());
    expect(state.status).to.equal('Failed');
    expect(state.reason).to.match(/metadata.campaignId/);
  });

  it('keeps a short history of status changes', async () => {
    seed(spec());
    const first = await reconcile(spec({ parameterWeights: { predictive_factor: 0.2, max_concurrent: 0.2, call_rate: 0.2 } }));
    const second = await reconcile(spec({ parameterWeights: SAFER }), first.state);
    expect(second.state.history.map((h) => h.status)).to.deep.equal(['Blocked', 'Synced']);
  });
});
