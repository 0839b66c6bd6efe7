/**
 * The decision of a live outcome analysis (README, "Live outcome analysis"), pure: given the
 * analysis state, the counts since the apply and the time, pass, fail, inconclusive or keep
 * watching. Table-tested.
 */
import type { AnalysisCheck, AnalysisState, SkillCounts } from './analysis-state.js';
import { wilsonInterval } from './wilson-interval.js';

export type AnalysisVerdict = 'Passed' | 'Failed' | 'Inconclusive' | 'Running';

export interface AnalysisDecision {
  verdict: AnalysisVerdict;
  check: AnalysisCheck;
  /** Live answers since the apply: connects + abandons. */
  liveAnswers: number;
  /** Seconds since the apply. */
  elapsedSeconds: number;
  /** While Running: when to look again (ISO), never past the maximum window. */
  nextCheckAt?: string;
  /** One sentence for the status, the audit record and the alert. */
  reason: string;
}

export type AnalysisRules = Pick<AnalysisState, 'startedAt' | 'limit' | 'windowSeconds' | 'intervalSeconds' | 'minLiveAnswers' | 'maxWindowSeconds'>;

const pct = (value: number): string => `${(value * 100).toFixed(2)}%`;

/**
 * - Failed as soon as the Wilson 95% lower bound of abandons / (connects + abandons) is over the limit;
 * - Passed once the window has passed with at least minLiveAnswers and the upper bound within the limit;
 * - Inconclusive at maxWindow otherwise; Running before that.
 */
export function decideAnalysis(rules: AnalysisRules, since: SkillCounts, now: Date): AnalysisDecision {
  const liveAnswers = since.connects + since.abandons;
  const { lower, upper } = wilsonInterval(since.abandons, liveAnswers);
  const abandonRate = liveAnswers > 0 ? since.abandons / liveAnswers : 0;
  const check: AnalysisCheck = { at: now.toISOString(), counts: { ...since }, abandonRate, lower, upper };
  const startMs = Date.parse(rules.startedAt);
  const elapsedSeconds = Math.max(0, (now.getTime() - startMs) / 1000);
  const observed = `${since.abandons} abandons of ${liveAnswers} live answers (${pct(abandonRate)}, 95% interval ${pct(lower)}–${pct(upper)})`;
  const base = { check, liveAnswers, elapsedSeconds };
  if (liveAnswers > 0 && lower > rules.limit) {
    return { ...base, verdict: 'Failed', reason: `${observed} since the apply: the lower bound is over the limit ${pct(rules.limit)}` };
  }
  if (elapsedSeconds >= rules.windowSeconds && liveAnswers >= rules.minLiveAnswers && upper <= rules.limit) {
    return { ...base, verdict: 'Passed', reason: `${observed} since the apply: the upper bound is within the limit ${pct(rules.limit)}` };
  }
  if (elapsedSeconds >= rules.maxWindowSeconds) {
    const why = liveAnswers < rules.minLiveAnswers
      ? `fewer than the ${rules.minLiveAnswers} live answers needed`
      : `the interval still straddles the limit ${pct(rules.limit)}`;
    return { ...base, verdict: 'Inconclusive', reason: `${observed} after the maximum window: ${why}; check the skill and resume or retry` };
  }
  const next = Math.min(now.getTime() + rules.intervalSeconds * 1000, startMs + rules.maxWindowSeconds * 1000);
  return { ...base, verdict: 'Running', nextCheckAt: new Date(next).toISOString(), reason: `${observed} so far` };
}
