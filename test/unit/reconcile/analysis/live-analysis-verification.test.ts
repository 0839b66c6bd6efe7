import { expect } from 'chai';
import type { SkillCounts } from '../../../../controller/reconcile/analysis/analysis-state.js';
import { liveAnalysisVerification, LIVE_ANALYSIS } from '../../../../controller/reconcile/analysis/live-analysis-verification.js';
import { countsFromSummary } from '../../../../controller/reconcile/analysis/outcome-reader.js';
import { isVerificationInterrupted, type VerificationVerdict } from '../../../../controller/reconcile/dialect.js';
import type { LiveSkill } from '../../../../controller/domain/live-skill.js';
import type { SkillSpec } from '../../../../controller/domain/skill-spec.js';

const APPLY = Date.parse('2026-12-01T10:05:00.000Z');

const skill = {
  kind: 'OutboundSkill',
  name: 'renewals-outbound',
  skillId: 4021337,
  simulation: { maxAbandonRate: 0.03 },
  analysis: { windowSeconds: 3600, intervalSeconds: 300, minLiveAnswers: 200, maxWindowSeconds: 4 * 3600 },
} as unknown as SkillSpec;
const applied: LiveSkill = { skillId: 4021337, skillName: 'renewals', groups: {} };

/** A skill whose traffic is `perMinute` live answers a minute at an abandon share (fake time); reruns the kind as the queue would. */
function world(perMinute: number, share: number, failReads = 0) {
  let now = APPLY;
  let failures = failReads;
  const reader = {
    async counts(_skillId: number, start: Date, end: Date): Promise<SkillCounts> {
      if (failures > 0 && end.getTime() > APPLY) {
        failures -= 1;
        throw new Error('CXone answered 503');
      }
      const live = Math.round((perMinute * (end.getTime() - start.getTime())) / 60_000);
      const abandons = Math.round(live * share);
      return { dials: live * 4, connects: live - abandons, abandons };
    },
  };
  const saved: unknown[] = [];
  const kind = liveAnalysisVerification(reader);
  async function runToVerdict(progress?: unknown, signal?: AbortSignal): Promise<{ verdict: VerificationVerdict; runs: number; progress?: unknown }> {
    let runs = 0;
    let current = progress;
    for (;;) {
      runs += 1;
      const verdict = await kind.run({ desired: skill, applied, appliedAt: new Date(APPLY).toISOString(), progress: current, save: async (p) => void saved.push(p), now: () => new Date(now), signal });
      if (verdict.verdict !== 'watching') return { verdict, runs, progress: current };
      current = verdict.progress;
      now += verdict.checkAgainAfterMs;
    }
  }
  return { runToVerdict, saved, at: () => now, kind };
}

