/** The one outbound HTTP client, and the alert sinks and ML monitor that go through it. */
import { expect } from 'chai';
import { webhookSink } from '../../../controller/adapters/alerts/alert-sinks.js';
import { alertPayload } from '../../../controller/adapters/alerts/alert-message.js';
import { OutboundRedirectError, OutboundTimeoutError } from '../../../controller/adapters/outbound/outbound-errors.js';
import { sendOutbound } from '../../../controller/adapters/outbound/outbound-http.js';
import type { Incident } from '../../../controller/domain/incidents.js';
import { drip, startHostileServer, type HostileServer } from '../../support/hostile-server.js';
import { startWebhookReceiver, type WebhookReceiver } from '../../support/webhook-receiver.js';

async function caught(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the call to fail');
}

const incident = { key: 'k', kind: 'failed', campaign: 'c', campaignId: 'id', labels: {}, summary: 's', openedAt: '2026-11-24T12:00:00.000Z', lastNotifiedAt: '2026-11-24T12:00:00.000Z', reminders: 0 } as unknown as Incident;

describe('the outbound HTTP client', () => {
  let receiver: WebhookReceiver;
  let hostile: HostileServer;
  beforeEach(async () => {
    receiver = await startWebhookReceiver();
    hostile = await startHostileServer(receiver.url.replace(/\/hook$/, ''));
  });
  afterEach(async () => {
    await hostile.close();
    await receiver.close();
  });

  it('follows a same-origin redirect and keeps the method and body of a 307', async () => {
    hostile.mischief = (request, response) => {
      if (request.path !== '/old') return false;
      response.writeHead(307, { location: '/hook' }).end();
      return true;
    };
    const answer = await sendOutbound({ method: 'POST', url: `${hostile.url}/old`, body: '{"a":1}', headers: { 'content-type': 'application/json' }, timeoutMs: 5000 });
    expect(answer.status).to.equal(200);
    expect(receiver.received.map((r) => [r.method, r.path, r.body])).to.deep.equal([['POST', '/hook', '{"a":1}']]);
  });

  it('refuses a redirect from https down to http, naming why', async () => {
    const fake = async (): Promise<Response> => new Response(null, { status: 308, headers: { location: 'http://cxone.example.com/api' } });
    const error = await caught(sendOutbound({ method: 'GET', url: 'https://cxone.example.com/api', timeoutMs: 1000, fetch: fake }));
    expect(error).to.be.instanceOf(OutboundRedirectError);
    expect(error.message).to.include('from https down to plain http');
  });

  it('an alert sink never follows a redirect to another origin, and the receiver there sees nothing', async () => {
    const elsewhere = await startWebhookReceiver();
    try {
      hostile.mischief = (_request, response) => {
        response.writeHead(308, { location: elsewhere.url }).end();
        return true;
      };
      const error = await caught(webhookSink(`${hostile.url}/hook`, 'sink-secret').send(alertPayload({ event: 'opened', incident })));
      expect(error.message).to.include('not followed');
      expect(elsewhere.received).to.deep.equal([]);
    } finally {
      await elsewhere.close();
    }
  });

  it('times out a sink that drips its answer, within the deadline of the whole exchange', async () => {
    hostile.mischief = (_request, response) => {
      response.writeHead(200, { 'content-type': 'text/plain' });
      drip(response, 'ok'.repeat(50), 2000);
      return true;
    };
    const started = Date.now();
    const error = await caught(sendOutbound({ method: 'POST', url: `${hostile.url}/hook`, body: '{}', timeoutMs: 800 }));
    expect(error).to.be.instanceOf(OutboundTimeoutError);
    expect((error as OutboundTimeoutError).phase).to.equal('body');
    expect(Date.now() - started).to.be.below(3000);
  });
});
