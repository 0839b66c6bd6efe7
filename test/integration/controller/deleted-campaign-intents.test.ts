/**
 * I1 and I2 for a campaign whose file was deleted while one of its writes was open (docs/architecture.md,
 * "Deleted files"): no reconcile of it is left to settle the intent, so the shell judges it against
 * live and records it — it never stays pending forever.
 */
import { expect } from 'chai';
import type { ApplyIntent } from '../../../controller/reconcile/apply-intents.js';
import { recordBuilders } from '../../../controller/reconcile/audit-records.js';
import { REMOTE_SIMULATION } from '../../../controller/reconcile/remote-simulation-verification.js';
import { createSimulationPool, type SimulationPool } from '../../../controller/simulation/index.js';
import { liveCampaignFor } from '../../../emulator/desired-state-campaigns.js';
import { campaignSpec } from '../../support/campaign-spec-fixture.js';
import { httpRequest } from '../../support/http-request.js';
import { memoryIntents } from '../../support/memory-intents.js';
import { waitFor } from '../../support/wait-for.js';
import { A_ID, B_ID, campaignYaml, startControllerFixture, V1, V2, type ControllerFixture } from './controller-fixture.js';

const beta = campaignSpec({ name: 'beta', campaignId: B_ID, parameterWeights: V1 });
const betaV2 = campaignSpec({ name: 'beta', campaignId: B_ID, parameterWeights: V2 });

/** The intent a run journals before PUTting beta's V2 over `fromVersion` (what a killed run leaves). */
function betaIntent(id: string, fromVersion: number): ApplyIntent {
  const records = recordBuilders({ campaign: 'beta', campaignId: B_ID, revision: 'rev-0', newId: () => id, now: () => new Date() });
  const settings = liveCampaignFor(betaV2).predictiveDialerSettings as ApplyIntent['settings'];
  const restore = { predictiveDialerSettings: liveCampaignFor(beta).predictiveDialerSettings as ApplyIntent['settings'] };
  const record = records.applied({ kind: 'update', fromVersion, toVersion: fromVersion + 1, changes: [], settings, reason: 'Git changed' });
  const verification = { kind: REMOTE_SIMULATION, applyId: id, revision: 'rev-0', fingerprint: '{}', fromVersion, restore, heal: false };
  return { id, campaignId: B_ID, fromVersion, settings, record, effect: { kind: 'apply', verification, weights: { ...V2 } } };
}

