import { expect } from 'chai';
import type { AnalysisState, SkillCounts } from '../../../../controller/reconcile/analysis/analysis-state.js';
import { countsFromSummary } from '../../../../controller/reconcile/analysis/outcome-reader.js';
import { runAnalysis, startAnalysis, type AnalysisStart } from '../../../../controller/reconcile/analysis/run-analysis.js';
import type { SkillGroupsAccess } from '../../../../controller/reconcile/analysis/skill-rollback.js';

const APPLY = Date.parse('2026-12-01T10:05:00.000Z');

/** A skill whose traffic since 10:00 is `perMinute` live answers a minute with the given abandon share (fake time). */
function world(perMinute: number, share: number) {
  let now = APPLY;
  const reader = {
    calls: 0,
    async counts(_skillId: number, start: Date, end: Date): Promise<SkillCounts> {
      reader.calls += 1;
      const minutes = (end.getTime() - start.getTime()) / 60_000;
      const live = Math.round(perMinute * minutes);
      const abandons = Math.round(live * share);
      return { dials: live * 4, connects: live - abandons, abandons };
    },
  };
  const live: Record<string, Record<string, unknown>> = { generalSettings: { maximumRatio: 3, aggressiveness: 'aggressive', blockMultipleCalls: true } };
  const writes: Array<[string, Record<string, unknown>]> = [];
  const groups: SkillGroupsAccess = {
    async read() {
      return structuredClone(live);
    },
    async write(_skillId, group, fields) {
      writes.push([group, fields]);
      live[group] = { ...fields };
    },
  };
  const saved: AnalysisState[] = [];
  const dependencies = {
    reader,
    groups,
    now: () => new Date(now),
    sleep: async (ms: number) => {
      now += ms;
    },
    save: async (state: AnalysisState) => {
      saved.push(state);
    },
  };
  return { dependencies, live, writes, saved, reader, at: () => now };
}

const start: AnalysisStart = {
  name: 'renewals-outbound',
  skillId: 4021337,
  revision: 'abc123',
  limit: 0.03,
  analysis: { windowSeconds: 3600, intervalSeconds: 300, minLiveAnswers: 200, maxWindowSeconds: 4 * 3600 },
  previous: { generalSettings: { maximumRatio: 2, aggressiveness: 'conservative' } },
  applied: { generalSettings: { maximumRatio: 3, aggressiveness: 'aggressive' } },
};

describe('reconcile/analysis/runAnalysis', () => {
  it('starts with the baseline of the 15-minute interval the apply fell in', async () => {
    const { dependencies } = world(10, 0.01);
    const state = await startAnalysis(start, dependencies.reader, new Date(APPLY));
    expect(state.anchor).to.equal('2026-12-01T10:00:00.000Z');
    expect(state.baseline.connects + state.baseline.abandons).to.equal(50);
    expect(state.checks).to.deep.equal([]);
  });

  it('passes at the window with enough live answers within the limit, journaling every reading', async () => {
    const { dependencies, saved, writes, at } = world(10, 0.01);
    const result = await runAnalysis(await startAnalysis(start, dependencies.reader, new Date(APPLY)), dependencies);
    expect(result.outcome).to.equal('pass');
    expect(at() - APPLY).to.equal(3600_000);
    expect(saved).to.have.length(12);
    expect(result.state.checks.map((c) => c.counts.connects + c.counts.abandons)).to.deep.equal([50, 100, 150, 200, 250, 300, 350, 400, 450, 500, 550, 600]);
    expect(writes).to.deep.equal([]);
    expect(result.reason).to.match(/^verified by live outcomes/);
  });

  it('fails as soon as the lower bound is over the limit and rolls back the whole group, unmanaged fields kept', async () => {
    const { dependencies, writes, live, at } = world(40, 0.12);
    const result = await runAnalysis(await startAnalysis(start, dependencies.reader, new Date(APPLY)), dependencies);
    expect(result.outcome).to.equal('fail');
    expect(at() - APPLY).to.equal(300_000);
    expect(result.rollback?.outcome).to.equal('RolledBack');
    expect(writes).to.deep.equal([['generalSettings', { maximumRatio: 2, aggressiveness: 'conservative', blockMultipleCalls: true }]]);
    expect(live.generalSettings).to.deep.equal({ maximumRatio: 2, aggressiveness: 'conservative', blockMultipleCalls: true });
  });

  it('does not roll back over a change made since the apply, and says so', async () => {
    const { dependencies, writes, live } = world(40, 0.12);
    live.generalSettings!.maximumRatio = 1;
    const result = await runAnalysis(await startAnalysis(start, dependencies.reader, new Date(APPLY)), dependencies);
    expect(result.outcome).to.equal('fail');
    expect(result.rollback).to.deep.include({ outcome: 'Conflict' });
    expect(result.reason).to.include('generalSettings.maximumRatio changed since the apply');
    expect(writes).to.deep.equal([]);
  });

  it('is inconclusive at the maximum window when the skill has too little traffic', async () => {
    const { dependencies, at } = world(0.5, 0);
    const result = await runAnalysis(await startAnalysis(start, dependencies.reader, new Date(APPLY)), dependencies);
    expect(result.outcome).to.equal('inconclusive');
    expect(at() - APPLY).to.equal(4 * 3600_000);
    expect(result.reason).to.include('fewer than the 200 live answers needed');
  });

  it('resumes a journaled analysis from its last reading, keeping its start and baseline', async () => {
    const first = world(10, 0.01);
    const state = await startAnalysis(start, first.dependencies.reader, new Date(APPLY));
    const interrupted = new AbortController();
    let readings = 0;
    try {
      await runAnalysis(state, { ...first.dependencies, save: async (s) => { first.saved.push(s); if (++readings === 3) interrupted.abort(new Error('killed')); }, sleep: async (ms) => { if (interrupted.signal.aborted) throw interrupted.signal.reason; await first.dependencies.sleep(ms); } });
      expect.fail('the analysis should have been cut short');
    } catch (error) {
      expect((error as Error).message).to.equal('killed');
    }
    const journaled = first.saved.at(-1)!;
    expect(journaled.checks).to.have.length(3);
    const resumed = await runAnalysis(journaled, first.dependencies);
    expect(resumed.outcome).to.equal('pass');
    expect(resumed.state.startedAt).to.equal(state.startedAt);
    expect(resumed.state.baseline).to.deep.equal(state.baseline);
    expect(resumed.state.checks).to.have.length(12);
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
