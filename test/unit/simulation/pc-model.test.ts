import { expect } from 'chai';
import fc from 'fast-check';
import {
  DEFAULT_PROFILE,
  isInvalidSimulationInputError,
  PC_DEFAULT_SETTINGS,
  PcDialer,
  resolvePcSettings,
  runPcReplication,
  simulatePc,
} from '../../../controller/simulation/index.js';
import type { PcSettings, PcSimulationSummary } from '../../../controller/simulation/index.js';
import { ABANDON_WINDOW_SECONDS } from '../../../controller/simulation/pc-abandon-window.js';
import { profileArbitrary, seedArbitrary } from './arbitraries.js';
import { pcSettingsArbitrary } from './pc-arbitraries.js';

describe('simulation/pc-v1 and pc-v2 models', () => {
  it('names the model dialer-des/pc-v2 (or the one asked for) and reports the resolved settings and profile', () => {
    const summary = simulatePc({ settings: { maximumRatio: 3, aggressiveness: 2 }, profile: { agents: 10 }, durationSeconds: 300, replications: 2 });
    expect(summary.model).to.equal('dialer-des/pc-v2');
    expect(simulatePc({ settings: {}, durationSeconds: 300, replications: 2, model: 'dialer-des/pc-v1' }).model).to.equal('dialer-des/pc-v1');
    expect(summary.settings).to.deep.equal({ ...PC_DEFAULT_SETTINGS, maximumRatio: 3, aggressiveness: 'aggressive' });
    expect(summary.profile).to.deep.equal({ ...DEFAULT_PROFILE, agents: 10 });
    expect(summary).to.include({ replications: 2, seed: 1, durationSeconds: 300 });
  });

  it('rejects bad settings naming every field and its range', () => {
    try {
      simulatePc({ settings: { maximumRatio: 4, aggressiveness: 'wild' as 'moderate', abandonTimeout: -1 }, durationSeconds: 0 });
      expect.fail('simulatePc accepted bad settings');
    } catch (error: unknown) {
      expect(isInvalidSimulationInputError(error)).to.equal(true);
      const problems = (error as { problems: string[] }).problems;
      expect(problems).to.include('settings.maximumRatio must be an integer in 1..3');
      expect(problems).to.include('settings.aggressiveness must be conservative, moderate or aggressive (or 0, 1, 2)');
      expect(problems).to.include('settings.abandonTimeout must be a number in 0..60');
      expect(problems.some((p) => p.startsWith('durationSeconds'))).to.equal(true);
    }
  });

  it('refuses a campaign model or an unknown one for a skill, naming the skill models', () => {
    expect(() => simulatePc({ settings: {}, durationSeconds: 60, model: 'dialer-des/v2' as 'dialer-des/pc-v2' })).to.throw(
      /model must be one of dialer-des\/pc-v1, dialer-des\/pc-v2 \(got "dialer-des\/v2": dialer-des\/v2 is a model of campaign files, not of skills\)/,
    );
  });

  it('takes the API nulls as missing fields', () => {
    expect(resolvePcSettings({ maximumRatio: null, aggressiveness: null })).to.deep.equal(PC_DEFAULT_SETTINGS);
  });

  it('never abandons when every dial is live and overdial is impossible (maximumRatio 1 or one call per agent)', () => {
    fc.assert(
      fc.property(profileArbitrary, pcSettingsArbitrary, fc.boolean(), fc.integer({ min: 1, max: 900 }), seedArbitrary, (p, s, viaRatio, d, seed) => {
        const allLive = { ...p, answerProbability: 1, machineProbability: 0 };
        const settings = resolvePcSettings(viaRatio ? { ...s, maximumRatio: 1 } : { ...s, maxConcurrentCallsPerAgent: 1 });
        const run = runPcReplication(settings, allLive, d, seed);
        expect(run.abandoned, 'abandoned').to.equal(0);
        expect(run.hungUp).to.equal(0);
        expect(run.connectedLate).to.equal(0);
        expect(run.meanRatio).to.equal(1);
        expect(run.connected).to.equal(run.liveAnswers);
      }),
      { numRuns: 60 },
    );
  });

  it('keeps its counts consistent: abandons are hang-ups plus late connects, live answers are connected, hung up or waiting', () => {
    fc.assert(
      fc.property(profileArbitrary, pcSettingsArbitrary, fc.integer({ min: 1, max: 900 }), seedArbitrary, (p, s, d, seed) => {
        const run = runPcReplication(resolvePcSettings(s), p, d, seed);
        expect(run.abandoned).to.equal(run.hungUp + run.connectedLate);
        expect(run.connected + run.hungUp).to.be.at.most(run.liveAnswers);
        expect(run.liveAnswers + run.machineAnswers + run.noAnswers).to.be.at.most(run.dials);
        expect(run.abandonRate).to.be.within(0, 1);
        expect(run.occupancy).to.be.within(0, 1 + 1e-9);
        expect(run.meanRatio).to.be.within(1, 3);
      }),
      { numRuns: 60 },
    );
  });

  /** Same seeds, 12 replications of 2 hours: a rise must not be a fall beyond the two half-widths. */
  function notBelow(higher: PcSimulationSummary, lower: PcSimulationSummary): void {
    const slack = higher.abandonRate.halfWidth + lower.abandonRate.halfWidth;
    expect(higher.abandonRate.mean, `${higher.abandonRate.mean} vs ${lower.abandonRate.mean} ± ${slack}`).to.be.at.least(lower.abandonRate.mean - slack);
  }

  const trafficArbitrary = fc.record({
    agents: fc.integer({ min: 10, max: 60 }),
    answerProbability: fc.double({ min: 0.15, max: 0.8, noNaN: true }),
    avgTalkSeconds: fc.double({ min: 60, max: 300, noNaN: true }),
  });
  const controlArbitrary = fc.record({
    abandonRateThreshold: fc.double({ min: 1, max: 3, noNaN: true }),
    cutoffOver: fc.double({ min: 0, max: 5, noNaN: true }),
    percentageOfAgentsBeforeOverdial: fc.integer({ min: 0, max: 90 }),
  });
  const run2h = (profile: object, settings: PcSettings, seed: number): PcSimulationSummary =>
    simulatePc({ settings, profile, durationSeconds: 7200, replications: 12, seed });

  it('does not abandon less as maximumRatio rises (same seeds)', function () {
    this.timeout(120_000);
    fc.assert(
      fc.property(trafficArbitrary, controlArbitrary, seedArbitrary, (profile, { cutoffOver, ...control }, seed) => {
        const settings = { ...control, abandonRateCutoff: control.abandonRateThreshold + cutoffOver, maxConcurrentCallsPerAgent: 3, aggressiveness: 'moderate' as const };
        const [one, two, three] = [1, 2, 3].map((maximumRatio) => run2h(profile, { ...settings, maximumRatio }, seed));
        notBelow(two!, one!);
        notBelow(three!, two!);
      }),
      { numRuns: 5 },
    );
  });

  it('does not abandon less as aggressiveness rises (same seeds)', function () {
    this.timeout(120_000);
    fc.assert(
      fc.property(trafficArbitrary, controlArbitrary, seedArbitrary, (profile, { cutoffOver, ...control }, seed) => {
        const settings = { ...control, abandonRateCutoff: control.abandonRateThreshold + cutoffOver, maximumRatio: 3, maxConcurrentCallsPerAgent: 3 };
        const [low, mid, high] = (['conservative', 'moderate', 'aggressive'] as const).map((aggressiveness) => run2h(profile, { ...settings, aggressiveness }, seed));
        notBelow(mid!, low!);
        notBelow(high!, mid!);
      }),
      { numRuns: 5 },
    );
  });

  it('keeps the long-run abandon rate near or below a cutoff X (4 hours, the most aggressive pacing)', function () {
    this.timeout(120_000);
    fc.assert(
      fc.property(trafficArbitrary, fc.double({ min: 1, max: 8, noNaN: true }), seedArbitrary, (profile, cutoff, seed) => {
        const settings = { maximumRatio: 3, maxConcurrentCallsPerAgent: 3, aggressiveness: 'aggressive' as const, abandonRateThreshold: cutoff, abandonRateCutoff: cutoff, percentageOfAgentsBeforeOverdial: 0 };
        const summary = simulatePc({ settings, profile, durationSeconds: 4 * 3600, replications: 8, seed });
        // "Near": the 15-minute look-back overshoots by up to half of X before the cutoff bites, and
        // it cannot see a rate finer than one abandon among the live answers in its window (a
        // 10-agent skill on long calls answers ~50 calls in 15 minutes: one abandon is 2%). The
        // claim is on the 95% lower bound of the mean over replications (sampling error of its own).
        const answersPerWindow = (summary.liveAnswers.mean * ABANDON_WINDOW_SECONDS) / (4 * 3600);
        const near = 1.5 * (cutoff / 100) + 1 / Math.max(answersPerWindow, 1);
        expect(summary.abandonRate.mean - summary.abandonRate.halfWidth, `${answersPerWindow.toFixed(0)} live answers per window`).to.be.at.most(near);
      }),
      {
        numRuns: 6,
        // Counterexamples of the bound without the window's resolution (10-agent skills at a 1% cutoff).
        examples: [
          [{ agents: 10, answerProbability: 0.18511899979785087, avgTalkSeconds: 171.96480679040252 }, 1, 0],
          [{ agents: 10, answerProbability: 0.1778518994338811, avgTalkSeconds: 254.62871479408116 }, 1, -13],
        ],
      },
    );
  });

  it('counts a live answer connected more than 2 s after it answered as an abandon (TSR)', () => {
    const settings = resolvePcSettings({ maximumRatio: 3, maxConcurrentCallsPerAgent: 3, aggressiveness: 'aggressive', abandonRateThreshold: 20, abandonRateCutoff: 30, abandonTimeout: 10, percentageOfAgentsBeforeOverdial: 0 });
    const run = runPcReplication(settings, { ...DEFAULT_PROFILE, answerProbability: 0.7, machineProbability: 0.1 }, 3600, 9);
    expect(run.connectedLate).to.be.above(0);
    expect(run.abandoned).to.equal(run.hungUp + run.connectedLate);
    expect(run.abandonRate).to.equal(run.abandoned / run.liveAnswers);
  });

  it('is deterministic for a seed and changes with the seed', () => {
    const input = { settings: { maximumRatio: 3, aggressiveness: 'moderate' as const }, durationSeconds: 1800, replications: 4 };
    expect(simulatePc({ ...input, seed: 4 })).to.deep.equal(simulatePc({ ...input, seed: 4 }));
    expect(simulatePc({ ...input, seed: 4 }).dials).to.not.deep.equal(simulatePc({ ...input, seed: 5 }).dials);
  });

  it('gives the same counts whether the dialler advances in one step or in many', () => {
    fc.assert(
      fc.property(pcSettingsArbitrary, fc.array(fc.integer({ min: 1, max: 120 }), { minLength: 1, maxLength: 10 }), seedArbitrary, (s, steps, seed) => {
        const settings = resolvePcSettings(s);
        const whole = new PcDialer(settings, DEFAULT_PROFILE, seed);
        const stepped = new PcDialer(settings, DEFAULT_PROFILE, seed);
        let at = 0;
        for (const step of steps) {
          at += step;
          stepped.advanceTo(at);
        }
        whole.advanceTo(at);
        expect(stepped.counts).to.deep.equal(whole.counts);
      }),
      { numRuns: 40 },
    );
  });
});
