import { PC_MODEL_ID, type PcModelId } from './model-versions.js';
import { PcDialer } from './pc-dialer.js';
import type { PcRunResult, ResolvedPcSettings } from './pc-types.js';
import type { OperatingProfile } from './types.js';

/**
 * One replication of model `dialer-des/pc-v2` (or `model`, e.g. pc-v1) over [0, D]: pacing ticks at t = 0..D−1, events at
 * t <= D counted, all agents free at 0. Inputs are assumed valid (see validatePcSimulationInput).
 * Deterministic: the same arguments give the same result.
 */
export function runPcReplication(
  settings: ResolvedPcSettings,
  profile: OperatingProfile,
  durationSeconds: number,
  seed: number,
  model: PcModelId = PC_MODEL_ID,
): PcRunResult {
  const dialer = new PcDialer(settings, profile, seed, model);
  dialer.advanceTo(durationSeconds);
  dialer.finishAt(durationSeconds);
  const counts = { ...dialer.counts };
  dialer.release();
  // v1 counts busy time within [0, D]; the dialler accrues it exactly up to D.
  return {
    ...counts,
    abandonRate: counts.liveAnswers > 0 ? counts.abandoned / counts.liveAnswers : 0,
    occupancy: counts.busySeconds / (profile.agents * durationSeconds),
    answerRate: counts.dials > 0 ? counts.liveAnswers / counts.dials : 0,
    meanWaitSeconds: counts.connected > 0 ? counts.waitSeconds / counts.connected : 0,
    meanRatio: counts.ticks > 0 ? counts.ratioSum / counts.ticks : 1,
  };
}
