/**
 * Runs one live outcome analysis to its verdict (README, "Live outcome analysis"): start it
 * (baseline read), then every interval read the counts since the apply, decide, and journal the
 * reading; on a failure roll back with a conditional write. Resumable: give it a journaled state
 * and it carries on from its last reading. Time and cancellation are injected.
 */
import { anchorFor, countsSince, type AnalysisState, type SkillCounts } from './analysis-state.js';
import { decideAnalysis, type AnalysisDecision } from './decide-analysis.js';
import type { SkillOutcomeReader } from './outcome-reader.js';
import { rollbackSkill, type RollbackResult, type SkillGroupsAccess } from './skill-rollback.js';

export interface AnalysisDependencies {
  reader: SkillOutcomeReader;
  groups: SkillGroupsAccess;
  now: () => Date;
  /** Sleeps `ms`, rejecting when `signal` aborts. */
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Persists the state after every reading (the journal and the status), before the next sleep. */
  save: (state: AnalysisState) => Promise<void>;
  signal?: AbortSignal;
}

export interface AnalysisOutcome {
  /** pass → Verified; fail → RolledBack (or Failed when the rollback could not be done); inconclusive → Paused. */
  outcome: 'pass' | 'fail' | 'inconclusive';
  decision: AnalysisDecision;
  state: AnalysisState;
  rollback?: RollbackResult;
  reason: string;
}

/** Readings kept on the state (the oldest go first): enough for the chart, bounded. */
export const MAX_CHECKS_KEPT = 500;

export interface AnalysisStart {
  name: string;
  skillId: number;
  revision: string;
  limit: number;
  analysis: { windowSeconds: number; intervalSeconds: number; minLiveAnswers: number; maxWindowSeconds: number };
  previous: AnalysisState['previous'];
  applied: AnalysisState['applied'];
}

/** The state of a new analysis, its baseline read now: the counts over [anchor, now]. */
export async function startAnalysis(start: AnalysisStart, reader: SkillOutcomeReader, now: Date, signal?: AbortSignal): Promise<AnalysisState> {
  const anchor = anchorFor(now);
  const baseline: SkillCounts = now.getTime() > anchor.getTime() ? await reader.counts(start.skillId, anchor, now, signal) : { dials: 0, connects: 0, abandons: 0 };
  return {
    name: start.name,
    skillId: start.skillId,
    revision: start.revision,
    startedAt: now.toISOString(),
    anchor: anchor.toISOString(),
    baseline,
    limit: start.limit,
    ...start.analysis,
    previous: start.previous,
    applied: start.applied,
    checks: [],
  };
}

/** One reading and its decision, the state updated with it. */
export async function checkAnalysis(state: AnalysisState, dependencies: Pick<AnalysisDependencies, 'reader' | 'now' | 'signal'>): Promise<{ state: AnalysisState; decision: AnalysisDecision }> {
  const now = dependencies.now();
  const reading = await dependencies.reader.counts(state.skillId, new Date(state.anchor), now, dependencies.signal);
  const decision = decideAnalysis(state, countsSince(reading, state.baseline), now);
  const checks = [...state.checks, decision.check].slice(-MAX_CHECKS_KEPT);
  return { state: { ...state, checks }, decision };
}

/** Waits for the next reading: the first one interval after the start (or the last reading). */
function millisecondsToNext(state: AnalysisState, now: Date): number {
  const last = state.checks.at(-1);
  const from = Date.parse(last?.at ?? state.startedAt);
  const maxEnd = Date.parse(state.startedAt) + state.maxWindowSeconds * 1000;
  return Math.max(0, Math.min(from + state.intervalSeconds * 1000, maxEnd) - now.getTime());
}

export async function runAnalysis(initial: AnalysisState, dependencies: AnalysisDependencies): Promise<AnalysisOutcome> {
  let state = initial;
  for (;;) {
    await dependencies.sleep(millisecondsToNext(state, dependencies.now()), dependencies.signal);
    const checked = await checkAnalysis(state, dependencies);
    state = checked.state;
    await dependencies.save(state);
    const { decision } = checked;
    if (decision.verdict === 'Running') continue;
    if (decision.verdict === 'Passed') return { outcome: 'pass', decision, state, reason: `verified by live outcomes: ${decision.reason}` };
    if (decision.verdict === 'Inconclusive') return { outcome: 'inconclusive', decision, state, reason: `live analysis inconclusive: ${decision.reason}` };
    const rollback = await rollbackSkill(dependencies.groups, state.skillId, state.applied, state.previous, dependencies.signal);
    const after = rollback.outcome === 'RolledBack' ? 'rolled back to the previous settings' : rollback.reason;
    return { outcome: 'fail', decision, state, rollback, reason: `live analysis failed: ${decision.reason}; ${after}` };
  }
}
