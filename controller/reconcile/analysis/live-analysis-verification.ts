/**
 * The live outcome analysis as a verification kind of the settle phase (docs/architecture.md,
 * "Settle hook: verification kinds"; README, "Live outcome analysis"). The first run reads the
 * baseline and journals the analysis state (`save`); each later run reads the counts since the
 * apply, decides, and returns `watching` with the state as progress until the verdict. A failure
 * is rolled back by the settle phase with the dialect's conditional write; inconclusive → Paused.
 * Resumed after a restart or by a standby from the journaled progress, like any verification.
 */
import type { LiveSkill } from '../../domain/live-skill.js';
import type { SkillSpec } from '../../domain/skill-spec.js';
import { VerificationInterrupted, type VerificationEvidence, type VerificationKind, type VerificationVerdict } from '../dialect.js';
import { anchorFor, countsSince, type AnalysisState } from './analysis-state.js';
import { decideAnalysis, type AnalysisDecision } from './decide-analysis.js';
import type { SkillOutcomeReader } from './outcome-reader.js';
import { analysisStatusOf } from './analysis-status-of.js';

export { LIVE_ANALYSIS } from '../../adapters/cxone/cxone-skill-dialect.js';
import { LIVE_ANALYSIS } from '../../adapters/cxone/cxone-skill-dialect.js';
import { messageOf } from '../../lib/error-message.js';

/** Readings kept on the state (the oldest dropped first): enough for the chart, bounded. */
export const MAX_CHECKS_KEPT = 500;

/** The state of a new analysis of an apply at `appliedAt`, its baseline the counts over [anchor, appliedAt]. */
export async function startAnalysis(skill: SkillSpec, appliedAt: Date, reader: SkillOutcomeReader, signal?: AbortSignal): Promise<AnalysisState> {
  const anchor = anchorFor(appliedAt);
  const baseline = appliedAt.getTime() > anchor.getTime() ? await reader.counts(skill.skillId, anchor, appliedAt, signal) : { dials: 0, connects: 0, abandons: 0 };
  return {
    name: skill.name,
    skillId: skill.skillId,
    startedAt: appliedAt.toISOString(),
    anchor: anchor.toISOString(),
    baseline,
    limit: skill.simulation.maxAbandonRate,
    ...skill.analysis,
    checks: [],
  };
}

/** One reading and its decision, the state updated with it. */
export async function checkAnalysis(state: AnalysisState, reader: SkillOutcomeReader, now: Date, signal?: AbortSignal): Promise<{ state: AnalysisState; decision: AnalysisDecision }> {
  const reading = await reader.counts(state.skillId, new Date(state.anchor), now, signal);
  const decision = decideAnalysis(state, countsSince(reading, state.baseline), now);
  return { state: { ...state, checks: [...state.checks, decision.check].slice(-MAX_CHECKS_KEPT) }, decision };
}

/** A journaled progress value is an analysis state of this skill (anything else starts afresh). */
export function isAnalysisState(value: unknown, skillId: number): value is AnalysisState {
  const state = value as Partial<AnalysisState> | undefined;
  return typeof state === 'object' && state !== null && state.skillId === skillId && typeof state.startedAt === 'string' && typeof state.anchor === 'string' && Array.isArray(state.checks) && typeof state.baseline === 'object';
}

function evidenceOf(state: AnalysisState, decision: AnalysisDecision): VerificationEvidence {
  return { source: 'analysis', abandonRate: decision.check.abandonRate, abandonRateUpper95: decision.check.upper, limit: state.limit, analysis: analysisStatusOf(state, decision) };
}

/** Milliseconds until the next reading: one interval after the last (or the start), never past maxWindow. */
export function millisecondsToNextCheck(state: AnalysisState, now: Date): number {
  const from = Date.parse(state.checks.at(-1)?.at ?? state.startedAt);
  const end = Date.parse(state.startedAt) + state.maxWindowSeconds * 1000;
  return Math.max(0, Math.min(from + state.intervalSeconds * 1000, end) - now.getTime());
}

export function liveAnalysisVerification(reader: SkillOutcomeReader): VerificationKind<SkillSpec, LiveSkill> {
  return {
    kind: LIVE_ANALYSIS,
    async run({ desired, appliedAt, progress, save, now, signal }): Promise<VerificationVerdict> {
      if (signal?.aborted) throw new VerificationInterrupted();
      let state: AnalysisState;
      try {
        if (!isAnalysisState(progress, desired.skillId)) {
          state = await startAnalysis(desired, new Date(appliedAt), reader, signal);
          await save(state);
          const message = `live analysis started: baseline ${state.baseline.connects + state.baseline.abandons} live answers in the interval before the apply`;
          return { verdict: 'watching', message, progress: state, checkAgainAfterMs: millisecondsToNextCheck(state, now()), analysis: analysisStatusOf(state, undefined, message) };
        }
        state = progress;
        if (millisecondsToNextCheck(state, now()) > 0) {
          return { verdict: 'watching', message: 'live analysis: waiting for the next reading', progress: state, checkAgainAfterMs: millisecondsToNextCheck(state, now()) };
        }
        const checked = await checkAnalysis(state, reader, now(), signal);
        state = checked.state;
        const { decision } = checked;
        if (decision.verdict === 'Passed') return { verdict: 'pass', message: `verified by live outcomes: ${decision.reason}`, evidence: evidenceOf(state, decision) };
        if (decision.verdict === 'Failed') return { verdict: 'fail', message: `live analysis failed: ${decision.reason}`, evidence: evidenceOf(state, decision) };
        if (decision.verdict === 'Inconclusive') return { verdict: 'inconclusive', message: `live analysis inconclusive: ${decision.reason}`, evidence: evidenceOf(state, decision) };
        await save(state);
        return { verdict: 'watching', message: `live analysis: ${decision.reason}`, progress: state, checkAgainAfterMs: millisecondsToNextCheck(state, now()), analysis: analysisStatusOf(state, decision) };
      } catch (error) {
        if (signal?.aborted) throw new VerificationInterrupted();
        if (!isAnalysisState(progress, desired.skillId)) return { verdict: 'inconclusive', message: `live analysis could not start: ${messageOf(error)}` };
        const kept = progress;
        const past = now().getTime() >= Date.parse(kept.startedAt) + kept.maxWindowSeconds * 1000;
        if (past) return { verdict: 'inconclusive', message: `live analysis could not read the outcomes before the maximum window ended: ${messageOf(error)}` };
        return { verdict: 'watching', message: `live analysis: the outcomes could not be read (${messageOf(error)}); trying again next interval`, progress: kept, checkAgainAfterMs: kept.intervalSeconds * 1000 };
      }
    },
  };
}
