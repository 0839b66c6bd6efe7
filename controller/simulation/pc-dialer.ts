import { CallEngine, type CallProcess, type InlinePacing, type Pacer } from './call-engine.js';
import { pcPacingConstants } from './pc-pacing.js';
import type { PcCounts, ResolvedPcSettings } from './pc-types.js';
import { PC_MODEL_ID, samplersOf, type PcModelId } from './model-versions.js';
import { callProcessOf } from './run-replication.js';
import type { OperatingProfile } from './types.js';

/** A live answer connected more than this many seconds after answering is a TSR abandon. */
export const TSR_CONNECT_SECONDS = 2;

/** The call process of pc-v1: the profile's, with the skill's ring timeout and abandon timeout. */
function pcCallProcess(settings: ResolvedPcSettings, profile: OperatingProfile): CallProcess {
  return callProcessOf(profile, {
    ringTimeoutSeconds: settings.maximumRingingDuration ?? profile.ringTimeoutSeconds,
    patienceSeconds: settings.abandonTimeout > 0 ? settings.abandonTimeout : profile.abandonAfterSeconds,
    lateAfterSeconds: TSR_CONNECT_SECONDS,
  });
}

/**
 * pc-v1's pacing for the engine's module (`InlinePacing` 'pc'): the ratio rule's constants
 * (pc-pacing.ts), the agents it paces and its cap of lines in flight. The module keeps the abandon
 * window from the engine's counts at each tick (TSR abandons are hang-ups plus late connections),
 * runs the rule every ADJUST_EVERY_SECONDS, and counts the ratio's statistics.
 */
function pcPacing(settings: ResolvedPcSettings, profile: OperatingProfile): InlinePacing & { kind: 'pc' } {
  const constants = pcPacingConstants(settings, profile);
  return { kind: 'pc', ...constants, agents: profile.agents, maxLinesInFlight: Math.floor(constants.linesPerAgentCap * profile.agents) };
}

/** The engine's pacer: the module runs `inline`; `dials` is never called. */
function modulePacer(pacing: InlinePacing & { kind: 'pc' }): Pacer {
  return {
    maxLinesInFlight: pacing.maxLinesInFlight,
    inline: pacing,
    dials: () => {
      throw new Error('pc-v1 pacing runs inside the call engine');
    },
  };
}

/**
 * One Personal Connection dialler of model `dialer-des/pc-v1` (README, "The pc-v1 pacing model")
 * that runs forward in whole simulated seconds, so it serves both a replication of D seconds and
 * the emulator's live traffic, whose settings and profile may change while it runs. The call
 * process is the shared call engine's (docs/architecture.md, "The simulator"); pacing is pc-v1's ratio
 * rule, run inside the engine's module (`pcPacing`; pc-pacing.ts is its definition).
 * Deterministic for a seed.
 */
export class PcDialer {
  private readonly engine: CallEngine;

  /** `model` chooses the draws (pc-v2's ziggurat by default, pc-v1's first draws). */
  constructor(settings: ResolvedPcSettings, profile: OperatingProfile, seed: number, model: PcModelId = PC_MODEL_ID) {
    this.engine = new CallEngine(pcCallProcess(settings, profile), modulePacer(pcPacing(settings, profile)), seed, { samplers: samplersOf(model) });
  }

  /** Counts since the dialler started; read them between advances. */
  get counts(): PcCounts {
    const counts = this.engine.counts();
    const pacing = this.engine.pcState();
    return {
      dials: counts.dials,
      liveAnswers: counts.liveAnswers,
      machineAnswers: counts.machineAnswers,
      noAnswers: counts.noAnswers,
      connected: counts.connected,
      connectedLate: counts.connectedLate,
      hungUp: counts.abandoned,
      abandoned: counts.abandoned + counts.connectedLate,
      talkSeconds: counts.talkSeconds,
      wrapSeconds: counts.wrapSeconds,
      waitSeconds: counts.waitSeconds,
      busySeconds: counts.busyIntegral,
      ratioSum: pacing.ratioSum,
      ticks: pacing.ticks,
      cutoffSeconds: pacing.cutoffSeconds,
      events: counts.events,
    };
  }

  /** The simulated second the dialler has reached (pacing ticks 0..now−1 ran). */
  get now(): number {
    return this.engine.now;
  }

  /** Agents free now. */
  get free(): number {
    return this.engine.free;
  }

  /** Lines in flight now: ringing, held by a machine, or waiting for an agent. */
  get linesInFlight(): number {
    return this.engine.linesInFlight;
  }

  /**
   * Applies new settings or a new profile from the next tick. A change of agents frees or takes
   * agents as they come free (calls in progress finish); the ratio and abandon window carry over.
   */
  configure(settings: ResolvedPcSettings, profile: OperatingProfile): void {
    this.engine.configure(pcCallProcess(settings, profile), pcPacing(settings, profile));
  }

  /** Runs pacing ticks now..until−1 and every event before `until`. */
  advanceTo(until: number): void {
    this.engine.advanceTo(until);
  }

  /** Processes the events at exactly `time` too (the end of a replication: events at t <= D count). */
  finishAt(time: number): void {
    this.engine.finishAt(time);
  }

  /** Agent busy time up to `time` (call after advanceTo(time)). */
  busySecondsAt(time: number): number {
    return this.engine.busySecondsAt(time);
  }

  /** Hands the engine's arrays to the next engine on this thread (CallEngine.release); the dialler must not be used afterwards. */
  release(): void {
    this.engine.release();
  }
}
