/**
 * The status view of a live analysis (README, "Live outcome analysis"): from its journaled state
 * and its latest decision, what the status document, the metrics, the campaign page's chart and the
 * audit records show. Pure.
 */
import type { AnalysisPhase, AnalysisPoint, AnalysisStatus } from '../../domain/analysis-status.js';
import type { AnalysisState } from './analysis-state.js';
import type { AnalysisDecision } from './decide-analysis.js';

/** Readings charted at most (the newest kept): the status document stays small. */
export const MAX_POINTS_SHOWN = 200;

const PHASE: Record<AnalysisDecision['verdict'], AnalysisPhase> = { Running: 'Running', Passed: 'Passed', Failed: 'Failed', Inconclusive: 'Inconclusive' };

/** The analysis as the status shows it; without a decision, as it started (no reading yet). */
export function analysisStatusOf(state: AnalysisState, decision?: AnalysisDecision, startReason?: string): AnalysisStatus {
  const points: AnalysisPoint[] = state.checks.slice(-MAX_POINTS_SHOWN).map((check) => ({
    at: check.at,
    liveAnswers: check.counts.connects + check.counts.abandons,
    abandonRate: check.abandonRate,
    lower: check.lower,
    upper: check.upper,
  }));
  const check = decision?.check ?? state.checks.at(-1);
  const at = check?.at ?? state.startedAt;
  const counts = check ? { ...check.counts } : { dials: 0, connects: 0, abandons: 0 };
  return {
    phase: decision ? PHASE[decision.verdict] : 'Running',
    startedAt: state.startedAt,
    at,
    counts,
    liveAnswers: counts.connects + counts.abandons,
    abandonRate: check?.abandonRate ?? 0,
    lower: check?.lower ?? 0,
    upper: check?.upper ?? 1,
    limit: state.limit,
    windowSeconds: state.windowSeconds,
    maxWindowSeconds: state.maxWindowSeconds,
    minLiveAnswers: state.minLiveAnswers,
    intervalSeconds: state.intervalSeconds,
    elapsedSeconds: Math.max(0, (Date.parse(at) - Date.parse(state.startedAt)) / 1000),
    reason: decision?.reason ?? startReason ?? 'no reading yet',
    baseline: { ...state.baseline },
    points,
  };
}
