import { expect } from 'chai';
import { startEmulator, type RunningEmulator } from '../../../emulator/emulator-server.js';
import { SCOPES } from '../../../emulator/types.js';
import { sampleCampaign, CAMPAIGN_ID, sampleSettings } from '../../support/campaign-fixtures.js';
import { fetchToken } from '../../support/emulator-session.js';
import { httpRequest } from '../../support/http-request.js';

describe('emulator: OAuth2 client credentials and scopes', () => {
  let emulator: RunningEmulator;
  let now = Date.parse('2026-01-01T00:00:00Z');

  before(async () => {
    emulator = await startEmulator({
      now: () => now,
      tokenTtlSeconds: 60,
      campaigns: [sampleCampaign()],
      clients: [
        { clientId: 'full', clientSecret: 'full-secret', scopes: Object.values(SCOPES) },
        { clientId: 'reader', clientSecret: 'reader-secret', scopes: [SCOPES.read] },
      ],
    });
  });
  after(() => emulator.close());

  const tokenUrl = () => `${emulator.url}/api/v2/oauth/token`;
  const form = (fields: Record<string, string>) => ({
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  });

  it('issues a bearer token for a form body as the tutorial sends it', async () => {
    const response = await httpRequest<Record<string, unknown>>(tokenUrl(), form({ grant_type: 'client_credentials', client_id: 'full', client_secret: 'full-secret' }));
    expect(response.status).to.equal(200);
    expect(response.body).to.include({ token_type: 'Bearer', expires_in: 60 });
    expect(response.body.access_token).to.be.a('string').with.length.above(20);
    expect(String(response.body.scope).split(' ')).to.have.members(Object.values(SCOPES));
  });

  it('accepts a JSON body and HTTP Basic credentials', async () => {
    const json = await httpRequest(tokenUrl(), { method: 'POST', body: { grant_type: 'client_credentials', client_id: 'full', client_secret: 'full-secret' } });
    expect(json.status).to.equal(200);
    const basic = await httpRequest(tokenUrl(), {
      method: 'POST',
      headers: { authorization: `Basic ${Buffer.from('reader:reader-secret').toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials',
    });
    expect(basic.status).to.equal(200);
    expect((basic.body as { scope: string }).scope).to.equal(SCOPES.read);
  });

  it('answers 401 invalid_client to a wrong secret or an unknown client', async () => {
    for (const fields of [
      { grant_type: 'client_credentials', client_id: 'full', client_secret: 'nope' },
      { grant_type: 'client_credentials', client_id: 'ghost', client_secret: 'full-secret' },
    ]) {
      const response = await httpRequest<{ error: string }>(tokenUrl(), form(fields));
      expect(response.status).to.equal(401);
      expect(response.body.error).to.equal('invalid_client');
    }
  });

  it('answers 400 to another grant type and to a scope the client was not granted', async () => {
    const grant = await httpRequest<{ error: string }>(tokenUrl(), form({ grant_type: 'password', client_id: 'full', client_secret: 'full-secret' }));
    expect(grant.status).to.equal(400);
    expect(grant.body.error).to.equal('unsupported_grant_type');
    const scope = await httpRequest<{ error: string }>(tokenUrl(), form({ grant_type: 'client_credentials', client_id: 'reader', client_secret: 'reader-secret', scope: SCOPES.write }));
    expect(scope.status).to.equal(400);
    expect(scope.body.error).to.equal('invalid_scope');
  });

  it('answers 401 to a missing, unknown or expired token', async () => {
    const url = `${emulator.url}/api/v2/outbound/campaigns`;
    expect((await httpRequest(url)).status).to.equal(401);
    expect((await httpRequest(url, { headers: { authorization: 'Bearer not-a-token' } })).status).to.equal(401);
    const token = await fetchToken(emulator, { clientId: 'full', clientSecret: 'full-secret' });
    expect((await httpRequest(url, { headers: { authorization: `Bearer ${token}` } })).status).to.equal(200);
    now += 61_000;
    const expired = await httpRequest<{ message: string }>(url, { headers: { authorization: `Bearer ${token}` } });
    expect(expired.status).to.equal(401);
    expect(expired.body.message).to.match(/expired/);
    expect(expired.headers['www-authenticate']).to.match(/^Bearer/);
  });

  it('answers 403 naming the missing scope', async () => {
    const token = await fetchToken(emulator, { clientId: 'reader', clientSecret: 'reader-secret' });
    const headers = { authorization: `Bearer ${token}` };
    expect((await httpRequest(`${emulator.url}/api/v2/outbound/campaigns/${CAMPAIGN_ID}`, { headers })).status).to.equal(200);
    const put = await httpRequest<{ message: string }>(`${emulator.url}/api/v2/outbound/campaigns/${CAMPAIGN_ID}`, {
      method: 'PUT',
      headers,
      body: { predictiveDialerSettings: sampleSettings() },
    });
    expect(put.status).to.equal(403);
    expect(put.body.message).to.include(SCOPES.write);
    const hooks = await httpRequest<{ message: string }>(`${emulator.url}/api/v2/webhooks`, { headers });
    expect(hooks.status).to.equal(403);
    expect(hooks.body.message).to.include(SCOPES.webhooks);
    const simulate = await httpRequest<{ message: string }>(`${emulator.url}/api/v2/outbound/campaigns/simulations`, {
      method: 'POST',
      headers,
      body: { campaignId: CAMPAIGN_ID, simulationType: 'predictive_weight_validation', durationSeconds: 60 },
    });
    expect(simulate.status).to.equal(403);
    expect(simulate.body.message).to.include(SCOPES.simulate);
  });
});
