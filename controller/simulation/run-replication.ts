import { runCallEngine, type CallProcess, type InlinePacing, type Pacer, type PacingView } from './call-engine.js';
import { lognormalParameters } from './lognormal-parameters.js';
import { MODEL_ID, samplersOf, type ModelId } from './model-versions.js';
import { dialsAtTick, pacingFor, type Pacing } from './pacing.js';
import type { OperatingProfile, RunResult, Weights } from './types.js';

/** The call process of a campaign's operating profile (docs/architecture.md, "The simulator"). */
export function callProcessOf(profile: OperatingProfile, overrides: Partial<CallProcess> = {}): CallProcess {
  const talk = lognormalParameters(profile.avgTalkSeconds, profile.talkCv);
  return {
    agents: profile.agents,
    liveProbability: profile.answerProbability,
    machineProbability: profile.machineProbability,
    ringMeanSeconds: profile.ringMeanSeconds,
    ringTimeoutSeconds: profile.ringTimeoutSeconds,
    talkMu: talk.mu,
    talkSigma: talk.sigma,
    wrapSeconds: profile.wrapSeconds,
    patienceSeconds: profile.abandonAfterSeconds,
    machineHoldSeconds: profile.machineHoldSeconds,
    lateAfterSeconds: profile.abandonAfterSeconds,
    ...overrides,
  };
}

/** Model v1's pacing from the weights (dialsAtTick); lines in flight never exceed M · agents. */
class WeightsPacer implements Pacer {
  readonly maxLinesInFlight: number;
  /** The same rule for the engine to run inline (dialsAtTick's operations, in its order). */
  readonly inline: InlinePacing;

  constructor(
    private readonly pacing: Pacing,
    private readonly agents: number,
  ) {
    this.maxLinesInFlight = Math.floor(pacing.linesPerAgentCap * agents);
    this.inline = { kind: 'weights', ...pacing, agents };
  }

  dials(view: PacingView): number {
    return dialsAtTick(this.pacing, this.agents, view.freeAgents, view.linesInFlight);
  }
}

/**
 * One replication of a campaign model (`dialer-des/v2` unless `model` says `dialer-des/v1`;
 * docs/architecture.md, "The simulator") over [0, D], D = durationSeconds: the weights' pacing on
 * the shared call engine, with the model's draws.
 *
 * Pacing ticks run at t = 0..D−1, each before any event at the same instant; events at t <= D are
 * processed and counted, later ones are not. Inputs are assumed valid (see validateSimulationInput).
 * Deterministic: the same arguments give the same result.
 */
export function runReplication(weights: Weights, profile: OperatingProfile, durationSeconds: number, seed: number, model: ModelId = MODEL_ID): RunResult {
  const pacer = new WeightsPacer(pacingFor(weights, profile), profile.agents);
  const counts = runCallEngine(callProcessOf(profile), pacer, durationSeconds, seed, samplersOf(model));
  const { dials, liveAnswers, connected, abandoned } = counts;
  return {
    dials,
    liveAnswers,
    machineAnswers: counts.machineAnswers,
    noAnswers: counts.noAnswers,
    connected,
    abandoned,
    inFlightAtEnd: counts.ringingAtEnd + counts.machineHoldingAtEnd + counts.waitingAtEnd,
    ringingAtEnd: counts.ringingAtEnd,
    machineHoldingAtEnd: counts.machineHoldingAtEnd,
    waitingAtEnd: counts.waitingAtEnd,
    abandonRate: liveAnswers > 0 ? abandoned / liveAnswers : 0,
    occupancy: counts.busySeconds / (profile.agents * durationSeconds),
    answerRate: dials > 0 ? liveAnswers / dials : 0,
    meanWaitSeconds: connected > 0 ? counts.waitSeconds / connected : 0,
    events: counts.events,
  };
}
