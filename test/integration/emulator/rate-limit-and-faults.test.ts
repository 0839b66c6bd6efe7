import { expect } from 'chai';
import { startEmulator, type RunningEmulator } from '../../../emulator/emulator-server.js';
import { CAMPAIGN_ID, sampleCampaign, sampleSettings } from '../../support/campaign-fixtures.js';
import { openSession, type ApiSession } from '../../support/emulator-session.js';
import { httpRequest } from '../../support/http-request.js';

describe('emulator: rate limit and injected faults', () => {
  let emulator: RunningEmulator;
  let api: ApiSession;

  afterEach(() => emulator.close());

  describe('with a limit of 5 requests per minute', () => {
    beforeEach(async () => {
      emulator = await startEmulator({ rateLimitPerMinute: 5, campaigns: [sampleCampaign()] });
      api = await openSession(emulator); // the token request takes one
    });

    it('answers 429 with Retry-After in whole seconds once the budget is spent', async () => {
      const statuses: number[] = [];
      let retryAfter: string | undefined;
      for (let i = 0; i < 6; i += 1) {
        const response = await api.call('GET', `/api/v2/outbound/campaigns/${CAMPAIGN_ID}`);
        statuses.push(response.status);
        if (response.status === 429) retryAfter = response.headers['retry-after'] as string;
      }
      expect(statuses).to.deep.equal([200, 200, 200, 200, 429, 429]);
      expect(retryAfter).to.match(/^\d+$/);
      expect(Number(retryAfter)).to.be.within(1, 12);
    });

    it('keeps one budget per client id', async () => {
      await httpRequest(`${emulator.url}/emulator/clients`, { method: 'POST', body: { clientId: 'other', clientSecret: 's', scopes: ['outbound:campaign:read'] } });
      for (let i = 0; i < 4; i += 1) await api.call('GET', `/api/v2/outbound/campaigns/${CAMPAIGN_ID}`);
      expect((await api.call('GET', `/api/v2/outbound/campaigns/${CAMPAIGN_ID}`)).status).to.equal(429);
      const other = await httpRequest<{ access_token: string }>(`${emulator.url}/api/v2/oauth/token`, {
        method: 'POST',
        body: { grant_type: 'client_credentials', client_id: 'other', client_secret: 's' },
      });
      const response = await httpRequest(`${emulator.url}/api/v2/outbound/campaigns/${CAMPAIGN_ID}`, { headers: { authorization: `Bearer ${other.body.access_token}` } });
      expect(response.status).to.equal(200);
    });

    it('changes the limit at run time', async () => {
      await api.admin('POST', '/emulator/faults', { rateLimitPerMinute: 0 });
      for (let i = 0; i < 20; i += 1) expect((await api.call('GET', `/api/v2/outbound/campaigns/${CAMPAIGN_ID}`)).status).to.equal(200);
    });
  });

  describe('with faults injected', () => {
    beforeEach(async () => {
      emulator = await startEmulator({ rateLimitPerMinute: 0, campaigns: [sampleCampaign()] });
      api = await openSession(emulator);
    });

    it('answers 5xx at the error rate', async () => {
      await api.admin('POST', '/emulator/faults', { errorRate: 1 });
      const response = await api.call('GET', `/api/v2/outbound/campaigns/${CAMPAIGN_ID}`);
      expect([500, 502, 503]).to.include(response.status);
    });

    it('answers extra 429s with Retry-After: 1', async () => {
      await api.admin('POST', '/emulator/faults', { extra429Rate: 1 });
      const response = await api.call('GET', `/api/v2/outbound/campaigns/${CAMPAIGN_ID}`);
      expect(response.status).to.equal(429);
      expect(response.headers['retry-after']).to.equal('1');
    });

    it('resets the connection at the drop rate, and logs it', async () => {
      await api.admin('POST', '/emulator/faults', { dropRate: 1 });
      let failure: unknown;
      await api.call('GET', `/api/v2/outbound/campaigns/${CAMPAIGN_ID}`).catch((error: unknown) => {
        failure = error;
      });
      expect(failure).to.be.instanceOf(Error);
      expect((failure as NodeJS.ErrnoException).code).to.match(/ECONNRESET|EPIPE|socket hang up/i);
      const log = await api.admin<{ entries: Array<{ status: number }> }>('GET', '/emulator/requests?path=/api/v2/outbound');
      expect(log.body.entries.at(-1)!.status).to.equal(0);
    });

    it('answers spurious 409s to version-carrying PUTs at the conflict rate', async () => {
      await api.admin('POST', '/emulator/faults', { conflictRate: 1 });
      const withVersion = await api.call('PUT', `/api/v2/outbound/campaigns/${CAMPAIGN_ID}`, { version: 1, predictiveDialerSettings: sampleSettings() });
      expect(withVersion.status).to.equal(409);
      const withoutVersion = await api.call('PUT', `/api/v2/outbound/campaigns/${CAMPAIGN_ID}`, { predictiveDialerSettings: sampleSettings() });
      expect(withoutVersion.status).to.equal(200);
    });

    it('delays every API request by the injected latency', async () => {
      await api.admin('POST', '/emulator/faults', { latencyMs: 150 });
      const started = Date.now();
      await api.call('GET', `/api/v2/outbound/campaigns/${CAMPAIGN_ID}`);
      expect(Date.now() - started).to.be.at.least(140);
    });

    it('refuses unknown faults and out-of-range rates', async () => {
      const response = await api.admin<{ details: string[] }>('POST', '/emulator/faults', { errorRate: 2, meteorStrike: 1 });
      expect(response.status).to.equal(400);
      expect(response.body.details.join('\n')).to.match(/errorRate must be between 0 and 1/).and.match(/meteorStrike is not a known fault/);
    });
  });
});
