import { expect } from 'chai';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createAlertDispatcher, defaultSinks } from '../../../controller/adapters/alerts/alert-dispatcher.js';
import { silentLogger } from '../../../controller/adapters/logging/logger.js';
import type { AlertAction, Incident } from '../../../controller/domain/incidents.js';
import { escapeTeamsText } from '../../../controller/adapters/alerts/teams-sink.js';
import { REPO_ROOT } from '../../support/spawn-cli.js';
import { startWebhookReceiver, type WebhookReceiver } from '../../support/webhook-receiver.js';

const ROUTING_KEY = 'R0UT1NGKEY0123456789abcdefABCDEF';

function schema(name: string) {
  const ajv = new Ajv2020({ strict: true, strictRequired: false, allErrors: true, validateFormats: false });
  return ajv.compile(JSON.parse(readFileSync(join(REPO_ROOT, 'test', 'fixtures', 'alert-payloads', name), 'utf8')) as object);
}
const pagerDutyEvent = schema('pagerduty-events-v2.schema.json');
const teamsMessage = schema('teams-adaptive-card-message.schema.json');

function expectValid(validate: ReturnType<typeof schema>, body: unknown): void {
  expect(validate(body), JSON.stringify(validate.errors)).to.equal(true);
}

const incident: Incident = {
  key: 'rolled-back:c-1',
  kind: 'rolled-back',
  campaign: 'spring_renewals-*2*',
  campaignId: 'c-1',
  labels: { team: 'retention' },
  openedAt: '2026-11-24T10:00:00.000Z',
  lastNotifiedAt: '2026-11-24T10:00:00.000Z',
  reminders: 0,
  summary: 'spring_renewals-*2*: rolled back: the simulated abandon bound 3.4% is over the limit 3% [see](http://evil.example)',
};
const lifecycle: AlertAction[] = [
  { event: 'opened', incident },
  { event: 'reminder', incident: { ...incident, reminders: 1 } },
  { event: 'resolved', incident },
];

