import { expect } from 'chai';
import { liveCampaignFor } from '../../../emulator/desired-state-campaigns.js';
import { createSimulationPool, type SimulationPool } from '../../../controller/simulation/index.js';
import { campaignSpec } from '../../support/campaign-spec-fixture.js';
import { waitFor } from '../../support/wait-for.js';
import { A_ID, B_ID, campaignYaml, startControllerFixture, V1, V2, type ControllerFixture } from './controller-fixture.js';

describe('the controller swaps the desired state as one generation', function () {
  this.timeout(30_000);
  let pool: SimulationPool;
  let fixture: ControllerFixture;

  before(() => {
    pool = createSimulationPool();
  });
  after(() => pool.close());
  afterEach(() => fixture.close());

  it('stamps a reconcile that runs while a new revision is being loaded with the revision whose spec it used', async () => {
    fixture = await startControllerFixture(pool);
    const { emulator, source, audit, controller, reconciled } = fixture;
    emulator.context.store.upsert(liveCampaignFor(campaignSpec({ name: 'alpha', campaignId: A_ID, parameterWeights: V1 })));
    emulator.context.store.upsert(liveCampaignFor(campaignSpec({ name: 'bravo', campaignId: B_ID, parameterWeights: V1 })));
    source.publish('rev-1', await fixture.revisionDir({ 'alpha.yaml': campaignYaml('alpha', A_ID, V1), 'bravo.yaml': campaignYaml('bravo', B_ID, V1) }), false);
    await controller.start();
    await waitFor(() => controller.status().campaigns.every((state) => state.status === 'Synced' && state.desiredRevision === 'rev-1'), { what: 'both adopted at rev-1' });

    // rev-2 changes alpha's weights and deletes bravo; the deletion's record is held, so loading rev-2 is
    // in progress while the sweep reconciles alpha.
    audit.hold('deleted');
    source.publish('rev-2', await fixture.revisionDir({ 'alpha.yaml': campaignYaml('alpha', A_ID, V2) }));
    await audit.heldReached;
    const before = reconciled.length;
    await fixture.sweep();
    await waitFor(() => reconciled.slice(before).some((state) => state.name === 'alpha'), { what: 'alpha reconciled during the load' });
    audit.release();
    await waitFor(() => controller.campaign('alpha')?.lastApplied?.revision === 'rev-2', { what: 'rev-2 applied to alpha' });

    for (const state of reconciled.filter((s) => s.name === 'alpha' && s.desiredRevision === 'rev-2' && s.status === 'Synced')) {
      expect(state.lastApplied?.revision, `alpha shown Synced at rev-2 (${state.reason}) must have rev-2 applied`).to.equal('rev-2');
    }
  });
});
