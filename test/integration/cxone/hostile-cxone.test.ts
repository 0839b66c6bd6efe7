/**
 * The CXone gateway against a hostile server in front of the emulator (issue 10, "The CXone
 * connection"): redirects that would resend the client secret, bodies that drip or never end,
 * absurd Retry-After delays, lying page counts and unknown live fields.
 */
import { expect } from 'chai';
import { createCxoneClient, type CxoneClientOptions } from '../../../controller/adapters/cxone/cxone-client.js';
import { isCxoneLimitError, isCxoneRateLimitedError, isCxoneRedirectError, isCxoneTransientError } from '../../../controller/adapters/cxone/cxone-errors.js';
import { DEFAULT_CLIENT, startEmulator, type RunningEmulator } from '../../../emulator/emulator-server.js';
import { generateCampaigns } from '../../../emulator/generated-campaigns.js';
import { READ_AFRESH } from '../../../controller/reconcile/observe-phase.js';
import { tutorialTarget } from '../../../controller/reconcile/reconcile-target.js';
import { CAMPAIGN_ID, sampleCampaign } from '../../support/campaign-fixtures.js';
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

describe('the CXone gateway against a hostile server', () => {
  let emulator: RunningEmulator;
  let hostile: HostileServer;
  let elsewhere: WebhookReceiver;
  const client = (options: Partial<CxoneClientOptions> = {}) =>
    createCxoneClient({ baseUrl: hostile.url, clientId: DEFAULT_CLIENT.clientId, clientSecret: DEFAULT_CLIENT.clientSecret, ratePerMinute: 0, minBackoffMs: 10, retries: 1, ...options });

  beforeEach(async () => {
    emulator = await startEmulator({ rateLimitPerMinute: 0, campaigns: [sampleCampaign(), ...generateCampaigns(4, 3)] });
    hostile = await startHostileServer(emulator.url);
    elsewhere = await startWebhookReceiver();
  });
  afterEach(async () => {
    await hostile.close();
    await elsewhere.close();
    await emulator.close();
  });

  for (const status of [307, 308]) {
    it(`never resends the client secret to another origin after a ${status} on the token request, and says so`, async () => {
      hostile.mischief = (request, response) => {
        if (!request.path.startsWith('/api/v2/oauth/token')) return false;
        response.writeHead(status, { location: `${elsewhere.url}/steal` }).end();
        return true;
      };
      const error = await caught(client().getCampaign(CAMPAIGN_ID));
      expect(elsewhere.received, 'nothing reached the other host').to.deep.equal([]);
      expect(isCxoneRedirectError(error), error.message).to.equal(true);
      expect(error.message).to.include(`answered ${status} redirecting to`).and.include('not followed').and.include('credentials');
      expect(error.message).to.not.include(DEFAULT_CLIENT.clientSecret);
    });
  }

  it('never follows an API redirect to another origin (the bearer token stays home)', async () => {
    hostile.mischief = (request, response) => {
      if (!request.path.startsWith('/api/v2/outbound/campaigns/')) return false;
      response.writeHead(302, { location: `${elsewhere.url}/campaign` }).end();
      return true;
    };
    const error = await caught(client().getCampaign(CAMPAIGN_ID));
    expect(elsewhere.received).to.deep.equal([]);
    expect(isCxoneRedirectError(error), error.message).to.equal(true);
    expect(error.message).to.include('another origin');
  });

  it('times out the whole exchange when the body drips one byte every 2 s', async () => {
    hostile.mischief = (request, response, upstream) => {
      if (!request.path.startsWith('/api/v2/outbound/campaigns/')) return false;
      void upstream().then((answer) => {
        response.writeHead(200, { 'content-type': 'application/json' });
        drip(response, answer.body, 2000);
      });
      return true;
    };
    const started = Date.now();
    const error = await caught(client({ timeoutMs: 1500, retries: 0 }).getCampaign(CAMPAIGN_ID));
    expect(isCxoneTransientError(error), error.message).to.equal(true);
    expect(error.message, error.message).to.include("the answer's body did not finish within 1500 ms");
    expect(Date.now() - started).to.be.below(5000);
  });

  it('stops reading an answer over the body size limit and says which limit', async () => {
    hostile.mischief = (request, response) => {
      if (!request.path.startsWith('/api/v2/outbound/campaigns?')) return false;
      response.writeHead(200, { 'content-type': 'application/json' });
      const chunk = 'x'.repeat(64 * 1024);
      response.write('{"entities":["');
      let sent = 0;
      const more = (): void => {
        while (sent < 400 && !response.destroyed) {
          sent += 1;
          if (!response.write(chunk)) return void response.once('drain', more);
        }
        if (!response.destroyed) response.end('"]}');
      };
      more();
      return true;
    };
    const error = await caught(client({ maxResponseBytes: 1024 * 1024 }).listCampaigns());
    expect(isCxoneLimitError(error), error.message).to.equal(true);
    expect(error.message).to.include('over the limit of 1048576 bytes (CXONE_MAX_RESPONSE_BYTES)');
  });

  it('caps an absurd Retry-After, opens the circuit, and never overflows a timer', async () => {
    const warnings: Error[] = [];
    const onWarning = (warning: Error): void => void warnings.push(warning);
    process.on('warning', onWarning);
    try {
      hostile.mischief = (request, response) => {
        if (!request.path.startsWith('/api/v2/outbound/campaigns/')) return false;
        response.writeHead(429, { 'retry-after': '999999999', 'content-type': 'application/json' }).end('{"message":"slow down"}');
        return true;
      };
      const api = client({ retries: 0, maxRetryAfterMs: 300_000 });
      const error = await caught(api.getCampaign(CAMPAIGN_ID));
      expect(isCxoneRateLimitedError(error), error.message).to.equal(true);
      expect((error as { retryAfterMs?: number }).retryAfterMs).to.equal(300_000);
      expect(api.health().circuit).to.equal('open');
      // A second caller is refused by the open circuit at once instead of spinning on a 1 ms timer.
      const before = hostile.seen.length;
      await caught(api.getCampaign(CAMPAIGN_ID));
      expect(hostile.seen.length).to.equal(before);
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings.filter((w) => w.name === 'TimeoutOverflowWarning')).to.deep.equal([]);
    } finally {
      process.off('warning', onWarning);
    }
  });

  it('reads the pages that total makes, not a million that pageCount claims', async () => {
    hostile.mischief = (request, response, upstream) => {
      if (!request.path.startsWith('/api/v2/outbound/campaigns?')) return false;
      void upstream().then((answer) => {
        const page = JSON.parse(answer.body) as Record<string, unknown>;
        response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ...page, pageCount: 1_000_000 }));
      });
      return true;
    };
    const campaigns = await client({ pageSize: 2 }).listCampaigns();
    expect(campaigns).to.have.length(5);
    expect(hostile.seen.filter((r) => r.path.startsWith('/api/v2/outbound/campaigns?'))).to.have.length(3);
  });

  it('refuses a listing whose total needs more pages than the limit, naming the limit', async () => {
    hostile.mischief = (request, response, upstream) => {
      if (!request.path.startsWith('/api/v2/outbound/campaigns?')) return false;
      void upstream().then((answer) => {
        const page = JSON.parse(answer.body) as Record<string, unknown>;
        response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ...page, total: 1_000_000_000, pageCount: 1_000_000 }));
      });
      return true;
    };
    const error = await caught(client({ pageSize: 2, maxListPages: 50 }).listCampaigns());
    expect(isCxoneLimitError(error), error.message).to.equal(true);
    expect(error.message).to.include('over the limit of 50 pages (CXONE_MAX_LIST_PAGES)');
    expect(hostile.seen.filter((r) => r.path.startsWith('/api/v2/outbound/campaigns?'))).to.have.length(1);
  });

  it('tolerates and drops unknown live fields, and still validates its own strictly', async () => {
    let profile: Record<string, unknown> = { agents: 12, newNumericKnob: 7, mode: 'turbo' };
    hostile.mischief = (request, response, upstream) => {
      if (!request.path.startsWith(`/api/v2/outbound/campaigns/${CAMPAIGN_ID}`)) return false;
      void upstream().then((answer) => {
        const campaign = JSON.parse(answer.body) as Record<string, unknown>;
        response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ...campaign, operatingProfile: profile, somethingNew: { nested: true } }));
      });
      return true;
    };
    const campaign = await client().getCampaign(CAMPAIGN_ID);
    expect(campaign.operatingProfile).to.deep.equal({ agents: 12 });
    profile = { agents: 'twelve' };
    const error = await caught(client().getCampaign(CAMPAIGN_ID));
    expect(error.message).to.include('agents');
  });

  it('reads every other campaign of a page that holds an invalid one (a version past 2^53), names it, and has its reconcile read it afresh', async () => {
    const UNSAFE = '1152921504606846977'; // 2^60 + 1: a double cannot hold it, so it must not be sent back rounded
    let unsafeId = '';
    hostile.mischief = (request, response, upstream) => {
      if (!request.path.startsWith('/api/v2/outbound/campaigns')) return false;
      void upstream().then((answer) => {
        const body = JSON.parse(answer.body) as { entities?: Array<Record<string, unknown>> } & Record<string, unknown>;
        if (body.entities) {
          unsafeId = String(body.entities[0]!.id);
          body.entities[0]!.version = 'UNSAFE';
          body.entities[1] = { ...body.entities[1], name: 42 };
        } else if (body.id === unsafeId) {
          body.version = 'UNSAFE';
        }
        // The version as CXone would write it: digits a double cannot hold.
        const text = JSON.stringify(body).replace('"UNSAFE"', UNSAFE);
        response.writeHead(200, { 'content-type': 'application/json' }).end(text);
      });
      return true;
    };
    const invalid: Array<{ id?: string; problem: string }> = [];
    const campaigns = await client().listCampaigns({ onInvalid: (entity) => invalid.push(entity) });
    expect(campaigns, 'the other three are read').to.have.length(3);
    expect(campaigns.map((campaign) => campaign.id)).to.not.include(unsafeId);
    expect(invalid).to.have.length(2);
    expect(invalid[0]).to.include({ id: unsafeId });
    expect(invalid[0]!.problem).to.include('/version must be <= 9007199254740991');
    expect(invalid[1]!.problem).to.include('/name must be string');
    const swept = await tutorialTarget(client()).sweep();
    expect(swept.get(unsafeId), 'its reconcile reads it afresh instead of from a cache').to.equal(READ_AFRESH);
    const error = await caught(client().getCampaign(unsafeId));
    expect(error.message).to.include('/version must be <= 9007199254740991');
  });
});
