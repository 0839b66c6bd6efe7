import type { OperatingProfile, Weights } from './types.js';

/** The per-run constants of the pacing rule (README, "The dialer simulator and the abandon gate"). */
export interface Pacing {
  /** p' = clamp(p · (1 + w.answer_rate), 0.01, 1). */
  answerEstimate: number;
  /** L = (1 + w.predictive_factor) / p'. */
  dialLevel: number;
  /** M = clamp(3 · (1 + w.max_concurrent), 1, 6). */
  linesPerAgentCap: number;
  /** a = clamp(ringMeanSeconds / (avgTalkSeconds + wrapSeconds) · (1 + w.agent_efficiency), 0, 1). */
  lookAhead: number;
  /** C = max(1, ceil(agents · 0.5 · (1 + w.call_rate))). */
  dialsPerSecondCap: number;
}

function clamp(value: number, low: number, high: number): number {
  return Math.min(high, Math.max(low, value));
}

/** The pacing constants for a campaign's weights (missing weights are 0) and profile. */
export function pacingFor(weights: Weights, profile: OperatingProfile): Pacing {
  const answerEstimate = clamp(profile.answerProbability * (1 + (weights.answer_rate ?? 0)), 0.01, 1);
  return {
    answerEstimate,
    dialLevel: (1 + (weights.predictive_factor ?? 0)) / answerEstimate,
    linesPerAgentCap: clamp(3 * (1 + (weights.max_concurrent ?? 0)), 1, 6),
    lookAhead: clamp(
      (profile.ringMeanSeconds / (profile.avgTalkSeconds + profile.wrapSeconds)) * (1 + (weights.agent_efficiency ?? 0)),
      0,
      1,
    ),
    dialsPerSecondCap: Math.max(1, Math.ceil(profile.agents * 0.5 * (1 + (weights.call_rate ?? 0)))),
  };
}

/**
 * New dials at a pacing tick: min(C, max(0, floor(min(M · agents, L · E)) − F)) with expected free
 * agents E = free + a · busy and F the lines in flight.
 */
export function dialsAtTick(pacing: Pacing, agents: number, freeAgents: number, linesInFlight: number): number {
  const expectedFree = freeAgents + pacing.lookAhead * (agents - freeAgents);
  const level = Math.floor(Math.min(pacing.linesPerAgentCap * agents, pacing.dialLevel * expectedFree));
  return Math.min(pacing.dialsPerSecondCap, Math.max(0, level - linesInFlight));
}
