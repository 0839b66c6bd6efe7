import type { AbandonRate } from './pc-abandon-window.js';
import { AGGRESSIVENESS_STEP } from './pc-types.js';
import type { ResolvedPcSettings } from './pc-types.js';
import type { OperatingProfile } from './types.js';

/** Seconds between two ratio adjustments. */
export const ADJUST_EVERY_SECONDS = 10;
/** Live answers the dialler must have seen before it adjusts its ratio. */
export const MIN_LIVE_ANSWERS_TO_ADJUST = 50;

/** The constants of pc-v1's ratio rule for a skill's settings and profile (README, "The pc-v1 pacing model"). */
export interface PcPacingConstants {
  /** M = min(maximumRatio, maxConcurrentCallsPerAgent): the ratio's cap and lines per agent. */
  linesPerAgentCap: number;
  /** The ratio's step per adjustment (aggressiveness). */
  step: number;
  /** beginDampenPercentage % of abandonRateThreshold, as a share. */
  dampenAt: number;
  /** abandonRateCutoff as a share. */
  cutoff: number;
  /** percentageOfAgentsBeforeOverdial as a share. */
  overdialBusyShare: number;
  /** clamp(ringMean / (talk + wrap), 0, 1). */
  lookAhead: number;
  /** max(1, ceil(agents · 0.5)). */
  dialsPerSecondCap: number;
}

export function pcPacingConstants(settings: ResolvedPcSettings, profile: OperatingProfile): PcPacingConstants {
  const threshold = settings.abandonRateThreshold / 100;
  return {
    linesPerAgentCap: Math.min(settings.maximumRatio, settings.maxConcurrentCallsPerAgent),
    step: AGGRESSIVENESS_STEP[settings.aggressiveness],
    dampenAt: (settings.beginDampenPercentage / 100) * threshold,
    cutoff: settings.abandonRateCutoff / 100,
    overdialBusyShare: settings.percentageOfAgentsBeforeOverdial / 100,
    lookAhead: Math.min(1, Math.max(0, profile.ringMeanSeconds / (profile.avgTalkSeconds + profile.wrapSeconds))),
    dialsPerSecondCap: Math.max(1, Math.ceil(profile.agents * 0.5)),
  };
}

/**
 * The pacing state of pc-v1 (README, "The pc-v1 pacing model"): the dial ratio r, the cutoff
 * latch, reading a rolling abandon window its dialler keeps; it answers how many lines to dial at
 * each tick.
 */
export class PcPacer {
  /** The controller's dial ratio, 1..M. */
  ratio = 1;
  /** True from the moment the window's rate reaches the cutoff until it falls below the dampen point. */
  cutOff = false;
  private linesPerAgentCap = 1;
  private step = 0.02;
  private dampenAt = 0;
  private cutoff = 0;
  private overdialBusyShare = 0;
  private lookAhead = 0;
  private dialsPerSecondCap = 1;

  constructor(
    settings: ResolvedPcSettings,
    profile: OperatingProfile,
    private readonly window: AbandonRate,
  ) {
    this.configure(settings, profile);
  }

  /** Takes new settings or a new profile; the ratio and the window carry over, capped by the new M. */
  configure(settings: ResolvedPcSettings, profile: OperatingProfile): void {
    const constants = pcPacingConstants(settings, profile);
    this.linesPerAgentCap = constants.linesPerAgentCap;
    this.step = constants.step;
    this.dampenAt = constants.dampenAt;
    this.cutoff = constants.cutoff;
    this.overdialBusyShare = constants.overdialBusyShare;
    this.lookAhead = constants.lookAhead;
    this.dialsPerSecondCap = constants.dialsPerSecondCap;
    this.ratio = Math.min(this.ratio, this.linesPerAgentCap);
  }

  /** The ratio rule, run every ADJUST_EVERY_SECONDS once MIN_LIVE_ANSWERS_TO_ADJUST were seen. */
  adjust(): void {
    if (this.window.liveSeen < MIN_LIVE_ANSWERS_TO_ADJUST) return;
    const rate = this.window.rate();
    if (this.cutOff && rate < this.dampenAt) this.cutOff = false;
    if (rate >= this.cutoff) {
      this.cutOff = true;
      this.ratio = 1;
    } else if (this.cutOff) {
      this.ratio = 1;
    } else if (rate >= this.dampenAt) {
      this.ratio = Math.max(1, this.ratio - 2 * this.step);
    } else {
      this.ratio = Math.min(this.linesPerAgentCap, this.ratio + this.step);
    }
  }

  /**
   * The ratio in force with `free` of `agents` free: r while overdial is allowed (at least
   * percentageOfAgentsBeforeOverdial % busy), else 1 (progressive).
   */
  ratioInForce(agents: number, free: number): number {
    return this.ratio > 1 && agents - free >= this.overdialBusyShare * agents ? this.ratio : 1;
  }

  /**
   * New dials at a tick: min(C, max(0, floor(min(M · agents, r · E)) − F)). Progressive (r = 1)
   * dials one line per free agent (E = free); overdial counts in the agents about to be free
   * (E = free + lookAhead · busy).
   */
  dialsAt(ratio: number, agents: number, free: number, linesInFlight: number): number {
    const expectedFree = ratio > 1 ? free + this.lookAhead * (agents - free) : free;
    const level = Math.floor(Math.min(this.linesPerAgentCap * agents, ratio * expectedFree));
    return Math.min(this.dialsPerSecondCap, Math.max(0, level - linesInFlight));
  }
}
