import { expect } from 'chai';
import path from 'node:path';
import type { CampaignState } from '../../controller/domain/campaign-state.js';
import type { Campaign } from '../../emulator/types.js';
import { git, replaceInFile, startHarness, type Harness } from '../support/controller-harness.js';
import { httpRequest } from '../support/http-request.js';
import { waitFor } from '../support/wait-for.js';

const SPRING = 'a1b2c3d4-e5f6-7890-abcd-ef1234567890';

describe('the status of a controller restarted after a graceful stop', function () {
  this.timeout(60_000);
  let harness: Harness;

  const live = (id: string): Campaign => harness.emulator.context.store.get(id)!;
  const spring = async (): Promise<CampaignState | undefined> => (await harness.status()).campaigns.find((c) => c.name === 'spring-renewals');
  const waitReady = () => waitFor(async () => (await harness.status()).ready, { timeoutMs: 20_000, what: 'the controller to be ready' });

  /** Applies a commit to spring-renewals with a controller, stops it gracefully; returns the commit and the state it reached. */
  async function applyAndStop(): Promise<{ revision: string; before: CampaignState }> {
    await harness.startController();
    await waitReady();
    const revision = await harness.push('Raise the answer-rate weight of spring renewals', (work) =>
      replaceInFile(path.join(work, 'retention/spring-renewals.yaml'), 'answer_rate: 0.12', 'answer_rate: 0.15'),
    );
    const before = await waitFor(async () => {
      const state = await spring();
      return state?.status === 'Synced' && state.lastAppliedRevision === revision ? state : undefined;
    }, { timeoutMs: 20_000, what: 'spring-renewals Synced at the new revision' });
    await harness.stopController();
    return { revision, before };
  }

  beforeEach(async () => {
    harness = await startHarness();
  });
  afterEach(() => harness.close());

  it('shows the last applied revision from before the restart, and classifies an out-of-band edit as drift against that applied state', async () => {
    const { revision, before } = await applyAndStop();
    expect(before.lastApplied?.version).to.equal(2);
    const onBranch = JSON.parse(await git(harness.remote, 'show', 'cxone-gitops/audit:status/spring-renewals.json')) as CampaignState;
    expect(onBranch.lastAppliedRevision, 'the status on the audit branch').to.equal(revision);

    // Same DATA_DIR; a sweep every second notices the edit.
    await harness.startController({ GITOPS_SCHEDULE: '*/1 * * * * *' });
    await waitReady();
    const restored = (await httpRequest<CampaignState>(`${harness.url()}/api/campaigns/spring-renewals`)).body;
    expect(restored.lastAppliedRevision).to.equal(revision);
    expect(restored.lastApplied).to.deep.include({ revision, version: 2, at: before.lastApplied!.at });

    const edit = await httpRequest(`${harness.emulator.url}/emulator/campaigns/${SPRING}`, {
      method: 'PATCH',
      body: { predictiveDialerSettings: { parameterWeights: { answer_rate: 0.13 } }, modifiedBy: 'ui:jane.doe' },
    });
    expect(edit.status).to.equal(200);
    expect(live(SPRING).version).to.equal(3);

    const healed = await waitFor(async () => {
      const state = await spring();
      return state?.status === 'Synced' && /^healed drift/.test(state.reason) ? state : undefined;
    }, { timeoutMs: 20_000, what: 'the edit to be seen as drift and healed' });
    expect(healed.reason).to.match(/^healed drift v3 → v4; verified/);
    expect(healed.lastAppliedRevision, 'healing keeps the applied revision').to.equal(revision);
    expect(healed.lastApplied).to.deep.include({ revision, version: 4 });
    expect(live(SPRING).predictiveDialerSettings.parameterWeights.answer_rate, 'the applied 0.15 is back').to.equal(0.15);

    await harness.stopController();
    const heal = (await harness.auditRecords()).filter((record) => record.outcome === 'applied' && record.kind === 'heal');
    expect(heal.map((record) => [record.campaign, record.desiredRevision, record.fromVersion, record.toVersion])).to.deep.equal([['spring-renewals', revision, 3, 4]]);
    expect(heal[0]!.reason).to.match(/live was changed outside Git by ui:jane\.doe/);
    expect(heal[0]!.changes).to.deep.equal([{ field: 'parameterWeights.answer_rate', before: 0.13, after: 0.15 }]);
  });

  it('restores the status from the audit branch of the remote when DATA_DIR is new', async () => {
    const { revision, before } = await applyAndStop();
    await harness.startController({ DATA_DIR: path.join(harness.dir, 'another-data-dir') });
    await waitReady();
    const restored = (await spring())!;
    expect(restored.lastAppliedRevision).to.equal(revision);
    expect(restored.lastApplied).to.deep.include({ revision, version: 2, at: before.lastApplied!.at });
  });
});
