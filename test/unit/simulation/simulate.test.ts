import { expect } from 'chai';
import {
  DEFAULT_PROFILE,
  deriveReplicationSeed,
  runReplication,
  simulate,
  studentT975,
} from '../../../controller/simulation/index.js';
import type { SimulationSummary } from '../../../controller/simulation/index.js';
import { referenceReplication } from '../../support/reference-engine/reference-replication.js';

describe('simulation/simulate', () => {
  it('reports the model and the resolved inputs: weights with zeros, the profile over the defaults', () => {
    const summary = simulate({
      weights: { predictive_factor: 0.1 },
      profile: { agents: 12, wrapSeconds: undefined },
      durationSeconds: 300,
      replications: 3,
      seed: 8,
    });
    expect(summary.model).to.equal('dialer-des/v2');
    expect(summary).to.include({ seed: 8, replications: 3, durationSeconds: 300 });
    expect(summary.weights).to.deep.equal({
      answer_rate: 0, call_rate: 0, predictive_factor: 0.1, max_concurrent: 0, agent_efficiency: 0,
    });
    expect(summary.profile).to.deep.equal({ ...DEFAULT_PROFILE, agents: 12 });
  });

  it('runs the model asked for: dialer-des/v1 reproduces the first engine bit for bit, and differs from v2', () => {
    const input = { weights: { predictive_factor: 0.3 }, profile: { agents: 15 }, durationSeconds: 1200, replications: 5, seed: 21 };
    const old = simulate({ ...input, model: 'dialer-des/v1' });
    expect(old.model).to.equal('dialer-des/v1');
    const first = Array.from({ length: 5 }, (_, i) => referenceReplication(input.weights, { ...DEFAULT_PROFILE, agents: 15 }, 1200, deriveReplicationSeed(21, i)));
    expect(old.dials.mean).to.equal(first.reduce((sum, run) => sum + run.dials, 0) / 5);
    expect(old.events).to.equal(first.reduce((sum, run) => sum + run.events, 0));
    expect(old.abandonRate.mean).to.equal(first.reduce((sum, run) => sum + run.abandonRate, 0) / 5);
    expect(simulate(input).model).to.equal('dialer-des/v2');
    expect(simulate(input).events).to.not.equal(old.events);
  });

  it('refuses a model it does not know, naming the ones it does', () => {
    expect(() => simulate({ weights: {}, durationSeconds: 60, model: 'dialer-des/v0' as 'dialer-des/v1' })).to.throw(/model must be one of dialer-des\/v1, dialer-des\/v2 \(got "dialer-des\/v0"\)/);
  });

  it('defaults to 20 replications and seed 1', () => {
    const summary = simulate({ weights: {}, durationSeconds: 60 });
    expect(summary).to.include({ replications: 20, seed: 1 });
    expect(summary).to.deep.equal(simulate({ weights: {}, durationSeconds: 60, replications: 20, seed: 1 }));
  });

  it('summarises replication i run with deriveReplicationSeed(seed, i): means, t half-widths, upper bound, events', () => {
    const input = { weights: { predictive_factor: 0.5 }, profile: { agents: 20 }, durationSeconds: 900, replications: 6, seed: 77 };
    const runs = Array.from({ length: 6 }, (_, i) =>
      runReplication(input.weights, { ...DEFAULT_PROFILE, agents: 20 }, 900, deriveReplicationSeed(77, i)),
    );
    const summary = simulate(input);
    const values = runs.map((r) => r.abandonRate);
    const mean = values.reduce((a, b) => a + b, 0) / 6;
    const sd = Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / 5);
    expect(summary.abandonRate.mean).to.be.closeTo(mean, 1e-15);
    expect(summary.abandonRate.halfWidth).to.be.closeTo((studentT975(5) * sd) / Math.sqrt(6), 1e-15);
    expect(summary.abandonRate.halfWidth).to.be.above(0);
    expect(summary.abandonRateUpper95).to.equal(summary.abandonRate.mean + summary.abandonRate.halfWidth);
    expect(summary.dials.mean).to.be.closeTo(runs.reduce((a, r) => a + r.dials, 0) / 6, 1e-9);
    expect(summary.events).to.equal(runs.reduce((a, r) => a + r.events, 0));
  });

  it('defines predictionAccuracyRate as clamp(1 − |p′ − m| / m, 0, 1) with m the mean observed answer rate', () => {
    for (const answerRate of [-0.5, 0, 0.3, 1]) {
      const summary = simulate({ weights: { answer_rate: answerRate }, durationSeconds: 600, replications: 4 });
      const estimate = Math.min(1, Math.max(0.01, 0.25 * (1 + answerRate)));
      const m = summary.answerRate.mean;
      const expected = Math.min(1, Math.max(0, 1 - Math.abs(estimate - m) / m));
      expect(summary.predictionAccuracyRate, `answer_rate ${answerRate}`).to.be.closeTo(expected, 1e-12);
      expect(summary.predictionAccuracyRate).to.be.within(0, 1);
    }
    // The default profile answers live 0.25 · (1 − e^(−25/7)) ≈ 0.243 of dials: p' = 0.25 is close.
    expect(simulate({ weights: {}, durationSeconds: 600, replications: 4 }).predictionAccuracyRate).to.be.above(0.95);
  });

  it('gives zero half-widths with one replication', () => {
    const summary = simulate({ weights: {}, durationSeconds: 600, replications: 1 });
    for (const key of ['abandonRate', 'occupancy', 'answerRate', 'meanWaitSeconds', 'dials', 'liveAnswers', 'connected', 'abandoned'] as const) {
      expect(summary[key].halfWidth, key).to.equal(0);
    }
    expect(summary.abandonRateUpper95).to.equal(summary.abandonRate.mean);
  });

  it('is deterministic for a seed and changes with the seed', () => {
    const input = { weights: { call_rate: 0.2 }, durationSeconds: 600, replications: 5 };
    expect(simulate({ ...input, seed: 4 })).to.deep.equal(simulate({ ...input, seed: 4 }));
    expect(simulate({ ...input, seed: 4 }).abandonRate).to.not.deep.equal(simulate({ ...input, seed: 5 }).abandonRate);
  });

  it('raises the abandon rate as predictive_factor rises from −0.5 to 0 to +0.5', () => {
    // One hour, 20 replications, default profile: means ≈ 0.0004, 0.04, 0.14 with half-widths
    // of 0.01 or less (checked over seeds 1..30), so the intervals are far apart and the comparison is not a coin toss.
    const at = (predictiveFactor: number): SimulationSummary =>
      simulate({ weights: { predictive_factor: predictiveFactor }, durationSeconds: 3600, replications: 20, seed: 2024 });
    const [low, mid, high] = [at(-0.5), at(0), at(0.5)];
    expect(low.abandonRateUpper95).to.be.below(mid.abandonRate.mean - mid.abandonRate.halfWidth);
    expect(mid.abandonRateUpper95).to.be.below(high.abandonRate.mean - high.abandonRate.halfWidth);
    expect(high.occupancy.mean).to.be.above(low.occupancy.mean);
  });
});
