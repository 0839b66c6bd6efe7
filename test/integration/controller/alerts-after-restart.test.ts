/**
 * Alert sinks across a restart (README, "Alert sinks"): the incidents open when a controller
 * stopped come back with the statuses from the audit branch, and the new controller hands them to
 * its dispatcher's resume (which keeps Alertmanager's alerts firing) instead of announcing them
 * again or forgetting them until their next reminder.
 */
import { expect } from 'chai';
import { liveCampaignFor } from '../../../emulator/desired-state-campaigns.js';
import type { AlertDispatcher } from '../../../controller/adapters/alerts/alert-dispatcher.js';
import type { AlertAction, Incident } from '../../../controller/domain/incidents.js';
import { createSimulationPool, type SimulationPool } from '../../../controller/simulation/index.js';
import { campaignSpec } from '../../support/campaign-spec-fixture.js';
import { httpRequest } from '../../support/http-request.js';
import { waitFor } from '../../support/wait-for.js';
import { A_ID, campaignYaml, startControllerFixture, V1, V2, type ControllerFixture } from './controller-fixture.js';

function recordingDispatcher(): AlertDispatcher & { dispatched: AlertAction[]; resumed: Incident[] } {
  const dispatched: AlertAction[] = [];
  const resumed: Incident[] = [];
  return {
    dispatched,
    resumed,
    dispatch: (actions) => void dispatched.push(...actions),
    resume: (incidents) => void resumed.push(...incidents),
    idle: async () => undefined,
    close: () => undefined,
  };
}

describe('alerts after a restart', function () {
  this.timeout(30_000);
  let pool: SimulationPool;
  const fixtures: ControllerFixture[] = [];
  before(() => {
    pool = createSimulationPool();
  });
  afterEach(async () => {
    for (const fixture of fixtures.splice(0)) await fixture.close();
  });
  after(() => pool.close());

  it('hands the incidents open before the restart to the sinks to keep firing, without announcing them again', async () => {
    const firstAlerts = recordingDispatcher();
    const first = await startControllerFixture(pool, { alerts: firstAlerts });
    fixtures.push(first);
    first.emulator.context.store.upsert(liveCampaignFor(campaignSpec({ name: 'alpha', campaignId: A_ID, parameterWeights: V1 })));
    first.source.publish('rev-1', await first.revisionDir({ 'alpha.yaml': campaignYaml('alpha', A_ID, V1) }), false);
    await first.controller.start();
    await waitFor(() => first.controller.campaign('alpha')?.status === 'Synced', { what: 'alpha adopted at rev-1' });
    await httpRequest(`${first.emulator.url}/emulator/faults`, { method: 'POST', body: { simulationFailureRate: 1 } });
    first.source.publish('rev-2', await first.revisionDir({ 'alpha.yaml': campaignYaml('alpha', A_ID, V2) }));
    await waitFor(() => first.controller.campaign('alpha')?.status === 'Paused', { what: 'alpha paused by an inconclusive verification' });
    await waitFor(() => first.controller.campaign('alpha')?.incidents?.some((incident) => incident.kind === 'paused'), { what: 'the paused incident open' });
    expect(firstAlerts.dispatched.map((action) => `${action.event} ${action.incident.kind}`)).to.include('opened paused');
    const stopped = JSON.parse(JSON.stringify(first.controller.campaign('alpha'))) as unknown;
    await first.controller.stop();

    // The restarted controller reads alpha's status (with its open incident) from the audit branch.
    const secondAlerts = recordingDispatcher();
    const second = await startControllerFixture(pool, { alerts: secondAlerts });
    fixtures.push(second);
    second.audit.readStatuses = async () => new Map([['alpha', stopped]]);
    second.emulator.context.store.upsert(first.emulator.context.store.get(A_ID)!);
    second.source.publish('rev-2', await second.revisionDir({ 'alpha.yaml': campaignYaml('alpha', A_ID, V2) }), false);
    await second.controller.start();
    expect(second.controller.campaign('alpha')?.status, 'the hold survives the restart').to.equal('Paused');
    expect(secondAlerts.resumed.map((incident) => `${incident.campaign} ${incident.kind}`)).to.deep.equal(['alpha paused']);
    await second.sweep();
    expect(secondAlerts.dispatched.filter((action) => action.event === 'opened'), 'nobody is messaged again').to.deep.equal([]);
  });
});
