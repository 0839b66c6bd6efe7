import { expect } from 'chai';
import { createAlertDispatcher, defaultSinks } from '../../../controller/adapters/alerts/alert-dispatcher.js';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, verifyAlertSignature } from '../../../controller/adapters/alerts/alert-signature.js';
import { silentLogger } from '../../../controller/adapters/logging/logger.js';
import type { AlertAction, Incident } from '../../../controller/domain/incidents.js';
import { waitFor } from '../../support/wait-for.js';
import { startWebhookReceiver, type WebhookReceiver } from '../../support/webhook-receiver.js';

const SECRET = 'alert-signing-secret-123';

function driftIncident(labels: Record<string, string> = { team: 'retention' }): Incident {
  return {
    key: 'drift:c-1:parameterWeights.predictive_factor',
    kind: 'drift',
    campaign: 'spring-renewals',
    campaignId: 'c-1',
    labels,
    openedAt: '2026-11-24T10:00:00.000Z',
    lastNotifiedAt: '2026-11-24T10:00:00.000Z',
    reminders: 0,
    summary: 'spring-renewals was changed outside Git by ui:jane.doe',
    drift: { fields: [{ field: 'parameterWeights.predictive_factor', git: -0.1, live: 0.05 }], modifiedBy: 'ui:jane.doe', dateModified: '2026-11-24T09:59:00.000Z', action: 'observe only' },
  };
}

describe('alert delivery to loopback receivers', () => {
  let webhook: WebhookReceiver;
  let slack: WebhookReceiver;
  let team: WebhookReceiver;
  const deliveries: string[] = [];

  beforeEach(async () => {
    webhook = await startWebhookReceiver();
    slack = await startWebhookReceiver();
    team = await startWebhookReceiver();
    deliveries.length = 0;
  });
  afterEach(async () => {
    await webhook.close();
    await slack.close();
    await team.close();
  });

  const dispatcher = (env: Record<string, string> = {}) =>
    createAlertDispatcher({
      defaultSinks: defaultSinks({ webhookUrl: webhook.url, webhookSecret: SECRET, slackWebhookUrl: slack.url }),
      lookup: (name) => env[name],
      log: silentLogger,
      minBackoffMs: 20,
      attempts: 3,
      onDelivery: (sink, outcome) => deliveries.push(`${sink.split(':')[0]} ${outcome}`),
    });
  const opened: AlertAction = { event: 'opened', incident: driftIncident() };

  it('signs the JSON webhook so a receiver can verify it, and says what drifted, who, and how to adopt it', async () => {
    const alerts = dispatcher();
    alerts.dispatch([opened], []);
    await alerts.idle();
    expect(webhook.received).to.have.length(1);
    const request = webhook.received[0]!;
    const check = verifyAlertSignature(SECRET, { signature: request.headers[SIGNATURE_HEADER] as string, timestamp: request.headers[TIMESTAMP_HEADER] as string }, request.body);
    expect(check).to.deep.equal({ valid: true });
    const payload = JSON.parse(request.body) as { event: string; key: string; drift: { fields: unknown[]; modifiedBy: string; adoptCommand: string }; text: string };
    expect(payload).to.include({ event: 'opened', key: 'drift:c-1:parameterWeights.predictive_factor' });
    expect(payload.drift.fields).to.deep.equal([{ field: 'parameterWeights.predictive_factor', git: -0.1, live: 0.05 }]);
    expect(payload.drift.modifiedBy).to.equal('ui:jane.doe');
    expect(payload.drift.adoptCommand).to.match(/^cxone-gitops adopt spring-renewals/);
    expect(payload.text).to.include('Git -0.1, live 0.05').and.include('observe');
    expect(slack.received).to.have.length(1);
    expect((JSON.parse(slack.received[0]!.body) as { text: string }).text).to.include('spring-renewals was changed outside Git by ui:jane.doe');
  });

  it('lets a receiver reject a replayed or tampered message', async () => {
    const alerts = dispatcher();
    alerts.dispatch([opened], []);
    await alerts.idle();
    const request = webhook.received[0]!;
    const headers = { signature: request.headers[SIGNATURE_HEADER] as string, timestamp: request.headers[TIMESTAMP_HEADER] as string };
    const tenMinutesLater = Number(headers.timestamp) + 600;
    expect(verifyAlertSignature(SECRET, headers, request.body, { nowSeconds: tenMinutesLater }).valid, 'replayed later').to.equal(false);
    expect(verifyAlertSignature(SECRET, headers, request.body.replace('0.05', '0.5')).valid, 'tampered').to.equal(false);
    expect(verifyAlertSignature('other-secret-xyz', headers, request.body).valid, 'wrong secret').to.equal(false);
  });

  it('routes by campaign labels to the sinks the policy names by environment variable', async () => {
    const alerts = dispatcher({ RETENTION_HOOK: team.url });
    alerts.dispatch([opened], [{ matchLabels: { team: 'retention' }, sinks: [{ kind: 'webhook', urlEnv: 'RETENTION_HOOK' }] }]);
    await alerts.idle();
    expect(team.received).to.have.length(1);
    expect(webhook.received, 'a matched route replaces the default sinks').to.have.length(0);
    alerts.dispatch([{ event: 'opened', incident: driftIncident({ team: 'sales' }) }], [{ matchLabels: { team: 'retention' }, sinks: [{ kind: 'webhook', urlEnv: 'RETENTION_HOOK' }] }]);
    await alerts.idle();
    expect(webhook.received, 'no route matched: the default sinks').to.have.length(1);
  });

  it('retries a failing sink with backoff, counts the failure, and never makes dispatch wait', async () => {
    webhook.behaviour.status = 500;
    slack.behaviour.delayMs = 1_500;
    const alerts = dispatcher();
    const started = Date.now();
    alerts.dispatch([opened], []);
    // The slow sink answers after 1.5 s: a dispatch that waited for it would take at least that.
    expect(Date.now() - started, 'dispatch returns without waiting for the slow sink').to.be.below(1_000);
    await waitFor(() => deliveries.includes('webhook failed'), { what: 'the webhook delivery to give up' });
    expect(webhook.received, 'three attempts').to.have.length(3);
    expect(deliveries.filter((d) => d === 'webhook retried')).to.have.length(2);
    await alerts.idle();
    expect(deliveries).to.include('slack delivered');
  });
});
