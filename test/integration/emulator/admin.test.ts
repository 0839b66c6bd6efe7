import { expect } from 'chai';
import { startEmulator, type RunningEmulator } from '../../../emulator/emulator-server.js';
import type { Campaign, RequestLogEntry } from '../../../emulator/types.js';
import { CAMPAIGN_ID, sampleCampaign, sampleSettings } from '../../support/campaign-fixtures.js';
import { openSession, type ApiSession } from '../../support/emulator-session.js';

describe('emulator: admin endpoints', () => {
  let emulator: RunningEmulator;
  let api: ApiSession;

  beforeEach(async () => {
    emulator = await startEmulator({ rateLimitPerMinute: 0, campaigns: [sampleCampaign()] });
    api = await openSession(emulator);
  });
  afterEach(() => emulator.close());

  it('upserts campaigns, one or many, validating each', async () => {
    const one = await api.admin<Campaign>('POST', '/emulator/campaigns', sampleCampaign({ id: 'c-2', name: 'two', operatingProfile: { agents: 12 } }));
    expect(one.status).to.equal(200);
    expect(one.body.operatingProfile.agents).to.equal(12);
    const many = await api.admin<Campaign[]>('POST', '/emulator/campaigns', [sampleCampaign({ id: 'c-3', name: 'three' }), sampleCampaign({ id: 'c-2', name: 'two-renamed' })]);
    expect(many.body.map((c) => [c.id, c.version])).to.deep.equal([
      ['c-3', 1],
      ['c-2', 2],
    ]);
    const bad = await api.admin<{ details: string[] }>('POST', '/emulator/campaigns', sampleCampaign({ id: 'c-4', operatingProfile: { agents: 0, answerProbability: 2 } }));
    expect(bad.status).to.equal(400);
    expect(bad.body.details.join('\n')).to.match(/operatingProfile\.agents/).and.match(/operatingProfile\.answerProbability/);
  });

  it('edits a campaign as a supervisor would: deep merge, version bump, modifiedBy', async () => {
    const response = await api.admin<Campaign>('PATCH', `/emulator/campaigns/${CAMPAIGN_ID}`, {
      predictiveDialerSettings: { parameterWeights: { predictive_factor: 0.3, answer_rate: null } },
    });
    expect(response.status).to.equal(200);
    expect(response.body.version).to.equal(2);
    expect(response.body.modifiedBy).to.equal('ui:supervisor');
    expect(response.body.predictiveDialerSettings).to.deep.equal({ ...sampleSettings(), parameterWeights: { predictive_factor: 0.3 } });
    const named = await api.admin<Campaign>('PATCH', `/emulator/campaigns/${CAMPAIGN_ID}`, { configuration: { driftProtection: false }, modifiedBy: 'ui:jane.doe' });
    expect(named.body).to.include({ version: 3, modifiedBy: 'ui:jane.doe' });
    expect(named.body.configuration.driftProtection).to.equal(false);
  });

  it('refuses a supervisor edit that the API would refuse', async () => {
    const response = await api.admin<{ message: string }>('PATCH', `/emulator/campaigns/${CAMPAIGN_ID}`, { predictiveDialerSettings: { parameterWeights: { answer_rate: 3 } } });
    expect(response.status).to.equal(400);
    expect(response.body.message).to.match(/answer_rate must be between -1 and 1/);
    expect((await api.admin('PATCH', '/emulator/campaigns/nope', {})).status).to.equal(404);
  });

  it('logs API requests with method, path, status, client id and duration', async () => {
    await api.call('GET', `/api/v2/outbound/campaigns/${CAMPAIGN_ID}?x=1`);
    await api.call('GET', '/api/v2/outbound/campaigns/nope');
    const log = await api.admin<{ entries: RequestLogEntry[]; lastSeq: number }>('GET', '/emulator/requests?method=GET');
    const entries = log.body.entries.map(({ method, path, status, clientId }) => ({ method, path, status, clientId }));
    expect(entries).to.deep.equal([
      { method: 'GET', path: `/api/v2/outbound/campaigns/${CAMPAIGN_ID}`, status: 200, clientId: 'emulator-client' },
      { method: 'GET', path: '/api/v2/outbound/campaigns/nope', status: 404, clientId: 'emulator-client' },
    ]);
    expect(log.body.entries[0]!.durationMs).to.be.a('number');
    const since = await api.admin<{ entries: RequestLogEntry[] }>('GET', `/emulator/requests?since=${log.body.lastSeq - 1}`);
    expect(since.body.entries).to.have.length(1);
  });

  it('reports its state and resets to the seeded start', async () => {
    await api.call('PUT', `/api/v2/outbound/campaigns/${CAMPAIGN_ID}`, { predictiveDialerSettings: sampleSettings({ call_rate: 0.2 }) });
    await api.call('POST', '/api/v2/webhooks', { name: 'n', url: 'http://127.0.0.1:9/x', events: ['campaign.predictive.tuned'] });
    await api.admin('POST', '/emulator/faults', { latencyMs: 5 });
    const state = await api.admin<{ campaigns: Campaign[]; changes: unknown[]; webhooks: unknown[]; faults: { latencyMs: number } }>('GET', '/emulator/state');
    expect(state.body.campaigns[0]!.version).to.equal(2);
    expect(state.body.changes).to.have.length(2);
    expect(state.body.webhooks).to.have.length(1);
    expect(state.body.faults.latencyMs).to.equal(5);
    expect((await api.admin('POST', '/emulator/reset')).status).to.equal(200);
    const after = await api.admin<{ campaigns: Campaign[]; webhooks: unknown[]; faults: { latencyMs: number } }>('GET', '/emulator/state');
    expect(after.body.campaigns[0]!.version).to.equal(1);
    expect(after.body.webhooks).to.have.length(0);
    expect(after.body.faults.latencyMs).to.equal(0);
    expect((await api.call('GET', `/api/v2/outbound/campaigns/${CAMPAIGN_ID}`)).status, 'tokens are revoked by reset').to.equal(401);
  });

  it('answers 404 with a JSON message for an unknown route', async () => {
    const response = await api.admin<{ message: string }>('GET', '/api/v3/nothing');
    expect(response.status).to.equal(404);
    expect(response.body.message).to.equal('no route GET /api/v3/nothing');
  });
});
