/**
 * The persisted state of one live outcome analysis (README, "Live outcome analysis"): what an
 * analysis needs to be resumed after a restart or by a standby that takes over. Journaled with
 * the apply's audit record and kept on the status.
 */
import type { OutcomeCounts } from '../../domain/analysis-status.js';

/** Outcome counts of a skill over some period, as CXone reports them. */
export type SkillCounts = OutcomeCounts;

export const ZERO_COUNTS: Readonly<SkillCounts> = Object.freeze({ dials: 0, connects: 0, abandons: 0 });

/** One look at the counts since the apply. */
export interface AnalysisCheck {
  /** ISO time of the reading. */
  at: string;
  /** Counts since the apply (reading minus baseline). */
  counts: SkillCounts;
  /** abandons / (connects + abandons); 0 with no live answers. */
  abandonRate: number;
  /** Wilson 95% bounds of that share. */
  lower: number;
  upper: number;
}

export interface AnalysisState {
  /** The skill (metadata.name) and its CXone id. */
  name: string;
  skillId: number;
  /** ISO time of the apply: the analysis window starts here. */
  startedAt: string;
  /**
   * ISO start of the period every reading asks for: the apply time floored to the reporting
   * interval (15 minutes). Counts since the apply are reading(anchor, now) − baseline, so a source
   * that reports whole intervals never counts traffic from before the apply twice.
   */
  anchor: string;
  /** Counts over [anchor, startedAt], read when the analysis started. */
  baseline: SkillCounts;
  /** The abandon share the analysis holds the skill to (spec.simulation.maxAbandonRate). */
  limit: number;
  windowSeconds: number;
  intervalSeconds: number;
  minLiveAnswers: number;
  maxWindowSeconds: number;
  /** Readings so far, oldest first (the campaign page charts them). */
  checks: AnalysisCheck[];
}

/** Reporting interval of the dialer-contacts statistics: 15 minutes. */
export const REPORTING_INTERVAL_MS = 15 * 60 * 1000;

/** The apply time floored to the reporting interval. */
export function anchorFor(startedAt: Date): Date {
  return new Date(Math.floor(startedAt.getTime() / REPORTING_INTERVAL_MS) * REPORTING_INTERVAL_MS);
}

/** Counts since the apply: a reading over [anchor, now] minus the baseline, never below 0. */
export function countsSince(reading: SkillCounts, baseline: SkillCounts): SkillCounts {
  return {
    dials: Math.max(0, reading.dials - baseline.dials),
    connects: Math.max(0, reading.connects - baseline.connects),
    abandons: Math.max(0, reading.abandons - baseline.abandons),
  };
}
