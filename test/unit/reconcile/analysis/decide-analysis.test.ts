import { expect } from 'chai';
import { anchorFor, countsSince } from '../../../../controller/reconcile/analysis/analysis-state.js';
import { decideAnalysis } from '../../../../controller/reconcile/analysis/decide-analysis.js';
import type { AnalysisRules, AnalysisVerdict } from '../../../../controller/reconcile/analysis/decide-analysis.js';
import { wilsonInterval } from '../../../../controller/reconcile/analysis/wilson-interval.js';

describe('reconcile/analysis/wilsonInterval', () => {
  const table: Array<[number, number, number, number]> = [
    // successes, trials, lower, upper (published Wilson 95% values)
    [0, 10, 0, 0.2775],
    [5, 10, 0.2366, 0.7634],
    [1, 100, 0.0018, 0.0545],
    [30, 1000, 0.0211, 0.0425],
    [10, 10, 0.7225, 1],
  ];
  for (const [x, n, lower, upper] of table) {
    it(`gives ${lower}–${upper} for ${x} of ${n}`, () => {
      const interval = wilsonInterval(x, n);
      expect(interval.lower).to.be.closeTo(lower, 1e-4);
      expect(interval.upper).to.be.closeTo(upper, 1e-4);
    });
  }

  it('knows nothing with no trials: [0, 1]', () => {
    expect(wilsonInterval(0, 0)).to.deep.equal({ lower: 0, upper: 1 });
  });
});

describe('reconcile/analysis/decideAnalysis', () => {
  const rules: AnalysisRules = {
    startedAt: '2026-12-01T10:00:00.000Z',
    limit: 0.03,
    windowSeconds: 3600,
    intervalSeconds: 300,
    minLiveAnswers: 200,
    maxWindowSeconds: 4 * 3600,
  };
  const at = (minutes: number): Date => new Date(Date.parse(rules.startedAt) + minutes * 60_000);
  const table: Array<{ name: string; minutes: number; connects: number; abandons: number; verdict: AnalysisVerdict }> = [
    { name: 'fails at once when the lower bound is over the limit, before the window', minutes: 5, connects: 180, abandons: 20, verdict: 'Failed' },
    { name: 'keeps watching when the rate is high but the lower bound is not yet over the limit', minutes: 5, connects: 45, abandons: 3, verdict: 'Running' },
    { name: 'keeps watching a clean skill until the window has passed', minutes: 59, connects: 2000, abandons: 10, verdict: 'Running' },
    { name: 'passes at the window with enough answers and the upper bound within the limit', minutes: 60, connects: 2000, abandons: 20, verdict: 'Passed' },
    { name: 'keeps watching after the window with too few live answers', minutes: 90, connects: 150, abandons: 0, verdict: 'Running' },
    { name: 'keeps watching after the window while the interval straddles the limit', minutes: 90, connects: 970, abandons: 30, verdict: 'Running' },
    { name: 'is inconclusive at the maximum window with too few answers', minutes: 240, connects: 150, abandons: 0, verdict: 'Inconclusive' },
    { name: 'is inconclusive at the maximum window while the interval straddles the limit', minutes: 240, connects: 970, abandons: 30, verdict: 'Inconclusive' },
    { name: 'still fails at the maximum window when the lower bound is over the limit', minutes: 240, connects: 900, abandons: 100, verdict: 'Failed' },
    { name: 'never fails with no live answers', minutes: 10, connects: 0, abandons: 0, verdict: 'Running' },
  ];
  for (const row of table) {
    it(row.name, () => {
      const decision = decideAnalysis(rules, { dials: 4 * (row.connects + row.abandons), connects: row.connects, abandons: row.abandons }, at(row.minutes));
      expect(decision.verdict).to.equal(row.verdict);
      expect(decision.liveAnswers).to.equal(row.connects + row.abandons);
      expect(decision.elapsedSeconds).to.equal(row.minutes * 60);
    });
  }

  it('asks to look again after the interval, never past the maximum window', () => {
    expect(decideAnalysis(rules, { dials: 0, connects: 10, abandons: 0 }, at(30)).nextCheckAt).to.equal(at(35).toISOString());
    expect(decideAnalysis(rules, { dials: 0, connects: 10, abandons: 0 }, at(238)).nextCheckAt).to.equal(at(240).toISOString());
  });

  it('records the reading: counts, share and bounds, and names them in the reason', () => {
    const decision = decideAnalysis(rules, { dials: 800, connects: 180, abandons: 20 }, at(5));
    expect(decision.check).to.deep.include({ at: at(5).toISOString(), abandonRate: 0.1, counts: { dials: 800, connects: 180, abandons: 20 } });
    expect(decision.check.lower).to.be.closeTo(wilsonInterval(20, 200).lower, 1e-12);
    expect(decision.reason).to.include('20 abandons of 200 live answers (10.00%').and.to.include('over the limit 3.00%');
  });
});

describe('reconcile/analysis/analysis-state', () => {
  it('anchors the readings at the 15-minute interval the apply fell in', () => {
    expect(anchorFor(new Date('2026-12-01T10:22:31.500Z')).toISOString()).to.equal('2026-12-01T10:15:00.000Z');
    expect(anchorFor(new Date('2026-12-01T10:15:00.000Z')).toISOString()).to.equal('2026-12-01T10:15:00.000Z');
  });

  it('counts since the apply as the reading minus the baseline, never below zero', () => {
    expect(countsSince({ dials: 100, connects: 30, abandons: 2 }, { dials: 40, connects: 10, abandons: 3 })).to.deep.equal({ dials: 60, connects: 20, abandons: 0 });
  });
});
