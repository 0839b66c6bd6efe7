import { expect } from 'chai';
import { startEmulator, type RunningEmulator } from '../../../emulator/emulator-server.js';
import type { Webhook } from '../../../emulator/types.js';
import { CAMPAIGN_ID, sampleCampaign, sampleSettings } from '../../support/campaign-fixtures.js';
import { openSession, type ApiSession } from '../../support/emulator-session.js';
import { waitFor } from '../../support/wait-for.js';
import { startWebhookReceiver, type WebhookReceiver } from '../../support/webhook-receiver.js';

describe('emulator: webhooks', () => {
  let emulator: RunningEmulator;
  let api: ApiSession;
  let receiver: WebhookReceiver;

  beforeEach(async () => {
    emulator = await startEmulator({ rateLimitPerMinute: 0, campaigns: [sampleCampaign()] });
    api = await openSession(emulator);
    receiver = await startWebhookReceiver();
  });
  afterEach(async () => {
    await emulator.close();
    await receiver.close();
  });

  const subscription = (url: string) => ({ name: 'ML_Monitor_1', url, events: ['campaign.predictive.tuned'], enabled: true, httpMethod: 'POST' });

  it('creates, lists and deletes webhooks', async () => {
    const created = await api.call<Webhook>('POST', '/api/v2/webhooks', subscription(receiver.url));
    expect(created.status).to.equal(201);
    expect(created.body).to.include({ name: 'ML_Monitor_1', url: receiver.url, enabled: true, httpMethod: 'POST' });
    const listed = await api.call<{ entities: Webhook[]; total: number }>('GET', '/api/v2/webhooks');
    expect(listed.body.total).to.equal(1);
    expect(listed.body.entities[0]!.id).to.equal(created.body.id);
    expect((await api.call('DELETE', `/api/v2/webhooks/${created.body.id}`)).status).to.equal(204);
    expect((await api.call('DELETE', `/api/v2/webhooks/${created.body.id}`)).status).to.equal(404);
    const after = await api.call<{ total: number }>('GET', '/api/v2/webhooks');
    expect(after.body.total).to.equal(0);
  });

  it('answers 400 to an invalid subscription, naming each problem', async () => {
    const response = await api.call<{ details: string[] }>('POST', '/api/v2/webhooks', { name: '', url: 'ftp://x', events: ['campaign.deleted'], secret: 'x' });
    expect(response.status).to.equal(400);
    const text = response.body.details.join('\n');
    expect(text).to.match(/secret is not a known field/);
    expect(text).to.match(/name must be a non-empty string/);
    expect(text).to.match(/url must be an absolute http or https URL/);
    expect(text).to.match(/"campaign\.deleted" is not a known event/);
  });

  it('delivers campaign.predictive.tuned with campaign id, version, settings and time on each PUT', async () => {
    await api.call('POST', '/api/v2/webhooks', subscription(receiver.url));
    const put = await api.call('PUT', `/api/v2/outbound/campaigns/${CAMPAIGN_ID}`, { version: 1, predictiveDialerSettings: sampleSettings({ answer_rate: 0.11 }) });
    expect(put.status).to.equal(200);
    await waitFor(() => receiver.received.length === 1, { what: 'the webhook delivery' });
    const event = JSON.parse(receiver.received[0]!.body) as Record<string, unknown>;
    expect(event).to.include({ event: 'campaign.predictive.tuned', campaignId: CAMPAIGN_ID, version: 2, modifiedBy: 'api:emulator-client' });
    expect(event.predictiveDialerSettings).to.deep.equal(sampleSettings({ answer_rate: 0.11 }));
    expect(Date.parse(event.timestamp as string)).to.not.be.NaN;
    expect(receiver.received[0]!.headers['content-type']).to.equal('application/json');
  });

  it('does not deliver to disabled subscriptions', async () => {
    await api.call('POST', '/api/v2/webhooks', { ...subscription(receiver.url), enabled: false });
    await api.call('PUT', `/api/v2/outbound/campaigns/${CAMPAIGN_ID}`, { predictiveDialerSettings: sampleSettings({ answer_rate: 0.11 }) });
    await emulator.context.webhooks.settle();
    expect(receiver.received).to.have.length(0);
  });

  it('answers the PUT without waiting for a slow subscriber', async () => {
    receiver.behaviour.delayMs = 2_000;
    await api.call('POST', '/api/v2/webhooks', subscription(receiver.url));
    const started = Date.now();
    const put = await api.call('PUT', `/api/v2/outbound/campaigns/${CAMPAIGN_ID}`, { predictiveDialerSettings: sampleSettings({ answer_rate: 0.12 }) });
    expect(put.status).to.equal(200);
    expect(Date.now() - started).to.be.below(1_500);
    await waitFor(() => receiver.received.length === 1, { what: 'the slow delivery to arrive' });
  });

  it('delivers for a supervisor edit too, with who made it', async () => {
    await api.call('POST', '/api/v2/webhooks', subscription(receiver.url));
    const patch = await api.admin('PATCH', `/emulator/campaigns/${CAMPAIGN_ID}`, { predictiveDialerSettings: { parameterWeights: { call_rate: 0.07 } }, modifiedBy: 'ui:jane.doe' });
    expect(patch.status).to.equal(200);
    await waitFor(() => receiver.received.length === 1, { what: 'the delivery of the supervisor edit' });
    expect(JSON.parse(receiver.received[0]!.body)).to.include({ modifiedBy: 'ui:jane.doe', version: 2 });
  });
});
