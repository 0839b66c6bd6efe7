import { expect } from 'chai';
import { DEFAULT_ACCESS_KEY, DEFAULT_APPLICATION, DEFAULT_TENANT_ID, startCxoneEmulator, type RunningCxoneEmulator } from '../../../emulator/cxone/cxone-emulator-server.js';
import { createSelfSignedCertificate } from '../../../emulator/tls-certificate.js';
import { httpRequest, type TestResponse } from '../../support/http-request.js';

const BASIC = `Basic ${Buffer.from(`${DEFAULT_APPLICATION.clientId}:${DEFAULT_APPLICATION.clientSecret}`).toString('base64')}`;
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
const BASE = '/inContactAPI/services/v34.0';

type Json = Record<string, unknown>;

function tokenRequest(emulator: RunningCxoneEmulator, form: Record<string, string>, authorization = BASIC, ca?: string): Promise<TestResponse<Json>> {
  return httpRequest<Json>(`${emulator.url}/auth/token`, { method: 'POST', headers: { ...FORM, authorization }, body: new URLSearchParams(form).toString(), ca });
}

async function tokenOf(emulator: RunningCxoneEmulator, ca?: string): Promise<Json> {
  const response = await tokenRequest(emulator, { grant_type: 'password', username: DEFAULT_ACCESS_KEY.accessKeyId, password: DEFAULT_ACCESS_KEY.accessKeySecret }, BASIC, ca);
  expect(response.status, response.text).to.equal(200);
  return response.body;
}

