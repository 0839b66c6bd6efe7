/**
 * What the status document, the metrics, the campaign page and the audit records show of a live
 * outcome analysis (README, "Live outcome analysis"): its phase, the counts since the apply, the
 * Wilson 95% bounds, the window, and the readings over time (the chart). Pure data; the analysis
 * itself (controller/reconcile/analysis/) builds it.
 */

/** Outcome counts of a skill over some period, as CXone reports them. */
export interface OutcomeCounts {
  dials: number;
  connects: number;
  abandons: number;
}

export type AnalysisPhase = 'Running' | 'Passed' | 'Failed' | 'Inconclusive';

export const ANALYSIS_PHASES: readonly AnalysisPhase[] = ['Running', 'Passed', 'Failed', 'Inconclusive'];

/** One reading, as charted: the abandon share since the apply and its bounds at `at`. */
export interface AnalysisPoint {
  at: string;
  liveAnswers: number;
  abandonRate: number;
  lower: number;
  upper: number;
}

/** The analysis's evidence at its latest reading: what an audit record carries. */
export interface AnalysisEvidence {
  phase: AnalysisPhase;
  /** ISO time of the apply: the window starts here. */
  startedAt: string;
  /** ISO time of the latest reading (the start while none was taken). */
  at: string;
  /** Counts since the apply. */
  counts: OutcomeCounts;
  /** connects + abandons since the apply. */
  liveAnswers: number;
  /** abandons / liveAnswers; 0 with no live answers. */
  abandonRate: number;
  /** Wilson 95% bounds of that share. */
  lower: number;
  upper: number;
  limit: number;
  windowSeconds: number;
  maxWindowSeconds: number;
  minLiveAnswers: number;
  intervalSeconds: number;
  elapsedSeconds: number;
  /** One sentence: why it is in this phase. */
  reason: string;
}

/** The evidence plus the readings over time (kept on the status, charted on the campaign page). */
export interface AnalysisStatus extends AnalysisEvidence {
  /** The counts in the reporting interval before the apply (subtracted from every reading). */
  baseline: OutcomeCounts;
  points: AnalysisPoint[];
}

/** The evidence of a status, without the readings (audit records stay small). */
export function analysisEvidenceOf(status: AnalysisStatus): AnalysisEvidence {
  const { points: _points, baseline: _baseline, ...evidence } = status;
  return evidence;
}
