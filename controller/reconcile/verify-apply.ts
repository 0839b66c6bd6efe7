/**
 * Verification of an apply: trigger CXone's simulation for the campaign, poll it to completion
 * within a deadline, and judge it against the campaign's abandon limit.
 */
import type { CxoneClient } from '../adapters/cxone/cxone-client.js';
import type { RemoteSimulationResult } from '../adapters/cxone/cxone-types.js';
import type { CampaignSpec } from '../domain/campaign-spec.js';
import { setTimeout as sleep } from 'node:timers/promises';
import { percent } from './local-gate.js';

export type Verification =
  | { outcome: 'pass' | 'fail'; result: RemoteSimulationResult; limit: number; reason: string }
  | { outcome: 'inconclusive'; reason: string };

export interface VerifyOptions {
  /** Time between polls, ms. Default 1000. */
  pollIntervalMs: number;
  /** Give up (inconclusive) after this long, ms. Default 120 000. */
  deadlineMs: number;
  sleep: (ms: number) => Promise<void>;
  now: () => number;
}

/** The production settings: poll every `pollIntervalMs` (default 1 s) for at most 2 minutes. */
export function verificationOptions(pollIntervalMs = 1000): Omit<VerifyOptions, 'now'> {
  return { pollIntervalMs, deadlineMs: 120_000, sleep: (ms) => sleep(ms) };
}

/** Pure: does the remote prediction keep within the limit? */
export function judgeVerification(result: RemoteSimulationResult, limit: number): Verification {
  const bound = percent(result.abandonRateUpper95);
  if (result.abandonRateUpper95 <= limit) {
    return { outcome: 'pass', result, limit, reason: `verified: simulated abandon bound ${bound} within ${percent(limit)}` };
  }
  return { outcome: 'fail', result, limit, reason: `verification failed: simulated abandon bound ${bound} breaks ${percent(limit)}` };
}

export async function verifyApply(cxone: CxoneClient, campaign: CampaignSpec, options: VerifyOptions): Promise<Verification> {
  const deadline = options.now() + options.deadlineMs;
  let simulationId: string;
  try {
    const started = await cxone.startSimulation(
      { campaignId: campaign.campaignId, simulationType: 'predictive_weight_validation', durationSeconds: campaign.simulation.durationSeconds },
      { priority: 'apply' },
    );
    simulationId = started.id;
  } catch (error) {
    return { outcome: 'inconclusive', reason: `verification could not start: ${error instanceof Error ? error.message : String(error)}` };
  }
  for (;;) {
    try {
      const simulation = await cxone.getSimulation(simulationId, { priority: 'apply' });
      if (simulation.status === 'completed' && simulation.result) return judgeVerification(simulation.result, campaign.simulation.maxAbandonRate);
      if (simulation.status === 'failed') return { outcome: 'inconclusive', reason: `verification simulation ${simulationId} failed: ${simulation.error ?? 'no reason given'}` };
    } catch (error) {
      if (options.now() >= deadline) return { outcome: 'inconclusive', reason: `verification simulation ${simulationId} could not be read: ${error instanceof Error ? error.message : String(error)}` };
    }
    if (options.now() + options.pollIntervalMs > deadline) {
      return { outcome: 'inconclusive', reason: `verification simulation ${simulationId} did not finish within ${Math.round(options.deadlineMs / 1000)} s` };
    }
    await options.sleep(options.pollIntervalMs);
  }
}
