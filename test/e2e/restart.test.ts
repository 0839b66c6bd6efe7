import { expect } from 'chai';
import path from 'node:path';
import { replaceInFile, startHarness, waitForEnforcedConvergence, type Harness } from '../support/controller-harness.js';
import { waitFor } from '../support/wait-for.js';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.js';

describe('the controller killed with SIGKILL mid-sweep and restarted', function () {
  this.timeout(120_000);
  let harness: Harness;
  let receiver: WebhookReceiver;

  before(async () => {
    harness = await startHarness({ drift: true });
    receiver = await startWebhookReceiver();
  });
  after(async () => {
    await harness.close();
    await receiver.close();
  });

  it('converges with every accepted PUT recorded exactly once and one ML webhook', async () => {
    const env = { GITOPS_SCHEDULE: '*/1 * * * * *', ML_WEBHOOK_URL: receiver.url };
    const putsAccepted = () => harness.emulator.context.store.changes.filter((change) => change.source === 'api');

    for (let round = 0; round < 3; round += 1) {
      const child = await harness.startControllerProcess(env);
      await harness.push(`Round ${round}: move two campaigns`, async (work) => {
        await replaceInFile(path.join(work, 'sales/solar-leads.yaml'), `answer_rate: ${round === 0 ? '0.10' : (0.1 + round * 0.02).toFixed(2)}`, `answer_rate: ${(0.12 + round * 0.02).toFixed(2)}`);
        await replaceInFile(path.join(work, 'retention/spring-renewals.yaml'), `answer_rate: ${round === 0 ? '0.12' : (0.12 + round * 0.02).toFixed(2)}`, `answer_rate: ${(0.14 + round * 0.02).toFixed(2)}`);
      });
      const before = putsAccepted().length;
      // Kill it as soon as it has started to write, in the middle of the work.
      await waitFor(() => putsAccepted().length > before, { timeoutMs: 30_000, what: `a PUT in round ${round}` });
      child.child.kill('SIGKILL');
      await child.exited;
      harness.child = undefined;
    }

    // The last start: let it converge, then stop it gracefully so the journal is pushed.
    await harness.startControllerProcess(env);
    await waitFor(async () => (await harness.status()).ready, { timeoutMs: 30_000, what: 'the restarted controller to be ready' });
    await waitForEnforcedConvergence(harness, 60_000);
    await waitFor(async () => (await harness.status()).auditPending === 0, { timeoutMs: 30_000, what: 'the journal to be pushed' });
    await harness.stopController();

    const records = await harness.auditRecords();
    const writes = records.filter((record) => record.outcome === 'applied' || record.outcome === 'rolled-back');
    const accepted = putsAccepted();
    const describe = () => JSON.stringify({ accepted: accepted.map((c) => `${c.campaignId.slice(0, 4)} v${c.version} ${c.modifiedBy}`), writes: writes.map((r) => `${String(r.campaignId).slice(0, 4)} v${String(r.toVersion)} ${String(r.outcome)} ${r.recovered ? 'recovered' : ''}`) });
    expect(writes.length, `one record per accepted PUT: ${describe()}`).to.equal(accepted.length);
    for (const change of accepted) {
      const matching = writes.filter((record) => record.campaignId === change.campaignId && record.toVersion === change.version);
      expect(matching, `the PUT that made ${change.campaignId} v${change.version}`).to.have.length(1);
    }
    expect(new Set(records.map((record) => record.id)).size, 'no duplicate record').to.equal(records.length);
    expect(harness.emulator.context.webhooks.list(), 'exactly one ML webhook').to.have.length(1);
  });
});
