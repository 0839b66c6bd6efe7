import { expect } from 'chai';
import { createAlertDispatcher, defaultSinks } from '../../../controller/adapters/alerts/alert-dispatcher.js';
import { alertmanagerSink } from '../../../controller/adapters/alerts/alertmanager-sink.js';
import { alertPayload } from '../../../controller/adapters/alerts/alert-message.js';
import { silentLogger } from '../../../controller/adapters/logging/logger.js';
import type { AlertAction, Incident } from '../../../controller/domain/incidents.js';
import { startAlertmanager, type RunningAlertmanager } from '../../support/alertmanager.js';
import { waitFor } from '../../support/wait-for.js';
import { startWebhookReceiver, type WebhookReceiver } from '../../support/webhook-receiver.js';

interface Notification {
  status: 'firing' | 'resolved';
  groupLabels: Record<string, string>;
  alerts: Array<{ status: string; labels: Record<string, string>; annotations: Record<string, string> }>;
}

function incident(kind: Incident['kind'], campaign = 'spring-renewals'): Incident {
  return {
    key: `${kind}:c-${campaign}`,
    kind,
    campaign,
    campaignId: `c-${campaign}`,
    labels: { team: 'retention' },
    openedAt: new Date().toISOString(),
    lastNotifiedAt: new Date().toISOString(),
    reminders: 0,
    summary: `${campaign}: ${kind}`,
  };
}

