import { expect } from 'chai';
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Campaign } from '../../emulator/types.js';
import { replaceInFile, startHarness, type Harness } from '../support/controller-harness.js';
import { httpRequest } from '../support/http-request.js';
import { waitFor } from '../support/wait-for.js';

const SPRING = 'a1b2c3d4-e5f6-7890-abcd-ef1234567890';
const EARLY_ARREARS = '0e9d8c7b-6a5f-4e3d-8c2b-1a0f9e8d7c6b';
const SOLAR = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';

describe('the controller, end to end (emulator + local Git remote)', function () {
  this.timeout(60_000);
  let harness: Harness;

  const live = (id: string): Campaign => harness.emulator.context.store.get(id)!;
  const campaignStatus = async (name: string) => (await harness.status()).campaigns.find((c) => c.name === name);
  const supervisorEdit = (id: string, weights: Record<string, number>) =>
    httpRequest(`${harness.emulator.url}/emulator/campaigns/${id}`, { method: 'PATCH', body: { predictiveDialerSettings: { parameterWeights: weights }, modifiedBy: 'ui:jane.doe' } });

  beforeEach(async () => {
    harness = await startHarness();
  });
  afterEach(() => harness.close());

  it('applies a pushed commit within seconds and records it on the audit branch with trailers', async () => {
    await harness.startController();
    await waitFor(async () => (await harness.status()).ready, { what: 'the controller to be ready' });
    const revision = await harness.push('Raise the answer-rate weight of spring renewals', (work) =>
      replaceInFile(path.join(work, 'retention/spring-renewals.yaml'), 'answer_rate: 0.12', 'answer_rate: 0.15'),
    );
    await waitFor(() => live(SPRING).predictiveDialerSettings.parameterWeights.answer_rate === 0.15, { timeoutMs: 20_000, what: 'the commit to be applied' });
    const state = await waitFor(async () => {
      const current = await campaignStatus('spring-renewals');
      return current?.status === 'Synced' && current.lastAppliedRevision === revision ? current : undefined;
    }, { timeoutMs: 20_000, what: 'spring-renewals to be Synced at the new revision' });
    expect(state.reason).to.match(/applied v1 → v2; verified/);
    const entries = await waitFor(async () => {
      const audit = await harness.audit();
      return audit.some((entry) => entry.trailers.Outcome === 'applied') ? audit : undefined;
    }, { timeoutMs: 20_000, what: 'the audit commit' });
    const applied = entries.find((entry) => entry.trailers.Outcome === 'applied')!;
    expect(applied.trailers).to.deep.include({ 'Campaign-Id': SPRING, 'Desired-Revision': revision, Outcome: 'applied' });
    const records = await harness.auditRecords();
    expect(records.filter((r) => r.outcome === 'applied' && r.campaign === 'spring-renewals')).to.have.length(1);
  });

  it('heals an out-of-band edit under enforce and only reports one under observe', async () => {
    await harness.startController({ GITOPS_SCHEDULE: '*/1 * * * * *' });
    await waitFor(async () => (await harness.status()).ready);
    await supervisorEdit(SOLAR, { predictive_factor: 0.15 });
    await supervisorEdit(EARLY_ARREARS, { predictive_factor: -0.05 });
    await waitFor(() => live(SOLAR).predictiveDialerSettings.parameterWeights.predictive_factor === -0.1 && live(SOLAR).modifiedBy.startsWith('api:'), {
      timeoutMs: 20_000,
      what: 'solar-leads to be healed',
    });
    const observed = await waitFor(async () => {
      const current = await campaignStatus('early-arrears');
      return current?.status === 'Drifted' ? current : undefined;
    }, { timeoutMs: 20_000, what: 'early-arrears to show Drifted' });
    expect(observed.drift!.modifiedBy).to.equal('ui:jane.doe');
    expect(live(EARLY_ARREARS).predictiveDialerSettings.parameterWeights.predictive_factor, 'observe never writes').to.equal(-0.05);
  });

  it('applies the other campaigns when one file of a commit is invalid, and reports the invalid one', async () => {
    await harness.startController();
    await waitFor(async () => (await harness.status()).ready);
    await harness.push('One good change, one broken file', async (work) => {
      await replaceInFile(path.join(work, 'sales/solar-leads.yaml'), 'answer_rate: 0.10', 'answer_rate: 0.12');
      await replaceInFile(path.join(work, 'retention/spring-renewals.yaml'), 'predictive_factor: -0.10', 'predictive_factor: 0.25');
    });
    await waitFor(() => live(SOLAR).predictiveDialerSettings.parameterWeights.answer_rate === 0.12, { timeoutMs: 20_000, what: 'the valid change to be applied' });
    const spring = await waitFor(async () => {
      const current = await campaignStatus('spring-renewals');
      return current?.status === 'Invalid' ? current : undefined;
    }, { timeoutMs: 20_000, what: 'spring-renewals to show Invalid' });
    expect(spring.reason).to.match(/retention\/spring-renewals.yaml:\d+:\d+: spec.parameterWeights.predictive_factor is 0.25/);
    expect(live(SPRING).version, 'the invalid campaign is left alone').to.equal(1);
    expect((await harness.status()).invalidFiles).to.have.length(1);
  });

  it('reports a deleted file and leaves the live campaign as it is', async () => {
    await harness.startController();
    await waitFor(async () => (await harness.status()).ready);
    await harness.push('Stop managing solar leads', (work) => rm(path.join(work, 'sales/solar-leads.yaml')));
    const status = await waitFor(async () => {
      const current = await harness.status();
      return current.deleted.some((d) => d.name === 'solar-leads') ? current : undefined;
    }, { timeoutMs: 20_000, what: 'the deletion to be reported' });
    expect(status.campaigns.map((c) => c.name)).to.not.include('solar-leads');
    expect(live(SOLAR).version).to.equal(1);
    await waitFor(async () => (await harness.auditRecords()).some((r) => r.outcome === 'deleted' && r.campaign === 'solar-leads'), { timeoutMs: 20_000, what: 'the deleted record' });
  });

  it('holds a change back while a deny sync window is open', async () => {
    await harness.startController();
    await waitFor(async () => (await harness.status()).ready);
    const now = new Date();
    await harness.push('Freeze applies for an hour, and change spring renewals', async (work) => {
      await writeFile(
        path.join(work, 'cxone-gitops.yaml'),
        `apiVersion: cxone-gitops/v1\nkind: ControllerPolicy\nspec:\n  syncWindows:\n    - kind: deny\n      schedule: "${now.getUTCMinutes()} ${now.getUTCHours()} * * *"\n      duration: 1h\n      timeZone: UTC\n`,
      );
      await replaceInFile(path.join(work, 'retention/spring-renewals.yaml'), 'answer_rate: 0.12', 'answer_rate: 0.15');
    });
    const spring = await waitFor(async () => {
      const current = await campaignStatus('spring-renewals');
      return current?.status === 'Blocked' ? current : undefined;
    }, { timeoutMs: 20_000, what: 'spring-renewals to be Blocked by the window' });
    expect(spring.reason).to.match(/sync window/);
    expect(live(SPRING).version).to.equal(1);
  });
});
