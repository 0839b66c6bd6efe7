import { expect } from 'chai';
import { startEmulator, type RunningEmulator } from '../../../emulator/emulator-server.js';
import { generateCampaigns } from '../../../emulator/generated-campaigns.js';
import type { Campaign } from '../../../emulator/types.js';
import { CAMPAIGN_ID, sampleCampaign, sampleSettings } from '../../support/campaign-fixtures.js';
import { openSession, type ApiSession } from '../../support/emulator-session.js';

interface Page {
  entities: Campaign[];
  pageNumber: number;
  pageSize: number;
  total: number;
  pageCount: number;
}

describe('emulator: campaigns', () => {
  let emulator: RunningEmulator;
  let api: ApiSession;

  beforeEach(async () => {
    emulator = await startEmulator({ rateLimitPerMinute: 0, campaigns: [sampleCampaign(), ...generateCampaigns(24, 7)] });
    api = await openSession(emulator);
  });
  afterEach(() => emulator.close());

  it('lists campaigns page by page with totals, every campaign exactly once', async () => {
    const seen = new Set<string>();
    let pageNumber = 1;
    let pageCount: number;
    do {
      const response = await api.call<Page>('GET', `/api/v2/outbound/campaigns?pageNumber=${pageNumber}&pageSize=10`);
      expect(response.status).to.equal(200);
      expect(response.body).to.include({ pageNumber, pageSize: 10, total: 25, pageCount: 3 });
      for (const campaign of response.body.entities) seen.add(campaign.id);
      pageCount = response.body.pageCount;
      pageNumber += 1;
    } while (pageNumber <= pageCount);
    expect(seen.size).to.equal(25);
  });

  it('answers 400 to bad paging', async () => {
    for (const query of ['pageNumber=0', 'pageSize=0', 'pageSize=1001', 'pageNumber=x']) {
      const response = await api.call<{ message: string }>('GET', `/api/v2/outbound/campaigns?${query}`);
      expect(response.status, query).to.equal(400);
      expect(response.body.message).to.match(/page(Number|Size)/);
    }
  });

  it('returns one campaign with its settings, version, operating profile and who changed it', async () => {
    const response = await api.call<Campaign>('GET', `/api/v2/outbound/campaigns/${CAMPAIGN_ID}`);
    expect(response.status).to.equal(200);
    expect(response.body).to.include({ id: CAMPAIGN_ID, name: 'spring-renewals', version: 1, modifiedBy: 'admin:seed' });
    expect(response.body.predictiveDialerSettings).to.deep.equal(sampleSettings());
    expect(response.body.configuration).to.deep.equal({ enablePredictiveTuning: true, simulationTrigger: 'automatic', driftProtection: true });
    expect(response.body.operatingProfile.agents).to.equal(40);
    expect(Date.parse(response.body.dateModified)).to.be.a('number').and.not.NaN;
  });

  it('answers 404 to an unknown campaign, for GET and PUT', async () => {
    expect((await api.call('GET', '/api/v2/outbound/campaigns/nope')).status).to.equal(404);
    expect((await api.call('PUT', '/api/v2/outbound/campaigns/nope', { predictiveDialerSettings: sampleSettings() })).status).to.equal(404);
  });

  it('accepts the tutorial payload without a version and bumps the version', async () => {
    const payload = {
      id: CAMPAIGN_ID,
      predictiveDialerSettings: sampleSettings({ answer_rate: 0.12, predictive_factor: 0.18 }),
      configuration: { enablePredictiveTuning: true, simulationTrigger: 'automatic', driftProtection: true },
    };
    const response = await api.call<Campaign>('PUT', `/api/v2/outbound/campaigns/${CAMPAIGN_ID}`, payload);
    expect(response.status).to.equal(200);
    expect(response.body.version).to.equal(2);
    expect(response.body.modifiedBy).to.equal('api:emulator-client');
    expect(response.body.predictiveDialerSettings.parameterWeights).to.deep.equal({ answer_rate: 0.12, predictive_factor: 0.18 });
  });

  it('accepts the current version and rejects a stale one with 409, changing nothing', async () => {
    const first = await api.call<Campaign>('PUT', `/api/v2/outbound/campaigns/${CAMPAIGN_ID}`, { version: 1, predictiveDialerSettings: sampleSettings({ call_rate: 0.1 }) });
    expect(first.status).to.equal(200);
    expect(first.body.version).to.equal(2);
    const stale = await api.call<{ error: string; message: string }>('PUT', `/api/v2/outbound/campaigns/${CAMPAIGN_ID}`, {
      version: 1,
      predictiveDialerSettings: sampleSettings({ call_rate: -0.1 }),
    });
    expect(stale.status).to.equal(409);
    expect(stale.body.message).to.match(/version 2.*version 1.*fetch the latest version/);
    const current = await api.call<Campaign>('GET', `/api/v2/outbound/campaigns/${CAMPAIGN_ID}`);
    expect(current.body.version).to.equal(2);
    expect(current.body.predictiveDialerSettings.parameterWeights).to.deep.equal({ call_rate: 0.1 });
  });

  const badPayloads: Array<[string, Record<string, unknown>, RegExp]> = [
    ['an unknown weight key', { predictiveDialerSettings: sampleSettings({ dial_speed: 0.1 }) }, /parameterWeights\.dial_speed is not a known weight/],
    ['a weight above 1', { predictiveDialerSettings: sampleSettings({ answer_rate: 1.5 }) }, /parameterWeights\.answer_rate must be between -1 and 1/],
    ['a weight written as a string', { predictiveDialerSettings: sampleSettings({ answer_rate: '0.1' as unknown as number }) }, /answer_rate must be a number/],
    ['validationSplit out of range', { predictiveDialerSettings: { ...sampleSettings(), validationSplit: 0.95 } }, /validationSplit must be between 0.1 and 0.9/],
    ['maxDeviationLimit out of range', { predictiveDialerSettings: { ...sampleSettings(), maxDeviationLimit: 0.6 } }, /maxDeviationLimit must be between 0.01 and 0.5/],
    ['convergenceThreshold out of range', { predictiveDialerSettings: { ...sampleSettings(), convergenceThreshold: 0 } }, /convergenceThreshold must be between 0.001 and 0.1/],
    ['no settings at all', { configuration: { enablePredictiveTuning: true, simulationTrigger: 'automatic', driftProtection: true } }, /predictiveDialerSettings is required/],
    ['an unknown top-level key', { predictiveDialerSettings: sampleSettings(), dialMode: 'fast' }, /dialMode is not a known field/],
    ['a bad configuration', { predictiveDialerSettings: sampleSettings(), configuration: { enablePredictiveTuning: 'yes', simulationTrigger: 'automatic', driftProtection: true } }, /configuration\.enablePredictiveTuning must be true or false/],
    ['an id that is not the path id', { id: 'other', predictiveDialerSettings: sampleSettings() }, /does not match the campaign in the path/],
  ];
  for (const [what, body, message] of badPayloads) {
    it(`answers 400 naming the field for ${what}`, async () => {
      const response = await api.call<{ message: string }>('PUT', `/api/v2/outbound/campaigns/${CAMPAIGN_ID}`, body);
      expect(response.status).to.equal(400);
      expect(response.body.message).to.match(message);
      const current = await api.call<Campaign>('GET', `/api/v2/outbound/campaigns/${CAMPAIGN_ID}`);
      expect(current.body.version, 'a rejected PUT changes nothing').to.equal(1);
    });
  }

  it('answers 400 to a body that is not JSON', async () => {
    const response = await api.call<{ message: string }>('PUT', `/api/v2/outbound/campaigns/${CAMPAIGN_ID}`, '{"predictive', {
      headers: { 'content-type': 'application/json' },
    });
    expect(response.status).to.equal(400);
  });

  it('records every accepted change with its source', async () => {
    await api.call('PUT', `/api/v2/outbound/campaigns/${CAMPAIGN_ID}`, { version: 1, predictiveDialerSettings: sampleSettings({ call_rate: 0.05 }) });
    const changes = emulator.context.store.changes.filter((change) => change.campaignId === CAMPAIGN_ID);
    expect(changes.map((change) => [change.version, change.source])).to.deep.equal([
      [1, 'admin'],
      [2, 'api'],
    ]);
  });
});