describe('the cxone-dialect emulator', () => {
  let emulator: RunningCxoneEmulator;
  let token: string;
  const api = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<TestResponse<Json>> =>
    httpRequest<Json>(`${emulator.url}${BASE}${path}`, { method, body, headers: { authorization: `Bearer ${token}`, accept: 'application/json', ...headers } });

  beforeEach(async () => {
    emulator = await startCxoneEmulator({
      rateLimitPerMinute: 0,
      skills: [
        { skillId: 11, skillName: 'renewals', generalSettings: { maximumRatio: 2, aggressiveness: 'moderate' }, trueProfile: { agents: 30 } },
        { skillId: 12, skillName: 'inbound', isOutbound: false },
        { skillId: 13, skillName: 'winback' },
      ],
    });
    token = String((await tokenOf(emulator)).access_token);
  });
  afterEach(() => emulator.close());

  it('grants a token for an access key with Basic application credentials, not cached, carrying the tenantId claim', async () => {
    const response = await tokenRequest(emulator, { grant_type: 'password', username: DEFAULT_ACCESS_KEY.accessKeyId, password: DEFAULT_ACCESS_KEY.accessKeySecret });
    expect(response.headers['cache-control']).to.equal('no-store');
    expect(response.headers.pragma).to.equal('no-cache');
    expect(response.body).to.include.keys('access_token', 'token_type', 'refresh_token', 'expires_in', 'id_token');
    const claims = JSON.parse(Buffer.from(String(response.body.access_token).split('.')[1]!, 'base64url').toString()) as Json;
    expect(claims.tenantId).to.equal(DEFAULT_TENANT_ID);
  });

  it('answers a wrong access key secret and a wrong client secret with 400 and {error, error_description}', async () => {
    const badKey = await tokenRequest(emulator, { grant_type: 'password', username: DEFAULT_ACCESS_KEY.accessKeyId, password: 'wrong' });
    expect(badKey.status).to.equal(400);
    expect(badKey.body.error).to.equal('invalid_grant');
    expect(badKey.body.error_description).to.be.a('string');
    const badClient = await tokenRequest(emulator, { grant_type: 'password', username: DEFAULT_ACCESS_KEY.accessKeyId, password: DEFAULT_ACCESS_KEY.accessKeySecret }, `Basic ${Buffer.from('emulator-client:nope').toString('base64')}`);
    expect(badClient.body.error).to.equal('invalid_client');
    const unsupported = await tokenRequest(emulator, { grant_type: 'client_credentials' });
    expect(unsupported.body.error).to.equal('unsupported_grant_type');
  });

  it('exchanges a refresh token once for a new access token', async () => {
    const first = await tokenOf(emulator);
    const form = { grant_type: 'refresh_token', refresh_token: String(first.refresh_token), client_id: DEFAULT_APPLICATION.clientId };
    const refreshed = await tokenRequest(emulator, form);
    expect(refreshed.status).to.equal(200);
    expect(refreshed.body.access_token).to.not.equal(first.access_token);
    expect((await tokenRequest(emulator, form)).body.error).to.equal('invalid_grant');
  });

  it('serves discovery documents pointing at itself', async () => {
    const oidc = await httpRequest<Json>(`${emulator.url}/.well-known/openid-configuration`);
    expect(oidc.body.token_endpoint).to.equal(`${emulator.url}/auth/token`);
    const tenant = await httpRequest<Json>(`${emulator.url}/.well-known/cxone-configuration?tenantId=${DEFAULT_TENANT_ID}`);
    expect(tenant.body.api_endpoint).to.equal(emulator.url);
    expect((await httpRequest<Json>(`${emulator.url}/.well-known/cxone-configuration?tenantId=00000000-0000-0000-0000-000000000000`)).status).to.equal(404);
  });

  it('pages /skills with skip and top', async () => {
    const page = await api('GET', '/skills?skip=1&top=1');
    expect(page.body.totalRecords).to.equal(3);
    expect((page.body.skills as Json[]).map((skill) => skill.skillId)).to.deep.equal([12]);
  });

  it('lists every outbound skill\'s parameters in one call, with the listing\'s integer aggressiveness', async () => {
    const listing = await api('GET', '/skills/parameters');
    const skills = listing.body.skills as Json[];
    expect(skills.map((skill) => skill.skillNo)).to.deep.equal([11, 13]);
    expect((skills[0]!.generalSettings as Json).aggressiveness).to.equal(1);
    expect(skills[0]!.generalSettings).to.not.have.property('deliverCallbacksOnDNCHolidays');
  });

  it('reads a group flat and writes it wrapped; fields a PUT leaves out go back to their defaults', async () => {
    const before = await api('GET', '/skills/11/parameters/general-settings');
    expect(before.body.maximumRatio).to.equal(2);
    expect(before.body).to.not.have.property('generalSettings');
    const put = await api('PUT', '/skills/11/parameters/general-settings', { generalSettings: { maximumRatio: 3 } });
    expect(put.status, put.text).to.equal(200);
    const after = await api('GET', '/skills/11/parameters/general-settings');
    expect(after.body.maximumRatio).to.equal(3);
    expect(after.body.aggressiveness).to.equal('conservative');
  });

  it('answers GET cpa-management with its one published field', async () => {
    const cpa = await api('GET', '/skills/11/parameters/cpa-management');
    expect(Object.keys(cpa.body)).to.deep.equal(['AnsMachineOverrideSeconds']);
  });

  it('refuses an unwrapped, out-of-range or unknown-field PUT with 400 Invalid parameter', async () => {
    for (const body of [{ maximumRatio: 2 }, { generalSettings: { maximumRatio: 9 } }, { generalSettings: { maximumRatios: 2 } }]) {
      const response = await api('PUT', '/skills/11/parameters/general-settings', body);
      expect(response.status, JSON.stringify(body)).to.equal(400);
      expect(response.body.error).to.equal('Invalid parameter');
      expect(response.body.error_description).to.match(/^Invalid parameter: /);
    }
    expect((await api('PUT', '/skills/12/parameters/general-settings', { generalSettings: { maximumRatio: 2 } })).status).to.equal(400);
  });

  it('answers an unknown skill with 404 Invalid skillId, a missing token with 401, a non-JSON Accept with 406 and an unknown version with 404', async () => {
    const missing = await api('GET', '/skills/999/parameters');
    expect(missing.status).to.equal(404);
    expect(missing.body.error_description).to.equal('Invalid skillId');
    expect((await api('GET', '/skills', undefined, { authorization: '' })).status).to.equal(401);
    expect((await api('GET', '/skills', undefined, { accept: 'text/html' })).status).to.equal(406);
    expect((await httpRequest(`${emulator.url}/inContactAPI/services/v99.0/skills`, { headers: { authorization: `Bearer ${token}` } })).status).to.equal(404);
    expect((await httpRequest(`${emulator.url}/incontactapi/services/v34.0/skills`, { headers: { authorization: `Bearer ${token}` } })).status).to.equal(200);
  });

  it('answers 401 once an access token expires', async () => {
    await httpRequest(`${emulator.url}/emulator/tokens/expire`, { method: 'POST' });
    const response = await api('GET', '/skills');
    expect(response.status).to.equal(401);
    expect(response.body.error).to.equal('invalid_token');
  });

  it('takes supervisor edits and the hidden true profile through the admin endpoints, and shows them in the state', async () => {
    const edit = await httpRequest<Json>(`${emulator.url}/emulator/skills/11`, { method: 'PATCH', body: { generalSettings: { maximumRingingDuration: 31 }, trueProfile: { answerProbability: 0.2 }, running: true } });
    expect(edit.status, edit.text).to.equal(200);
    const state = await httpRequest<{ skills: Array<{ skillId: number; isRunning: boolean; trueProfile: Json; lastWriter?: string; groups: { generalSettings: Json } }> }>(`${emulator.url}/emulator/state`);
    const skill = state.body.skills.find((each) => each.skillId === 11)!;
    expect(skill.groups.generalSettings.maximumRingingDuration).to.equal(31);
    expect(skill.trueProfile).to.include({ agents: 30, answerProbability: 0.2 });
    expect(skill.isRunning).to.equal(true);
    expect(skill.lastWriter).to.equal('supervisor');
    expect((await api('GET', '/skills/11/parameters/general-settings')).body.maximumRingingDuration).to.equal(31);
  });

  it('lands a queued supervisor edit right after the next PUT (a write race)', async () => {
    await httpRequest(`${emulator.url}/emulator/skills/11/edit-after-next-put`, { method: 'POST', body: { generalSettings: { maximumRatio: 1 } } });
    await api('PUT', '/skills/11/parameters/general-settings', { generalSettings: { maximumRatio: 3 } });
    expect((await api('GET', '/skills/11/parameters/general-settings')).body.maximumRatio).to.equal(1);
  });

  it('serves the same API over HTTPS with a self-signed certificate', async () => {
    const tls = await createSelfSignedCertificate();
    const secure = await startCxoneEmulator({ tls });
    try {
      expect(secure.url).to.match(/^https:/);
      const granted = await tokenOf(secure, tls.cert);
      const response = await httpRequest<Json>(`${secure.url}${BASE}/skills`, { headers: { authorization: `Bearer ${String(granted.access_token)}` }, ca: tls.cert });
      expect(response.status).to.equal(200);
    } finally {
      await secure.close();
    }
  });
});
