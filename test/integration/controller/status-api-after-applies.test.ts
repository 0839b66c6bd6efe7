/**
 * Defect 5 of issue 9, I6 (docs/architecture.md, "The safety invariants"): `/api/status` and
 * `/api/campaigns/{name}` show the weights of the revision applied last, never the ones the
 * controller started with (a new campaign's state once carried the start-up spec, kept forever).
 */
import { expect } from 'chai';
import { silentLogger } from '../../../controller/adapters/logging/logger.js';
import { startStatusServer, type StatusServer } from '../../../controller/adapters/http/status-server.js';
import type { CampaignState } from '../../../controller/domain/campaign-state.js';
import { createSimulationPool, type SimulationPool } from '../../../controller/simulation/index.js';
import { liveCampaignFor } from '../../../emulator/desired-state-campaigns.js';
import { campaignSpec } from '../../support/campaign-spec-fixture.js';
import { waitFor } from '../../support/wait-for.js';
import { A_ID, campaignYaml, startControllerFixture, V1, V2, type ControllerFixture } from './controller-fixture.js';

const V3 = { answer_rate: 0.13, call_rate: -0.08, predictive_factor: -0.12, agent_efficiency: -0.1 };

describe('the status API after later applies', function () {
  this.timeout(30_000);
  let pool: SimulationPool | undefined;
  let fixture: ControllerFixture | undefined;
  let server: StatusServer | undefined;
  afterEach(async () => {
    await server?.close();
    await fixture?.close();
  });
  after(async () => {
    await pool?.close();
  });

  async function getJson<T>(path: string): Promise<T> {
    const answer = await fetch(`${server!.url}${path}`);
    expect(answer.status, path).to.equal(200);
    return (await answer.json()) as T;
  }

  it('shows the weights of the revision applied last in /api/status and /api/campaigns/{name}, not those of the start-up', async () => {
    pool = createSimulationPool();
    fixture = await startControllerFixture(pool);
    const { emulator, source, controller } = fixture;
    server = await startStatusServer({ controller, port: 0, log: silentLogger });
    emulator.context.store.upsert(liveCampaignFor(campaignSpec({ name: 'alpha', campaignId: A_ID, parameterWeights: V1 })));
    source.publish('rev-1', await fixture.revisionDir({ 'alpha.yaml': campaignYaml('alpha', A_ID, V1) }), false);
    await controller.start();
    await waitFor(() => controller.campaign('alpha')?.status === 'Synced', { what: 'alpha adopted at rev-1' });

    for (const [revision, weights] of [['rev-2', V2], ['rev-3', V3]] as const) {
      source.publish(revision, await fixture.revisionDir({ 'alpha.yaml': campaignYaml('alpha', A_ID, weights) }));
      await waitFor(() => controller.campaign('alpha')?.lastApplied?.revision === revision && controller.campaign('alpha')?.status === 'Synced', { what: `alpha applied and verified at ${revision}` });
      const page = await getJson<{ campaigns: CampaignState[] }>('/api/status');
      const one = await getJson<CampaignState>('/api/campaigns/alpha');
      for (const [where, state] of [['/api/status', page.campaigns.find((c) => c.name === 'alpha')!], ['/api/campaigns/alpha', one]] as const) {
        expect(state, `${where} at ${revision}`).to.not.have.property('parameterWeights'); // the start-up spec's copy
        expect(state.desired?.parameterWeights, `${where}: desired at ${revision}`).to.deep.include(weights);
        expect(state.live?.parameterWeights, `${where}: live at ${revision}`).to.deep.include(weights);
        expect(state.lastApplied?.weights, `${where}: last applied at ${revision}`).to.deep.equal(weights);
        expect(state.pendingChanges, where).to.deep.equal([]);
      }
    }
  });
});
