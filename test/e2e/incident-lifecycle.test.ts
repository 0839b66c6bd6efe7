import { expect } from 'chai';
import { startHarness, type Harness } from '../support/controller-harness.js';
import { httpRequest } from '../support/http-request.js';
import { waitFor } from '../support/wait-for.js';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.js';

const EARLY_ARREARS = '0e9d8c7b-6a5f-4e3d-8c2b-1a0f9e8d7c6b';

interface Alert {
  event: string;
  kind: string;
  key: string;
  campaign: string;
}

describe('alert incidents across restarts and for the CXone circuit', function () {
  this.timeout(90_000);
  let harness: Harness;
  let receiver: WebhookReceiver;
  const alerts = (): Alert[] => receiver.received.map((request) => JSON.parse(request.body) as Alert);
  const env = () => ({ GITOPS_SCHEDULE: '*/1 * * * * *', ALERT_WEBHOOK_URL: receiver.url });

  beforeEach(async () => {
    harness = await startHarness();
    receiver = await startWebhookReceiver();
  });
  afterEach(async () => {
    await harness.close();
    await receiver.close();
  });

  it('an open drift incident survives a restart: no second message, then one resolved message', async () => {
    await harness.startController(env());
    await waitFor(async () => (await harness.status()).ready);
    await httpRequest(`${harness.emulator.url}/emulator/campaigns/${EARLY_ARREARS}`, { method: 'PATCH', body: { predictiveDialerSettings: { parameterWeights: { predictive_factor: -0.15 } }, modifiedBy: 'ui:jane.doe' } });
    const opened = await waitFor(() => alerts().find((a) => a.event === 'opened' && a.kind === 'drift'), { timeoutMs: 20_000, what: 'the drift alert' });
    await waitFor(async () => (await harness.status()).auditPending === 0, { timeoutMs: 20_000, what: 'the journal to be pushed' });
    await harness.stopController();
    await harness.startController(env());
    await waitFor(async () => (await harness.status()).campaigns.find((c) => c.name === 'early-arrears')?.lastReconcileAt !== undefined, { timeoutMs: 20_000 });
    const restored = (await harness.status()).campaigns.find((c) => c.name === 'early-arrears')!;
    expect(restored.incidents?.map((incident) => incident.key), 'restored from the audit branch').to.deep.equal([opened.key]);
    // The supervisor puts the Git value back: the incident resolves, once.
    await httpRequest(`${harness.emulator.url}/emulator/campaigns/${EARLY_ARREARS}`, { method: 'PATCH', body: { predictiveDialerSettings: { parameterWeights: { predictive_factor: -0.2 } }, modifiedBy: 'ui:jane.doe' } });
    await waitFor(() => alerts().some((a) => a.event === 'resolved' && a.key === opened.key), { timeoutMs: 20_000, what: 'the resolved message' });
    expect(alerts().filter((a) => a.key === opened.key && a.event === 'opened'), 'one message for the incident across the restart').to.have.length(1);
  });

  it('alerts once when the CXone circuit opens', async () => {
    await harness.startController(env());
    await waitFor(async () => (await harness.status()).ready);
    await httpRequest(`${harness.emulator.url}/emulator/faults`, { method: 'POST', body: { errorRate: 1 } });
    const circuit = await waitFor(() => alerts().find((a) => a.kind === 'circuit-open'), { timeoutMs: 40_000, what: 'the circuit alert' });
    expect(circuit.event).to.equal('opened');
    expect((await harness.status()).incidents.map((incident) => incident.key)).to.include('circuit-open');
    expect(alerts().filter((a) => a.kind === 'circuit-open')).to.have.length(1);
  });
});