describe('PagerDuty and Teams sinks against their documented payloads', () => {
  let receiver: WebhookReceiver;
  beforeEach(async () => {
    receiver = await startWebhookReceiver();
  });
  afterEach(async () => {
    await receiver.close();
  });
  const bodies = (): Array<Record<string, unknown>> => receiver.received.map((request) => JSON.parse(request.body) as Record<string, unknown>);

  it('sends PagerDuty Events v2 trigger, trigger and resolve with one stable dedup_key, each valid against the documented event', async () => {
    receiver.behaviour.status = 202;
    const alerts = createAlertDispatcher({ defaultSinks: defaultSinks({ pagerDutyRoutingKey: ROUTING_KEY, pagerDutyEventsUrl: receiver.url }), lookup: () => undefined, log: silentLogger });
    for (const action of lifecycle) {
      alerts.dispatch([action], []);
      await alerts.idle();
    }
    const events = bodies();
    expect(events.map((event) => event.event_action)).to.deep.equal(['trigger', 'trigger', 'resolve']);
    for (const event of events) expectValid(pagerDutyEvent, event);
    expect(new Set(events.map((event) => event.dedup_key))).to.deep.equal(new Set(['cxone-gitops:rolled-back:c-1']));
    const trigger = events[0] as { payload: { severity: string; component: string; group: string; class: string; timestamp: string } };
    expect(trigger.payload).to.include({ severity: 'critical', component: 'spring_renewals-*2*', group: 'retention', class: 'rolled-back' });
    expect(Date.parse(trigger.payload.timestamp)).to.equal(Date.parse(incident.openedAt));
    expect(receiver.received[0]!.path).to.equal('/hook');
  });

  it('says a heal in one message on every sink: webhook, Slack, Teams, and a PagerDuty Change Event that pages nobody', async () => {
    receiver.behaviour.status = 202;
    const base = receiver.url.replace(/\/hook$/, '');
    const sinks = defaultSinks({ webhookUrl: `${base}/webhook`, slackWebhookUrl: `${base}/slack`, teamsWebhookUrl: `${base}/teams`, pagerDutyRoutingKey: ROUTING_KEY, pagerDutyEventsUrl: `${base}/v2/enqueue` });
    const alerts = createAlertDispatcher({ defaultSinks: sinks, lookup: () => undefined, log: silentLogger });
    const healed: Incident = {
      ...incident,
      key: 'drift:c-1:parameterWeights.predictive_factor',
      kind: 'drift',
      campaign: 'solar-leads',
      summary: 'solar-leads was changed outside Git by ui:jane.doe',
      drift: { fields: [{ field: 'parameterWeights.predictive_factor', git: -0.1, live: 0.12 }], modifiedBy: 'ui:jane.doe', action: 'healed' },
    };
    alerts.dispatch([{ event: 'healed', incident: healed }], []);
    await alerts.idle();
    const byPath = new Map(receiver.received.map((request) => [request.path, JSON.parse(request.body) as Record<string, unknown>]));
    expect([...receiver.received.map((request) => request.path)].sort(), 'one message per sink').to.deep.equal(['/slack', '/teams', '/v2/change/enqueue', '/webhook']);
    const line = 'healed: ui:jane.doe changed solar-leads predictive_factor from -0.1 to 0.12; put back';
    expect((byPath.get('/webhook') as { event: string; text: string }).event).to.equal('healed');
    expect((byPath.get('/slack') as { text: string }).text.split('\n')[0]).to.equal(`✅ ${line}`);
    const change = byPath.get('/v2/change/enqueue') as { routing_key: string; event_action?: string; payload: { summary: string } };
    expect(change.routing_key).to.equal(ROUTING_KEY);
    expect(change.event_action, 'a change event, not a trigger').to.equal(undefined);
    expect(change.payload.summary).to.equal(line);
    const card = byPath.get('/teams')!;
    expectValid(teamsMessage, card);
    const title = (card as { attachments: Array<{ content: { body: Array<{ text?: string }> } }> }).attachments[0]!.content.body[0]!.text;
    expect(title).to.equal(escapeTeamsText(`Healed: ${line.slice('healed: '.length)}`));
  });

  it('does not retry an event PagerDuty refuses as invalid (400), and retries one it rate-limits (429)', async () => {
    const outcomes: string[] = [];
    const make = () =>
      createAlertDispatcher({
        defaultSinks: defaultSinks({ pagerDutyRoutingKey: ROUTING_KEY, pagerDutyEventsUrl: receiver.url }),
        lookup: () => undefined,
        log: silentLogger,
        attempts: 3,
        minBackoffMs: 10,
        onDelivery: (_sink, outcome) => outcomes.push(outcome),
      });
    receiver.behaviour.status = 400;
    const refused = make();
    refused.dispatch([lifecycle[0]!], []);
    await refused.idle();
    expect(receiver.received, 'one attempt').to.have.length(1);
    expect(outcomes).to.deep.equal(['failed']);
    receiver.behaviour.status = 429;
    outcomes.length = 0;
    const limited = make();
    limited.dispatch([lifecycle[0]!], []);
    await limited.idle();
    expect(receiver.received.length - 1, 'three attempts').to.equal(3);
    expect(outcomes).to.deep.equal(['retried', 'retried', 'failed']);
  });

  it('sends Teams an Adaptive Card message valid against the documented shape, with names and reasons escaped', async () => {
    const alerts = createAlertDispatcher({ defaultSinks: defaultSinks({ teamsWebhookUrl: receiver.url }), lookup: () => undefined, log: silentLogger });
    alerts.dispatch([lifecycle[0]!, lifecycle[2]!], []);
    await alerts.idle();
    const messages = bodies();
    expect(messages).to.have.length(2);
    for (const message of messages) expectValid(teamsMessage, message);
    const card = (messages[0] as { attachments: Array<{ content: { body: Array<{ type: string; text?: string; color?: string; facts?: Array<{ title: string; value: string }> }> } }> }).attachments[0]!.content;
    const title = card.body[0]!;
    expect(title.color).to.equal('Attention');
    expect(title.text).to.include('spring\\_renewals\\-\\*2\\*').and.include('\\[see\\]\\(http://evil\\.example\\)');
    expect(card.body[1]!.facts).to.deep.include({ title: 'Team', value: 'retention' });
    const resolved = (messages[1] as { attachments: Array<{ content: { body: Array<{ color?: string; text?: string }> } }> }).attachments[0]!.content.body[0]!;
    expect(resolved.color).to.equal('Good');
    expect(resolved.text).to.match(/^Resolved: /);
  });

  it('routes by label to PagerDuty, Teams and Alertmanager sinks named by environment variable', async () => {
    receiver.behaviour.status = 202;
    const env: Record<string, string> = { RETENTION_PD_KEY: ROUTING_KEY, RETENTION_PD_URL: receiver.url, RETENTION_TEAMS: `${receiver.url}/teams` };
    const alerts = createAlertDispatcher({ defaultSinks: [], lookup: (name) => env[name], log: silentLogger });
    alerts.dispatch(
      [lifecycle[0]!],
      [{ matchLabels: { team: 'retention' }, sinks: [{ kind: 'pagerduty', routingKeyEnv: 'RETENTION_PD_KEY', urlEnv: 'RETENTION_PD_URL' }, { kind: 'teams', urlEnv: 'RETENTION_TEAMS' }] }],
    );
    await alerts.idle();
    expect(receiver.received.map((request) => request.path).sort()).to.deep.equal(['/hook', '/hook/teams']);
    expectValid(pagerDutyEvent, JSON.parse(receiver.received.find((request) => request.path === '/hook')!.body));
  });
});
