import { expect } from 'chai';
import { DEFAULT_ACCESS_KEY, DEFAULT_APPLICATION, startCxoneEmulator, type RunningCxoneEmulator } from '../../../emulator/cxone/cxone-emulator-server.js';
import { httpRequest, type TestResponse } from '../../support/http-request.js';
import { waitFor } from '../../support/wait-for.js';

const BASIC = `Basic ${Buffer.from(`${DEFAULT_APPLICATION.clientId}:${DEFAULT_APPLICATION.clientSecret}`).toString('base64')}`;
const BASE = '/inContactAPI/services/v34.0';
type Json = Record<string, unknown>;
type Summary = { dials: number; connects: number; abandonCount: number; agentsLoggedIn: number };

describe('the cxone emulator\'s live traffic', () => {
  let emulator: RunningCxoneEmulator;
  let token: string;
  const api = (method: string, path: string, body?: unknown): Promise<TestResponse<Json>> =>
    httpRequest<Json>(`${emulator.url}${BASE}${path}`, { method, body, headers: { authorization: `Bearer ${token}`, accept: 'application/json' } });
  const admin = (method: string, path: string, body?: unknown): Promise<TestResponse<Json>> => httpRequest<Json>(`${emulator.url}${path}`, { method, body });
  const summary = async (skillId: number, from: number): Promise<Summary> => {
    const response = await api('GET', `/skills/${skillId}/summary?startDate=${new Date(from).toISOString()}&endDate=${new Date().toISOString()}`);
    expect(response.status, response.text).to.equal(200);
    return (response.body.skillSummaries as Summary[])[0]!;
  };

  beforeEach(async () => {
    emulator = await startCxoneEmulator({
      rateLimitPerMinute: 0,
      timeScale: 600,
      skills: [
        { skillId: 21, skillName: 'renewals', isRunning: true, generalSettings: { maximumRatio: 1 }, trueProfile: { agents: 20, answerProbability: 1, machineProbability: 0 } },
        { skillId: 22, skillName: 'winback', isRunning: false },
      ],
    });
    const form = new URLSearchParams({ grant_type: 'password', username: DEFAULT_ACCESS_KEY.accessKeyId, password: DEFAULT_ACCESS_KEY.accessKeySecret }).toString();
    const granted = await httpRequest<Json>(`${emulator.url}/auth/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: BASIC }, body: form });
    token = String(granted.body.access_token);
  });
  afterEach(() => emulator.close());

  it('reports a running skill\'s dials in virtual time behind the API token, and none for a stopped one', async () => {
    const from = Date.now();
    const running = await waitFor(async () => {
      const s = await summary(21, from);
      return s.dials > 200 && s;
    }, { what: 'dials on the running skill', timeoutMs: 10_000 });
    expect(running.agentsLoggedIn).to.equal(20);
    expect(running.abandonCount, 'a ratio of 1 with every dial live never abandons').to.equal(0);
    expect((await summary(22, from)).dials).to.equal(0);
    const anonymous = await httpRequest<Json>(`${emulator.url}${BASE}/skills/summary?startDate=${new Date(from).toISOString()}&endDate=${new Date().toISOString()}`, { headers: { accept: 'application/json' } });
    expect(anonymous.status).to.equal(401);
  });

  it('starts and stops a skill through POST /skills/{id}/start and /stop (202)', async () => {
    expect((await api('POST', '/skills/22/start')).status).to.equal(202);
    const from = Date.now();
    await waitFor(async () => (await summary(22, from)).dials > 0, { what: 'dials after start' });
    expect((await api('POST', '/skills/22/stop')).status).to.equal(202);
    expect((await api('POST', '/skills/99/start')).body).to.deep.equal({ error: 'NotFound', error_description: 'Invalid skillId' });
  });

  it('dials on the true profile set by PATCH /emulator/skills/{id} and with the parameters a PUT wrote', async () => {
    expect((await admin('PATCH', '/emulator/skills/21', { trueProfile: { answerProbability: 0.9, machineProbability: 0.05, agents: 30 } })).status).to.equal(200);
    const put = await api('PUT', '/skills/21/parameters/general-settings', {
      generalSettings: { maximumRatio: 3, maxConcurrentCallsPerAgent: 3, aggressiveness: 'aggressive', abandonRateThreshold: 30, abandonRateCutoff: 40, percentageOfAgentsBeforeOverdial: 0 },
    });
    expect(put.status, put.text).to.equal(200);
    const from = Date.now();
    const after = await waitFor(async () => {
      const s = await summary(21, from);
      return s.abandonCount > 20 && s;
    }, { what: 'abandons once the skill overdials', timeoutMs: 15_000 });
    expect(after.agentsLoggedIn).to.equal(30);
  });
});