describe('open writes of a campaign whose file was deleted', function () {
  this.timeout(30_000);
  let pool: SimulationPool | undefined;
  let fixture: ControllerFixture | undefined;
  afterEach(async () => {
    await fixture?.close();
    fixture = undefined;
  });
  after(async () => {
    await pool?.close();
  });

  /** alpha and beta live at v1; beta's file is gone from the revision the controller starts on. */
  async function startWithout(intents: ReturnType<typeof memoryIntents>, prepare: (f: ControllerFixture) => Promise<void>): Promise<ControllerFixture> {
    pool ??= createSimulationPool();
    fixture = await startControllerFixture(pool, { intents });
    fixture.emulator.context.store.upsert(liveCampaignFor(campaignSpec({ name: 'alpha', campaignId: A_ID, parameterWeights: V1 })));
    fixture.emulator.context.store.upsert(liveCampaignFor(beta));
    await prepare(fixture);
    fixture.source.publish('rev-1', await fixture.revisionDir({ 'alpha.yaml': campaignYaml('alpha', A_ID, V1) }), false);
    await fixture.controller.start();
    return fixture;
  }

  it('records a write CXone accepted for a deleted campaign, once, with its verification superseded, and drops a write that never happened', async () => {
    const intents = memoryIntents([betaIntent('beta-applied', 1), betaIntent('beta-never-sent', 2)]);
    const { audit, emulator } = await startWithout(intents, async (f) => {
      // The killed run's PUT was accepted (v1 → v2); its second PUT was never sent.
      await f.cxone.updateCampaign(B_ID, { predictiveDialerSettings: intents.intents[0]!.settings }, 1);
    });
    await waitFor(() => intents.pending().length === 0, { what: 'beta\'s open writes settled' });
    const forBeta = audit.records.filter((record) => record.campaign === 'beta');
    expect(forBeta.map((record) => record.outcome)).to.deep.equal(['applied', 'verification-superseded']);
    expect(forBeta[0]).to.include({ id: 'beta-applied', recovered: true, toVersion: 2 });
    expect(forBeta[0]).to.not.have.property('uncertain');
    expect(forBeta[1]!.reason).to.match(/deleted before v2 was verified.*left as they are/);
    expect(audit.records.filter((record) => record.id === 'beta-never-sent'), 'a write that did not happen has no record').to.have.length(0);
    expect(emulator.context.store.get(B_ID)!.version, 'live left as it is').to.equal(2);
    expect(emulator.context.requests.query({ method: 'PUT' }), 'nothing written for beta by the controller').to.have.length(1);
  });

  it('leaves the open write of a deleted campaign to the leader once this replica lost the lead during its read', async () => {
    let leads = true;
    const intents = Object.assign(memoryIntents([betaIntent('beta-applied', 1)]), { mayJudge: () => leads });
    const { audit, emulator, controller } = await startWithout(intents, async (f) => {
      await f.cxone.updateCampaign(B_ID, { predictiveDialerSettings: intents.intents[0]!.settings }, 1);
      const unreadable = { method: 'GET', path: `/campaigns/${B_ID}`, action: 'error', status: 400 };
      await httpRequest(`${f.emulator.url}/emulator/faults`, { method: 'POST', body: { next: [unreadable, unreadable] } });
    });
    await waitFor(() => controller.campaign('alpha')?.status === 'Synced', { what: 'alpha adopted' });
    // The sweep may still write (its check passed), but the lease runs out while beta is read.
    leads = false;
    const reads = () => emulator.context.requests.query({ method: 'GET' }).filter((request) => request.path.endsWith(`/campaigns/${B_ID}`)).length;
    const before = reads();
    await fixture!.sweep();
    await waitFor(() => reads() > before, { what: 'beta read for its judgement' });
    expect(audit.records.filter((record) => record.campaign === 'beta'), 'nothing recorded once the lead was lost').to.deep.equal([]);
    expect(intents.pending().map((intent) => intent.id), 'kept for the leader').to.deep.equal(['beta-applied']);
  });

  it('keeps the open write of a deleted campaign while it cannot be read, and settles it at the next sweep', async () => {
    const intents = memoryIntents([betaIntent('beta-applied', 1)]);
    const { audit, controller } = await startWithout(intents, async (f) => {
      await f.cxone.updateCampaign(B_ID, { predictiveDialerSettings: intents.intents[0]!.settings }, 1);
      // beta cannot be read when the revision is loaded, nor at the start-up sweep (a 400 is not retried).
      const unreadable = { method: 'GET', path: `/campaigns/${B_ID}`, action: 'error', status: 400 };
      await httpRequest(`${f.emulator.url}/emulator/faults`, { method: 'POST', body: { next: [unreadable, unreadable] } });
    });
    await waitFor(() => controller.campaign('alpha')?.status === 'Synced', { what: 'alpha adopted' });
    expect(intents.pending().map((intent) => intent.id), 'kept while beta cannot be read').to.deep.equal(['beta-applied']);
    expect(audit.records.filter((record) => record.campaign === 'beta')).to.have.length(0);
    await fixture!.sweep();
    await waitFor(() => intents.pending().length === 0, { what: 'beta\'s open write settled at the sweep' });
    expect(audit.records.filter((record) => record.campaign === 'beta').map((record) => record.outcome)).to.deep.equal(['applied', 'verification-superseded']);
  });

  it('records as uncertain the open write of a deleted campaign that is gone from CXone too', async () => {
    const intents = memoryIntents([betaIntent('beta-gone', 1)]);
    const { audit } = await startWithout(intents, async (f) => {
      f.emulator.context.store.clear(); // beta deleted in CXone as well
      f.emulator.context.store.upsert(liveCampaignFor(campaignSpec({ name: 'alpha', campaignId: A_ID, parameterWeights: V1 })));
    });
    await waitFor(() => intents.pending().length === 0, { what: 'beta\'s open write settled' });
    const forBeta = audit.records.filter((record) => record.campaign === 'beta');
    expect(forBeta).to.have.length(1);
    expect(forBeta[0]).to.include({ id: 'beta-gone', outcome: 'applied', recovered: true, uncertain: true });
    expect(forBeta[0]!.reason).to.match(/no longer in CXone/);
  });
});
