import { expect } from 'chai';
import { createCxoneClient, type CxoneClient, type CxoneClientOptions } from '../../../controller/adapters/cxone/cxone-client.js';
import {
  isCxoneAuthError,
  isCxoneCircuitOpenError,
  isCxoneConflictError,
  isCxoneForbiddenError,
  isCxoneNotFoundError,
  isCxoneResponseError,
  isCxoneTransientError,
  isCxoneValidationError,
} from '../../../controller/adapters/cxone/cxone-errors.js';
import { isConflictError, isStalledError, isTransientError, isWaitingError } from '../../../controller/domain/errors.js';
import { DEFAULT_CLIENT, startEmulator, type RunningEmulator } from '../../../emulator/emulator-server.js';
import { generateCampaigns } from '../../../emulator/generated-campaigns.js';
import { SCOPES, type RequestLogEntry } from '../../../emulator/types.js';
import { CAMPAIGN_ID, sampleCampaign, sampleSettings } from '../../support/campaign-fixtures.js';
import { httpRequest } from '../../support/http-request.js';
import { waitFor } from '../../support/wait-for.js';

async function caught(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the call to fail');
}

describe('CXone client against the emulator', () => {
  let emulator: RunningEmulator;
  let emulatorNow: number;

  const requests = (filter: (entry: RequestLogEntry) => boolean = () => true) => emulator.context.requests.query({}).filter(filter);
  const client = (options: Partial<CxoneClientOptions> = {}): CxoneClient =>
    createCxoneClient({ baseUrl: emulator.url, clientId: DEFAULT_CLIENT.clientId, clientSecret: DEFAULT_CLIENT.clientSecret, ratePerMinute: 0, minBackoffMs: 10, ...options });

  beforeEach(async () => {
    emulatorNow = Date.now();
    emulator = await startEmulator({
      rateLimitPerMinute: 0,
      now: () => emulatorNow,
      campaigns: [sampleCampaign(), ...generateCampaigns(24, 3)],
      clients: [{ ...DEFAULT_CLIENT }, { clientId: 'reader', clientSecret: 'reader-secret', scopes: [SCOPES.read] }],
    });
  });
  afterEach(() => emulator.close());

  it('lists every campaign with one request per page', async () => {
    const campaigns = await client({ pageSize: 10 }).listCampaigns();
    expect(campaigns).to.have.length(25);
    expect(new Set(campaigns.map((c) => c.id)).size).to.equal(25);
    expect(requests((e) => e.path === '/api/v2/outbound/campaigns')).to.have.length(3);
  });

  it('shares one token request among concurrent callers and reuses it', async () => {
    const api = client();
    await Promise.all(Array.from({ length: 10 }, () => api.getCampaign(CAMPAIGN_ID)));
    await api.getCampaign(CAMPAIGN_ID);
    expect(requests((e) => e.path === '/api/v2/oauth/token')).to.have.length(1);
    expect(api.health().tokenRequests).to.equal(1);
  });

  it('refreshes an expired token once on a 401 and goes on', async () => {
    const api = client();
    await api.getCampaign(CAMPAIGN_ID);
    emulatorNow += 3_601_000; // the emulator's token expires; the client's cache still holds it
    const campaign = await api.getCampaign(CAMPAIGN_ID);
    expect(campaign.id).to.equal(CAMPAIGN_ID);
    expect(requests((e) => e.path === '/api/v2/oauth/token')).to.have.length(2);
    expect(requests((e) => e.status === 401)).to.have.length(1);
  });

  it('fails with an auth error naming what to set, never the secret', async () => {
    const error = await caught(client({ clientSecret: 'wrong-secret-value' }).listCampaigns());
    expect(isCxoneAuthError(error)).to.equal(true);
    expect(isStalledError(error)).to.equal(true);
    expect(error.message).to.include('CXONE_CLIENT_SECRET').and.include('POST /api/v2/oauth/token');
    expect(error.message).to.not.include('wrong-secret-value');
  });

  it('reports the missing scope on a 403', async () => {
    const api = client({ clientId: 'reader', clientSecret: 'reader-secret' });
    const error = await caught(api.updateCampaign(CAMPAIGN_ID, { predictiveDialerSettings: sampleSettings() }, 1));
    expect(isCxoneForbiddenError(error)).to.equal(true);
    expect((error as { missingScope?: string }).missingScope).to.equal(SCOPES.write);
    expect(error.message).to.include(`PUT /api/v2/outbound/campaigns/${CAMPAIGN_ID} (campaign ${CAMPAIGN_ID})`);
    expect(error.message.split(SCOPES.write), 'the scope is named once').to.have.length(2);
  });

  it('sends the planned version and turns a stale one into a conflict, never retrying the PUT', async () => {
    const api = client();
    const updated = await api.updateCampaign(CAMPAIGN_ID, { predictiveDialerSettings: sampleSettings({ call_rate: 0.1 }) }, 1);
    expect(updated.version).to.equal(2);
    const error = await caught(api.updateCampaign(CAMPAIGN_ID, { predictiveDialerSettings: sampleSettings({ call_rate: 0.2 }) }, 1));
    expect(isCxoneConflictError(error)).to.equal(true);
    expect(isConflictError(error)).to.equal(true);
    expect(error.message).to.match(/fetch the latest version and re-plan/);
    expect(requests((e) => e.method === 'PUT')).to.have.length(2);
  });

  it('passes the server message of a 400 and reports a 404', async () => {
    const api = client();
    const invalid = await caught(api.updateCampaign(CAMPAIGN_ID, { predictiveDialerSettings: sampleSettings({ answer_rate: 3 }) }, 1));
    expect(isCxoneValidationError(invalid)).to.equal(true);
    expect(invalid.message).to.match(/answer_rate must be between -1 and 1/);
    const missing = await caught(api.getCampaign('no-such-campaign'));
    expect(isCxoneNotFoundError(missing)).to.equal(true);
  });

  it('retries a GET through 5xx answers and dropped connections', async () => {
    await httpRequest(`${emulator.url}/emulator/faults`, { method: 'POST', body: { errorRate: 0.3, dropRate: 0.2 } });
    const api = client({ retries: 8 });
    for (let i = 0; i < 5; i += 1) expect((await api.getCampaign(CAMPAIGN_ID)).id).to.equal(CAMPAIGN_ID);
    expect(requests((e) => e.status >= 500 || e.status === 0).length).to.be.above(0);
  });

  it('does not retry a PUT after a 5xx: the reconciler re-observes instead', async () => {
    const api = client();
    await api.authenticate();
    await httpRequest(`${emulator.url}/emulator/faults`, { method: 'POST', body: { errorRate: 1 } });
    const error = await caught(api.updateCampaign(CAMPAIGN_ID, { predictiveDialerSettings: sampleSettings() }, 1));
    expect(isCxoneTransientError(error)).to.equal(true);
    expect(isTransientError(error)).to.equal(true);
    expect(requests((e) => e.method === 'PUT')).to.have.length(1);
  });

  it('waits out a 429 Retry-After before the next request', async () => {
    const answers: Array<{ status: number; at: number }> = [];
    const api = client({ onResponse: ({ status }) => answers.push({ status, at: Date.now() }) });
    await api.authenticate();
    await httpRequest(`${emulator.url}/emulator/faults`, { method: 'POST', body: { extra429Rate: 1 } });
    const pending = api.getCampaign(CAMPAIGN_ID);
    await waitFor(() => answers.some((a) => a.status === 429), { what: 'a 429' });
    await httpRequest(`${emulator.url}/emulator/faults`, { method: 'POST', body: { extra429Rate: 0 } });
    expect((await pending).id).to.equal(CAMPAIGN_ID);
    const lastLimited = answers.filter((a) => a.status === 429).at(-1)!;
    const success = answers.at(-1)!;
    expect(success.status).to.equal(200);
    // The emulator's extra 429s say Retry-After: 1; the success came at least that much later.
    expect(success.at - lastLimited.at).to.be.at.least(950);
  });

  it('keeps within its own budget so the server never answers 429', async function () {
    this.timeout(20_000);
    await httpRequest(`${emulator.url}/emulator/faults`, { method: 'POST', body: { rateLimitPerMinute: 1200 } });
    const api = client({ ratePerMinute: 1200 });
    const started = Date.now();
    await Promise.all(Array.from({ length: 230 }, () => api.getCampaign(CAMPAIGN_ID)));
    expect(requests((e) => e.status === 429)).to.have.length(0);
    // 1200/min allows a burst of 200, then 20 a second: the last 31 requests (token included) take over 1.2 s.
    expect(Date.now() - started).to.be.at.least(1_200);
  });

  it('opens the circuit after repeated failures and stops calling until it closes', async () => {
    await httpRequest(`${emulator.url}/emulator/faults`, { method: 'POST', body: { errorRate: 1 } });
    const api = client({ retries: 0, circuit: { failureThreshold: 3, cooldownMs: 60_000 } });
    await api.authenticate().catch(() => undefined);
    for (let i = 0; i < 3; i += 1) await caught(api.getCampaign(CAMPAIGN_ID));
    const before = requests().length;
    const error = await caught(api.getCampaign(CAMPAIGN_ID));
    expect(isCxoneCircuitOpenError(error)).to.equal(true);
    expect(isWaitingError(error)).to.equal(true);
    expect(error.message).to.match(/circuit is open after repeated failures \(the last: .*HTTP 5\d\d/);
    expect(api.health().circuit).to.equal('open');
    expect(requests().length, 'no request while open').to.equal(before);
  });

  it('rejects an answer that does not match the contract', async () => {
    const api = client({
      fetch: async (input, init) => {
        const url = String(input instanceof Request ? input.url : input);
        if (url.includes('/oauth/token')) return fetch(input, init);
        return new Response(JSON.stringify({ id: CAMPAIGN_ID, name: 'x', version: 'seven' }), { status: 200, headers: { 'content-type': 'application/json' } });
      },
    });
    const error = await caught(api.getCampaign(CAMPAIGN_ID));
    expect(isCxoneResponseError(error)).to.equal(true);
    expect(error.message).to.match(/predictiveDialerSettings|version/);
  });

  it('creates, lists and deletes webhooks and runs a simulation to completion', async () => {
    const api = client();
    const hook = await api.createWebhook({ name: 'ml', url: 'http://127.0.0.1:9/ml', events: ['campaign.predictive.tuned'], enabled: true, httpMethod: 'POST' });
    expect((await api.listWebhooks()).map((w) => w.id)).to.deep.equal([hook.id]);
    await api.deleteWebhook(hook.id);
    expect(await api.listWebhooks()).to.deep.equal([]);
    const started = await api.startSimulation({ campaignId: CAMPAIGN_ID, simulationType: 'predictive_weight_validation', durationSeconds: 120 });
    const done = await waitFor(async () => {
      const simulation = await api.getSimulation(started.id);
      return simulation.status === 'running' ? undefined : simulation;
    });
    expect(done.status).to.equal('completed');
    expect(done.result!.abandonRateUpper95).to.be.within(0, 1);
  });
});
