/**
 * I2 and I6 (docs/architecture.md, "The safety invariants"): from the moment CXone accepts an
 * apply, the controller's status says the apply waits for its verdict — not the state the
 * reconcile started from. The chaos run stopped a controller whose status still showed the old
 * state while a verification ran, and that apply was left without a verdict record.
 */
import { expect } from 'chai';
import { liveCampaignFor } from '../../../emulator/desired-state-campaigns.js';
import { createSimulationPool, type SimulationPool } from '../../../controller/simulation/index.js';
import { campaignSpec } from '../../support/campaign-spec-fixture.js';
import { waitFor } from '../../support/wait-for.js';
import { A_ID, campaignYaml, startControllerFixture, V1, V2, type ControllerFixture } from './controller-fixture.js';

describe('the status while an accepted apply is verified', function () {
  this.timeout(30_000);
  let pool: SimulationPool | undefined;
  let fixture: ControllerFixture | undefined;
  afterEach(async () => {
    fixture?.audit.release();
    await fixture?.close();
  });
  after(async () => {
    await pool?.close();
  });

  it('shows Verifying from the applied record until the verdict, not the state the reconcile started from', async () => {
    pool = createSimulationPool();
    fixture = await startControllerFixture(pool);
    const { emulator, source, audit, controller } = fixture;
    emulator.context.store.upsert(liveCampaignFor(campaignSpec({ name: 'alpha', campaignId: A_ID, parameterWeights: V1 })));
    source.publish('rev-1', await fixture.revisionDir({ 'alpha.yaml': campaignYaml('alpha', A_ID, V1) }), false);
    await controller.start();
    await waitFor(() => controller.campaign('alpha')?.status === 'Synced', { what: 'alpha adopted at rev-1' });

    // The verdict's record is held: the apply of rev-2 is accepted and its verification has finished,
    // but the reconcile has not returned yet.
    audit.hold('verified');
    source.publish('rev-2', await fixture.revisionDir({ 'alpha.yaml': campaignYaml('alpha', A_ID, V2) }));
    await audit.heldReached;
    const during = controller.campaign('alpha')!;
    const live = emulator.context.store.get(A_ID)!;
    expect(during.status, `alpha's status during its verification (${during.reason})`).to.equal('Verifying');
    expect(during.statusReason).to.equal('Verifying');
    expect(during.verification?.appliedVersion, 'the pending verification of the accepted version').to.equal(live.version);
    expect(during.lastApplied?.revision).to.equal('rev-2');
    expect(controller.status().campaigns.find((state) => state.name === 'alpha')?.status, '/api/status agrees').to.equal('Verifying');

    audit.release();
    await waitFor(() => controller.campaign('alpha')?.status === 'Synced', { what: 'alpha verified' });
    expect(controller.campaign('alpha')?.statusReason).to.equal('Applied');
    expect(controller.campaign('alpha')?.verification).to.equal(undefined);
  });
});
