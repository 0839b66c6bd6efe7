/**
 * The live outcome analysis on /metrics (README, "Live outcome analysis"): per managed skill (or
 * campaign) with an analysis on its status, the phase it is in, the counts since the apply, the
 * observed abandon share with its Wilson 95% bounds, the limit and how long it has run.
 */
import { Gauge, type Registry } from 'prom-client';
import { ANALYSIS_PHASES } from '../../domain/analysis-status.js';
import type { CampaignState } from '../../domain/campaign-state.js';

export interface AnalysisMetrics {
  /** Resets the gauges and sets them from the states' analyses. */
  set(states: readonly CampaignState[]): void;
}

export function createAnalysisMetrics(registry: Registry): AnalysisMetrics {
  const gauge = (name: string, help: string, labelNames: string[] = ['campaign']) => new Gauge({ name: `cxone_gitops_analysis_${name}`, help, labelNames, registers: [registry] });
  const phase = gauge('phase', 'Live outcome analysis of the latest apply: 1 for the phase it is in (Running, Passed, Failed, Inconclusive)', ['campaign', 'phase']);
  const liveAnswers = gauge('live_answers', 'Live answers (connects + abandons) since the apply, as CXone reports them');
  const abandons = gauge('abandons', 'Abandons since the apply, as CXone reports them');
  const dials = gauge('dials', 'Dials since the apply, as CXone reports them');
  const rate = gauge('abandon_rate', 'Observed abandon share of live answers since the apply, with its Wilson 95% bounds', ['campaign', 'bound']);
  const limit = gauge('abandon_limit', 'The abandon share the analysis holds the skill to');
  const elapsed = gauge('elapsed_seconds', 'Seconds from the apply to the latest reading');
  const all = [phase, liveAnswers, abandons, dials, rate, limit, elapsed];
  return {
    set(states) {
      for (const g of all) g.reset();
      for (const { name: campaign, analysis } of states) {
        if (!analysis) continue;
        for (const p of ANALYSIS_PHASES) phase.set({ campaign, phase: p }, analysis.phase === p ? 1 : 0);
        liveAnswers.set({ campaign }, analysis.liveAnswers);
        abandons.set({ campaign }, analysis.counts.abandons);
        dials.set({ campaign }, analysis.counts.dials);
        rate.set({ campaign, bound: 'observed' }, analysis.abandonRate);
        rate.set({ campaign, bound: 'lower95' }, analysis.lower);
        rate.set({ campaign, bound: 'upper95' }, analysis.upper);
        limit.set({ campaign }, analysis.limit);
        elapsed.set({ campaign }, analysis.elapsedSeconds);
      }
    },
  };
}
