/**
 * Many broken files are one incident (issue 10, "Scale and floods"): grouped by cause like
 * Alertmanager's grouping, one message listing them, one audit record, resolved when every file is
 * fixed; the valid campaigns of the same commit are applied meanwhile.
 */
import { expect } from 'chai';
import { readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { liveCampaignFor } from '../../../emulator/desired-state-campaigns.js';
import type { AlertDispatcher } from '../../../controller/adapters/alerts/alert-dispatcher.js';
import type { AlertAction } from '../../../controller/domain/incidents.js';
import { createSimulationPool, type SimulationPool } from '../../../controller/simulation/index.js';
import { campaignSpec } from '../../support/campaign-spec-fixture.js';
import { waitFor } from '../../support/wait-for.js';
import { A_ID, B_ID, campaignYaml, startControllerFixture, V1, V2, type ControllerFixture } from './controller-fixture.js';

const BROKEN = 30;

describe('many broken files', function () {
  this.timeout(60_000);
  let pool: SimulationPool;
  let fixture: ControllerFixture | undefined;
  before(() => {
    pool = createSimulationPool();
  });
  afterEach(async () => fixture?.close());
  after(() => pool.close());

  it('are one incident with one message naming them, resolved once all are fixed, and never stop the valid campaigns', async () => {
    const dispatched: AlertAction[] = [];
    const alerts: AlertDispatcher = { dispatch: (actions) => void dispatched.push(...actions), resume: () => undefined, idle: async () => undefined, close: () => undefined };
    fixture = await startControllerFixture(pool, { alerts });
    const { controller, source, emulator, audit } = fixture;
    for (const [name, id] of [['alpha', A_ID], ['beta', B_ID]] as const) emulator.context.store.upsert(liveCampaignFor(campaignSpec({ name, campaignId: id, parameterWeights: V1 })));
    const valid = { 'alpha.yaml': campaignYaml('alpha', A_ID, V1), 'beta.yaml': campaignYaml('beta', B_ID, V1) };
    // One directory for every revision, as a clone is: a campaign keeps its file's path across commits.
    const dir = await fixture.revisionDir({});
    const revision = async (files: Record<string, string>): Promise<string> => {
      for (const name of await readdir(dir)) await rm(path.join(dir, name));
      for (const [name, text] of Object.entries(files)) await writeFile(path.join(dir, name), text);
      return dir;
    };
    source.publish('rev-1', await revision(valid), false);
    await controller.start();
    await waitFor(() => controller.campaign('alpha')?.status === 'Synced' && controller.campaign('beta')?.status === 'Synced', { what: 'both adopted at rev-1' });

    // One commit breaks a managed campaign's file and adds 30 broken files, and changes beta.
    const broken = Object.fromEntries(Array.from({ length: BROKEN }, (_, i) => [`broken-${String(i).padStart(2, '0')}.yaml`, 'apiVersion: [unclosed\n']));
    source.publish('rev-2', await revision({ 'alpha.yaml': campaignYaml('alpha', A_ID, { ...V1, answer_rate: 0.9 }), 'beta.yaml': campaignYaml('beta', B_ID, V2), ...broken }));
    await waitFor(() => controller.campaign('beta')?.status === 'Synced' && controller.campaign('beta')?.lastAppliedRevision === 'rev-2', { what: 'beta applied at rev-2 beside the broken files' });
    expect(emulator.context.store.get(B_ID)!.predictiveDialerSettings.parameterWeights.answer_rate).to.equal(V2.answer_rate);
    expect(controller.campaign('alpha')?.status).to.equal('Invalid');

    const opened = dispatched.filter((action) => action.incident.kind === 'invalid-file');
    expect(opened.map((action) => action.event), 'one message for 31 broken files').to.deep.equal(['opened']);
    const summary = opened[0]!.incident.summary;
    expect(summary).to.match(/^31 invalid files on the watched branch: /);
    expect(summary).to.include('alpha.yaml:').and.include('broken-00.yaml:').and.include('and 11 more (the status API lists every one)');
    expect(audit.records.filter((record) => record.outcome === 'incident-opened'), 'one incident record').to.have.length(1);
    expect(controller.status().incidents.filter((incident) => incident.kind === 'invalid-file')).to.have.length(1);
    expect(controller.status().invalidFiles.length, 'every file still listed in the status').to.be.at.least(BROKEN + 1);

    // Most are fixed: the same incident stays open, showing the two left, without a message.
    source.publish('rev-3', await revision({ ...valid, 'broken-07.yaml': 'apiVersion: [unclosed\n', 'broken-08.yaml': 'apiVersion: [unclosed\n' }));
    await waitFor(() => controller.status().incidents.find((incident) => incident.kind === 'invalid-file')?.summary.startsWith('2 invalid files'), { what: 'the incident to show the 2 files left' });
    await waitFor(() => controller.campaign('alpha')?.status === 'Synced', { what: 'alpha valid and Synced again' });
    expect(dispatched.filter((action) => action.incident.kind === 'invalid-file').map((action) => action.event)).to.deep.equal(['opened']);

    source.publish('rev-4', await revision(valid));
    await waitFor(() => controller.status().incidents.length === 0, { what: 'the incident resolved' });
    expect(dispatched.filter((action) => action.incident.kind === 'invalid-file').map((action) => action.event)).to.deep.equal(['opened', 'resolved']);
  });
});