describe('Alertmanager sink against a real Alertmanager on loopback', function () {
  this.timeout(60_000);
  let receiver: WebhookReceiver;
  let alertmanager: RunningAlertmanager;

  beforeEach(async () => {
    receiver = await startWebhookReceiver();
    alertmanager = await startAlertmanager({ receiverUrl: receiver.url });
  });
  afterEach(async () => {
    await alertmanager.close();
    await receiver.close();
  });

  const notifications = (): Notification[] => receiver.received.map((request) => JSON.parse(request.body) as Notification);

  it('groups a campaign’s incidents into one notification with campaign, team and kind labels, and notifies when they resolve', async () => {
    const alerts = createAlertDispatcher({ defaultSinks: defaultSinks({ alertmanagerUrl: alertmanager.url }), lookup: () => undefined, log: silentLogger, minBackoffMs: 20 });
    const opened: AlertAction[] = [
      { event: 'opened', incident: incident('paused') },
      { event: 'opened', incident: incident('drift') },
      { event: 'opened', incident: incident('rolled-back', 'autumn-winback') },
    ];
    alerts.dispatch(opened, []);
    await alerts.idle();
    const firing = await waitFor(
      () => {
        const spring = notifications().find((n) => n.status === 'firing' && n.groupLabels.campaign === 'spring-renewals');
        return spring && notifications().some((n) => n.groupLabels.campaign === 'autumn-winback') ? spring : undefined;
      },
      { timeoutMs: 20_000, what: 'Alertmanager to notify the receiver' },
    );
    expect(firing.alerts.map((alert) => alert.labels.kind).sort()).to.deep.equal(['drift', 'paused']);
    expect(firing.alerts[0]!.labels).to.include({ campaign: 'spring-renewals', team: 'retention', campaign_id: 'c-spring-renewals' });
    expect(firing.alerts.find((alert) => alert.labels.kind === 'paused')!.labels).to.include({ alertname: 'CxoneGitopsPaused', severity: 'critical' });
    expect(firing.alerts.find((alert) => alert.labels.kind === 'drift')!.annotations.summary).to.equal('spring-renewals: drift');

    alerts.dispatch(
      opened.slice(0, 2).map((action) => ({ ...action, event: 'resolved' as const })),
      [],
    );
    await alerts.idle();
    const resolved = await waitFor(() => notifications().find((n) => n.status === 'resolved' && n.groupLabels.campaign === 'spring-renewals'), {
      timeoutMs: 20_000,
      what: 'Alertmanager to notify the resolve',
    });
    expect(resolved.alerts.map((alert) => alert.status)).to.deep.equal(['resolved', 'resolved']);
    const active = await alertmanager.alerts();
    expect(active.map((alert) => alert.labels.campaign), 'the other campaign still fires').to.deep.equal(['autumn-winback']);
    alerts.close();
  });

  it('posts a heal as one firing alert (one notification) that it never re-posts and that ends by itself', async () => {
    const sink = alertmanagerSink({ url: alertmanager.url, resendIntervalMs: 400 });
    await sink.send(alertPayload({ event: 'healed', incident: { ...incident('drift'), drift: { fields: [{ field: 'parameterWeights.predictive_factor', git: -0.1, live: 0.12 }], modifiedBy: 'ui:jane.doe', action: 'healed' } } }));
    expect(sink.openKeys(), 'nothing left open to re-post').to.deep.equal([]);
    const firing = await waitFor(() => notifications().find((n) => n.status === 'firing'), { timeoutMs: 20_000, what: 'Alertmanager to notify the heal' });
    expect(firing.alerts).to.have.length(1);
    expect(firing.alerts[0]!.annotations.description!.split('\n')[0]).to.equal('✅ healed: ui:jane.doe changed spring-renewals predictive_factor from -0.1 to 0.12; put back');
    await waitFor(() => notifications().some((n) => n.status === 'resolved'), { timeoutMs: 20_000, what: 'the heal alert to end by itself' });
    expect(notifications().filter((n) => n.status === 'firing'), 'one firing notification').to.have.length(1);
    sink.close();
  });

  it('re-posts an open incident before its endsAt passes, and Alertmanager resolves it by timeout once the re-posts stop', async () => {
    const sink = alertmanagerSink({ url: alertmanager.url, resendIntervalMs: 400 });
    await sink.send(alertPayload({ event: 'opened', incident: incident('apply-failed') }));
    const first = Date.parse((await alertmanager.alerts())[0]!.endsAt);
    expect(first - Date.now(), 'endsAt is four re-post intervals ahead').to.be.within(0, 1_700);
    await waitFor(() => Date.now() > first + 200, { timeoutMs: 10_000, what: 'the first endsAt to pass' });
    const [still] = await alertmanager.alerts();
    expect(still?.status.state, 'still firing past the first endsAt: it was re-posted').to.equal('active');
    expect(Date.parse(still!.endsAt)).to.be.above(first);
    expect(sink.openKeys()).to.deep.equal(['apply-failed:c-spring-renewals']);

    sink.close();
    await waitFor(() => notifications().some((n) => n.status === 'resolved'), { timeoutMs: 20_000, what: 'Alertmanager to resolve the alert after its endsAt' });
  });
  it('keeps firing across a restart: a new sink resumed with the open incident re-posts it past the old endsAt, and a resolve sent first is not undone', async () => {
    const before = alertmanagerSink({ url: alertmanager.url, resendIntervalMs: 400 });
    await before.send(alertPayload({ event: 'opened', incident: incident('apply-failed') }));
    const first = Date.parse((await alertmanager.alerts())[0]!.endsAt);
    before.close(); // the controller process stops: nothing re-posts any more

    // The restarted controller hands its restored open incidents to its dispatcher's sinks.
    const after = alertmanagerSink({ url: alertmanager.url, resendIntervalMs: 400 });
    const messaged: string[] = [];
    const chat = { name: 'chat', send: async (payload: { key: string }) => void messaged.push(payload.key) };
    const alerts = createAlertDispatcher({ defaultSinks: [after, chat], lookup: () => undefined, log: silentLogger, minBackoffMs: 20 });
    alerts.resume([incident('apply-failed')], []);
    expect(messaged, 'nobody is messaged again').to.deep.equal([]);
    await after.send(alertPayload({ event: 'resolved', incident: incident('paused') }));
    after.resume?.(alertPayload({ event: 'opened', incident: incident('paused') }));
    expect(after.openKeys(), 'a resolve sent before the resume is not undone').to.deep.equal(['apply-failed:c-spring-renewals']);
    await waitFor(() => Date.now() > first + 200, { timeoutMs: 10_000, what: 'the endsAt of the stopped process to pass' });
    const active = (await alertmanager.alerts()).filter((alert) => alert.labels.kind === 'apply-failed');
    expect(active[0]?.status.state, 'still firing: the restarted sink re-posts it').to.equal('active');
    expect(Date.parse(active[0]!.endsAt)).to.be.above(first);
    expect(notifications().filter((n) => n.status === 'resolved' && n.alerts.some((a) => a.labels.kind === 'apply-failed')), 'no resolve of the open incident').to.have.length(0);
    after.close();
  });
});