describe('reconcile/analysis/liveAnalysisVerification', () => {
  it('is the live-analysis kind', () => {
    expect(world(1, 0).kind.kind).to.equal(LIVE_ANALYSIS);
  });

  it('journals its start and baseline first, then passes at the window with enough live answers within the limit', async () => {
    const { runToVerdict, saved, at } = world(10, 0.01);
    const { verdict } = await runToVerdict();
    expect(verdict.verdict).to.equal('pass');
    expect(at() - APPLY).to.equal(3600_000);
    const first = saved[0] as { startedAt: string; anchor: string; baseline: SkillCounts; checks: unknown[] };
    expect(first).to.deep.include({ startedAt: new Date(APPLY).toISOString(), anchor: '2026-12-01T10:00:00.000Z', checks: [] });
    expect(first.baseline.connects + first.baseline.abandons).to.equal(50);
    expect(verdict.verdict === 'pass' && verdict.evidence).to.deep.include({ source: 'analysis', limit: 0.03 });
  });

  it('fails at the first reading whose lower bound is over the limit', async () => {
    const { runToVerdict, at } = world(40, 0.12);
    const { verdict } = await runToVerdict();
    expect(verdict.verdict).to.equal('fail');
    expect(at() - APPLY).to.equal(300_000);
    expect(verdict.message).to.include('over the limit 3.00%');
  });

  it('is inconclusive at the maximum window when the skill has too little traffic', async () => {
    const { runToVerdict, at } = world(0.5, 0);
    const { verdict } = await runToVerdict();
    expect(verdict.verdict).to.equal('inconclusive');
    expect(at() - APPLY).to.equal(4 * 3600_000);
    expect(verdict.message).to.include('fewer than the 200 live answers needed');
  });

  it('shows the analysis while it watches and carries its counts, bounds, window and readings with the verdict', async () => {
    const { kind, at } = world(40, 0.12);
    let now = at();
    const run = (progress?: unknown) => kind.run({ desired: skill, applied, appliedAt: new Date(APPLY).toISOString(), progress, save: async () => undefined, now: () => new Date(now) });
    const started = await run();
    expect(started.verdict).to.equal('watching');
    if (started.verdict !== 'watching') return;
    expect(started.analysis).to.deep.include({ phase: 'Running', liveAnswers: 0, limit: 0.03, windowSeconds: 3600, maxWindowSeconds: 4 * 3600, minLiveAnswers: 200, points: [] });
    now += started.checkAgainAfterMs;
    const failed = await run(started.progress);
    expect(failed.verdict).to.equal('fail');
    const analysis = failed.verdict === 'fail' ? failed.evidence?.analysis : undefined;
    expect(analysis).to.deep.include({ phase: 'Failed', startedAt: new Date(APPLY).toISOString(), elapsedSeconds: 300, liveAnswers: 200 });
    expect(analysis!.counts).to.deep.equal({ dials: 800, connects: 176, abandons: 24 });
    expect(analysis!.lower).to.be.above(0.03);
    expect(analysis!.upper).to.be.above(analysis!.abandonRate);
    expect(analysis!.points).to.have.length(1);
    expect(analysis!.points[0]).to.deep.include({ liveAnswers: 200, abandonRate: 0.12 });
    expect(analysis!.reason).to.include('over the limit 3.00%');
  });

  it('keeps watching through failed reads and judges once the outcomes can be read', async () => {
    const { runToVerdict } = world(10, 0.01, 2);
    expect((await runToVerdict()).verdict.verdict).to.equal('pass');
  });

  it('resumes from the journaled progress after a restart, keeping its start and baseline', async () => {
    const { runToVerdict, saved } = world(10, 0.01);
    const controller = new AbortController();
    await runToVerdict();
    const journaled = saved[3] as { checks: unknown[]; startedAt: string };
    expect(journaled.checks).to.have.length(3);
    const resumed = world(10, 0.01);
    const { verdict } = await resumed.runToVerdict(journaled);
    expect(verdict.verdict).to.equal('pass');
    expect((resumed.saved.at(-1) as { startedAt: string }).startedAt).to.equal(journaled.startedAt);
    controller.abort();
    try {
      await resumed.runToVerdict(journaled, controller.signal);
      expect.fail('an aborted run must not judge');
    } catch (error) {
      expect(isVerificationInterrupted(error)).to.equal(true);
    }
  });
});

describe('reconcile/analysis/countsFromSummary', () => {
  it('reads dials, connects and abandonCount of the skill', () => {
    expect(countsFromSummary({ skillSummaries: [{ skillId: 7, dials: 40, connects: 9, abandonCount: 1 }] }, 7)).to.deep.equal({ dials: 40, connects: 9, abandons: 1 });
  });

  it('names the fields when the answer is not the documented shape', () => {
    expect(() => countsFromSummary({ skillSummaries: [{ skillId: 7, dials: '40' }] }, 7)).to.throw('dials, connects and abandonCount must be whole numbers');
    expect(() => countsFromSummary({}, 7)).to.throw('without a skillSummaries array');
  });
});
