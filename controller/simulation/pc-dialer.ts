import { CallEngine, type CallProcess, type Pacer, type PacingView } from './call-engine.js';
import { AbandonWindow } from './pc-abandon-window.js';
import { ADJUST_EVERY_SECONDS, PcPacer } from './pc-pacing.js';
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
 * pc-v1's pacing at each engine tick: the abandon window from the engine's counts (TSR abandons
 * are hang-ups plus late connections), the ratio rule every ADJUST_EVERY_SECONDS, and the ratio's
 * statistics.
 */
class PcTickPacer implements Pacer {
  readonly window = new AbandonWindow();
  readonly pacing: PcPacer;
  maxLinesInFlight = 1;
  private agents = 1;
  ticks = 0;
  ratioSum = 0;
  cutoffSeconds = 0;

  constructor(settings: ResolvedPcSettings, profile: OperatingProfile) {
    this.pacing = new PcPacer(settings, profile, this.window);
    this.configure(settings, profile);
  }

  configure(settings: ResolvedPcSettings, profile: OperatingProfile): void {
    this.pacing.configure(settings, profile);
    this.agents = profile.agents;
    this.maxLinesInFlight = Math.floor(Math.min(settings.maximumRatio, settings.maxConcurrentCallsPerAgent) * profile.agents);
  }

  dials(view: PacingView): number {
    const pacing = this.pacing;
    const tick = view.tick;
    this.window.observe(tick, view.liveAnswers, view.abandoned + view.connectedLate);
    if (tick > 0 && tick % ADJUST_EVERY_SECONDS === 0) pacing.adjust();
    const free = Math.max(0, view.freeAgents);
    const ratio = pacing.ratioInForce(this.agents, free);
    this.ticks += 1;
    this.ratioSum += ratio;
    if (pacing.cutOff) this.cutoffSeconds += 1;
    // A cut in agents can leave more lines in flight than the new cap: dial none until it clears.
    return Math.min(pacing.dialsAt(ratio, this.agents, free, view.linesInFlight), Math.max(0, this.maxLinesInFlight - view.linesInFlight));
  }
}

/**
 * One Personal Connection dialler of model `dialer-des/pc-v1` (README, "The pc-v1 pacing model")
 * that runs forward in whole simulated seconds, so it serves both a replication of D seconds and
 * the emulator's live traffic, whose settings and profile may change while it runs. The call
 * process is the shared call engine's (docs/architecture.md, "The simulator"); pacing is PcPacer's.
 * Deterministic for a seed.
 */
export class PcDialer {
  private readonly engine: CallEngine;
  private readonly pacer: PcTickPacer;

  /** `model` chooses the draws (pc-v2's ziggurat by default, pc-v1's first draws). */
  constructor(settings: ResolvedPcSettings, profile: OperatingProfile, seed: number, model: PcModelId = PC_MODEL_ID) {
    this.pacer = new PcTickPacer(settings, profile);
    this.engine = new CallEngine(pcCallProcess(settings, profile), this.pacer, seed, { samplers: samplersOf(model) });
  }

  /** Counts since the dialler started; read them between advances. */
  get counts(): PcCounts {
    const counts = this.engine.counts();
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
      ratioSum: this.pacer.ratioSum,
      ticks: this.pacer.ticks,
      cutoffSeconds: this.pacer.cutoffSeconds,
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
    this.pacer.configure(settings, profile);
    this.engine.configure(pcCallProcess(settings, profile));
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
