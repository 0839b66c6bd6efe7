/**
 * The tutorial's verification kind (docs/architecture.md, "Settle hook"): trigger CXone's
 * simulation for the campaign, poll it to completion within a deadline, judge it against the
 * campaign's abandon limit. Cancellation ends it with VerificationInterrupted (the apply stays
 * pending and is verified again after the restart), never with a verdict.
 */
import type { CxoneClient } from '../adapters/cxone/cxone-client.js';
import type { RemoteSimulation } from '../adapters/cxone/cxone-types.js';
import type { CampaignSpec } from '../domain/campaign-spec.js';
import type { LiveCampaign } from '../domain/live-campaign.js';
import { VerificationInterrupted, type VerificationEvidence, type VerificationKind, type VerificationVerdict } from './dialect.js';
import { judgeVerification, type VerifyOptions } from './verify-apply.js';
import { messageOf } from '../lib/error-message.js';

export const REMOTE_SIMULATION = 'remote-simulation';

function verdictOf(result: Parameters<typeof judgeVerification>[0], limit: number): VerificationVerdict {
  const judged = judgeVerification(result, limit);
  const evidence: VerificationEvidence = {
    source: 'remote',
    abandonRateUpper95: result.abandonRateUpper95,
    abandonRate: result.predictedAbandonRate,
    occupancy: result.agentOccupancy,
    answerRate: result.predictedAnswerRate,
    predictionAccuracyRate: result.predictionAccuracyRate,
    limit,
  };
  return { verdict: judged.outcome === 'pass' ? 'pass' : 'fail', message: judged.reason, evidence };
}

async function pause(options: VerifyOptions, signal: AbortSignal | undefined): Promise<void> {
  if (signal?.aborted) throw new VerificationInterrupted();
  try {
    await options.sleep(options.pollIntervalMs, signal);
  } catch (error) {
    if (signal?.aborted) throw new VerificationInterrupted();
    throw error;
  }
}

export function remoteSimulationVerification(cxone: CxoneClient, options: VerifyOptions): VerificationKind<CampaignSpec, LiveCampaign> {
  return {
    kind: REMOTE_SIMULATION,
    async run({ desired, signal }) {
      if (signal?.aborted) throw new VerificationInterrupted();
      const deadline = options.now() + options.deadlineMs;
      let simulationId: string;
      try {
        const request = { campaignId: desired.campaignId, simulationType: 'predictive_weight_validation', durationSeconds: desired.simulation.durationSeconds };
        simulationId = (await cxone.startSimulation(request, { priority: 'apply' })).id;
      } catch (error) {
        if (signal?.aborted) throw new VerificationInterrupted();
        return { verdict: 'inconclusive', message: `verification could not start: ${messageOf(error)}` };
      }
      // Read first after a poll interval, not at once: a simulation just started is still running, and
      // that read is an API call per apply for nothing (docs/architecture.md, "API calls per apply").
      let simulation: RemoteSimulation | undefined;
      for (;;) {
        if (simulation?.status === 'completed' && simulation.result) return verdictOf(simulation.result, desired.simulation.maxAbandonRate);
        if (simulation?.status === 'failed') return { verdict: 'inconclusive', message: `verification simulation ${simulationId} failed: ${simulation.error ?? 'no reason given'}` };
        if (options.now() + options.pollIntervalMs > deadline) {
          return { verdict: 'inconclusive', message: `verification simulation ${simulationId} did not finish within ${Math.round(options.deadlineMs / 1000)} s` };
        }
        await pause(options, signal);
        try {
          simulation = await cxone.getSimulation(simulationId, { priority: 'apply' });
        } catch (error) {
          simulation = undefined;
          if (options.now() >= deadline) return { verdict: 'inconclusive', message: `verification simulation ${simulationId} could not be read: ${messageOf(error)}` };
        }
      }
    },
  };
}
