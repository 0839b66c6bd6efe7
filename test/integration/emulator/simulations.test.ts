import { expect } from 'chai';
import { startEmulator, type RunningEmulator } from '../../../emulator/emulator-server.js';
import type { Simulation } from '../../../emulator/types.js';
import { CAMPAIGN_ID, sampleCampaign, sampleSettings } from '../../support/campaign-fixtures.js';
import { openSession, type ApiSession } from '../../support/emulator-session.js';
import { waitFor } from '../../support/wait-for.js';

describe('emulator: simulations', () => {
  let emulator: RunningEmulator;
  let api: ApiSession;

  beforeEach(async () => {
    emulator = await startEmulator({ rateLimitPerMinute: 0, campaigns: [sampleCampaign({ operatingProfile: { agents: 20 } })] });
    api = await openSession(emulator);
  });
  afterEach(() => emulator.close());

  async function runToEnd(body: Record<string, unknown>): Promise<Simulation> {
    const started = await api.call<{ id: string; status: string }>('POST', '/api/v2/outbound/campaigns/simulations', body);
    expect(started.status).to.equal(202);
    expect(started.body.status).to.equal('running');
    return waitFor(
      async () => {
        const polled = await api.call<Simulation>('GET', `/api/v2/outbound/campaigns/simulations/${started.body.id}`);
        return polled.body.status === 'running' ? undefined : polled.body;
      },
      { what: 'the simulation to finish' },
    );
  }

  it('runs the dialer simulator on the campaign profile and reports the predictions', async () => {
    const simulation = await runToEnd({ campaignId: CAMPAIGN_ID, simulationType: 'predictive_weight_validation', durationSeconds: 300 });
    expect(simulation.status).to.equal('completed');
    expect(simulation.campaignId).to.equal(CAMPAIGN_ID);
    const result = simulation.result!;
    expect(result.model).to.equal('dialer-des/v2');
    expect(result.replications).to.equal(20);
    expect(result.durationSeconds).to.equal(300);
    for (const rate of [result.predictedAnswerRate, result.predictedAbandonRate, result.agentOccupancy, result.predictionAccuracyRate]) {
      expect(rate).to.be.within(0, 1);
    }
    expect(result.abandonRateUpper95).to.be.at.least(result.predictedAbandonRate);
  });

  it('simulates proposed settings without changing the campaign', async () => {
    const aggressive = await runToEnd({
      campaignId: CAMPAIGN_ID,
      simulationType: 'predictive_weight_validation',
      durationSeconds: 1800,
      predictiveDialerSettings: { ...sampleSettings({ predictive_factor: 1, max_concurrent: 1, call_rate: 1 }), maxDeviationLimit: 0.5 },
    });
    const cautious = await runToEnd({
      campaignId: CAMPAIGN_ID,
      simulationType: 'predictive_weight_validation',
      durationSeconds: 1800,
      predictiveDialerSettings: sampleSettings({ predictive_factor: -0.8 }),
    });
    expect(aggressive.result!.predictedAbandonRate).to.be.above(cautious.result!.predictedAbandonRate);
    expect(emulator.context.store.get(CAMPAIGN_ID)!.version).to.equal(1);
  });

  it('answers 400 to a bad request and 404 to an unknown campaign or simulation', async () => {
    const bad = await api.call<{ message: string }>('POST', '/api/v2/outbound/campaigns/simulations', { campaignId: CAMPAIGN_ID, simulationType: 'x', durationSeconds: 0 });
    expect(bad.status).to.equal(400);
    expect(bad.body.message).to.match(/durationSeconds/);
    const missingType = await api.call<{ message: string }>('POST', '/api/v2/outbound/campaigns/simulations', { campaignId: CAMPAIGN_ID });
    expect(missingType.status).to.equal(400);
    expect(missingType.body.message).to.match(/simulationType is required/);
    const unknown = await api.call('POST', '/api/v2/outbound/campaigns/simulations', { campaignId: 'nope', simulationType: 'x', durationSeconds: 60 });
    expect(unknown.status).to.equal(404);
    expect((await api.call('GET', '/api/v2/outbound/campaigns/simulations/nope')).status).to.equal(404);
  });

  it('ends a simulation as failed when the fault is injected', async () => {
    await api.admin('POST', '/emulator/faults', { simulationFailureRate: 1 });
    const simulation = await runToEnd({ campaignId: CAMPAIGN_ID, simulationType: 'predictive_weight_validation', durationSeconds: 60 });
    expect(simulation.status).to.equal('failed');
    expect(simulation.error).to.match(/injected fault/);
    expect(simulation.result).to.equal(undefined);
  });

  it('keeps a simulation running for the injected delay', async () => {
    await api.admin('POST', '/emulator/faults', { simulationDelayMs: 400 });
    const started = await api.call<{ id: string }>('POST', '/api/v2/outbound/campaigns/simulations', { campaignId: CAMPAIGN_ID, simulationType: 'x', durationSeconds: 60 });
    const first = await api.call<Simulation>('GET', `/api/v2/outbound/campaigns/simulations/${started.body.id}`);
    expect(first.body.status).to.equal('running');
    await waitFor(async () => (await api.call<Simulation>('GET', `/api/v2/outbound/campaigns/simulations/${started.body.id}`)).body.status === 'completed', {
      what: 'the delayed simulation',
    });
  });
});
