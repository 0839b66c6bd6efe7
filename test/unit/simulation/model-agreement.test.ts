import { expect } from 'chai';
import {
  DEFAULT_PROFILE,
  deriveReplicationSeed,
  resolvePcSettings,
  runPcReplication,
  runReplication,
} from '../../../controller/simulation/index.js';
import type { ModelId, OperatingProfile, PcModelId, PcSettings, Weights } from '../../../controller/simulation/index.js';

/*
 * Models v2 and pc-v2 change only the random draws of v1 and pc-v1 (ziggurat samplers instead of
 * inversion and Box–Muller), so on any profile, weights and settings they must predict the same
 * outcomes within sampling error. Each case runs REPLICATIONS independent replications of both
 * models (disjoint seeds) and compares every outcome's means with Welch's statistic
 * |m₂ − m₁| / √(s₁²/n + s₂²/n). The bound is Bonferroni-corrected over every comparison of the
 * file (family error 1%), so on a correct pair of models the whole file fails with probability
 * ~1%; the seeds are fixed, so the run is deterministic. A control shows the same test flags a
 * model whose mean talk time is 3% longer (at this size it sees shifts of about 3% in the talk
 * time or the answer probability; smaller ones are within its noise).
 */
const REPLICATIONS = 120;
const DURATION_SECONDS = 1800;
/** Two-sided normal quantile for α = 0.01 / 160 comparisons (Bonferroni): z(1 − 3.1e-5) ≈ 4.0. */
const BOUND = 4.0;

interface Outcomes {
  [outcome: string]: number;
}

/** Welch's statistic of each outcome between two samples of replications. */
function welch(first: Outcomes[], second: Outcomes[]): Map<string, number> {
  const statistics = new Map<string, number>();
  for (const key of Object.keys(first[0]!)) {
    const moments = (runs: Outcomes[]): [number, number] => {
      const values = runs.map((run) => run[key]!);
      const mean = values.reduce((a, b) => a + b, 0) / values.length;
      return [mean, values.reduce((a, b) => a + (b - mean) ** 2, 0) / (values.length - 1)];
    };
    const [m1, v1] = moments(first);
    const [m2, v2] = moments(second);
    const error = Math.sqrt(v1 / first.length + v2 / second.length);
    statistics.set(key, error === 0 ? (m1 === m2 ? 0 : Infinity) : Math.abs(m2 - m1) / error);
  }
  return statistics;
}

function replications<T>(run: (seed: number) => T, base: number): T[] {
  return Array.from({ length: REPLICATIONS }, (_, index) => run(deriveReplicationSeed(base, index)));
}

function campaignOutcomes(model: ModelId, weights: Weights, profile: OperatingProfile, base: number): Outcomes[] {
  return replications((seed) => {
    const run = runReplication(weights, profile, DURATION_SECONDS, seed, model);
    const { abandonRate, occupancy, answerRate, meanWaitSeconds, dials, connected, machineAnswers } = run;
    return { abandonRate, occupancy, answerRate, meanWaitSeconds, dials, connected, machineAnswers };
  }, base);
}

function skillOutcomes(model: PcModelId, settings: PcSettings, profile: OperatingProfile, base: number): Outcomes[] {
  const resolved = resolvePcSettings(settings);
  return replications((seed) => {
    const run = runPcReplication(resolved, profile, DURATION_SECONDS, seed, model);
    const { abandonRate, occupancy, answerRate, meanWaitSeconds, dials, meanRatio } = run;
    return { abandonRate, occupancy, answerRate, meanWaitSeconds, dials, meanRatio };
  }, base);
}

function worst(statistics: Map<string, number>): [string, number] {
  return [...statistics].reduce((a, b) => (b[1] > a[1] ? b : a));
}

const PROFILES: Array<[string, Partial<OperatingProfile>]> = [
  ['the default 40 agents', {}],
  ['12 agents, short talk, high answer rate', { agents: 12, avgTalkSeconds: 60, talkCv: 1.2, answerProbability: 0.45 }],
  ['25 agents, long ring, patient callers', { agents: 25, ringMeanSeconds: 12, ringTimeoutSeconds: 20, abandonAfterSeconds: 5 }],
];
const WEIGHTS: Array<[string, Weights]> = [
  ['no weights', {}],
  ['aggressive weights', { predictive_factor: 0.6, max_concurrent: 0.5, agent_efficiency: 0.8 }],
  ['cautious weights', { predictive_factor: -0.4, call_rate: -0.5, agent_efficiency: -1 }],
];
const SKILLS: Array<[string, PcSettings]> = [
  ['progressive (ratio 1)', { maximumRatio: 1 }],
  ['ratio up to 3, aggressive', { maximumRatio: 3, maxConcurrentCallsPerAgent: 3, aggressiveness: 'aggressive' }],
];

describe('simulation/models v2 and pc-v2 agree with v1 and pc-v1 within sampling error (statistical)', () => {
  let base = 1000;
  for (const [profileName, overrides] of PROFILES) {
    for (const [weightsName, weights] of WEIGHTS) {
      const seed = (base += 1);
      it(`v2 = v1 on ${profileName} with ${weightsName}: abandon rate, occupancy, answer rate, wait, dials, connections`, () => {
        const profile = { ...DEFAULT_PROFILE, ...overrides };
        const statistics = welch(campaignOutcomes('dialer-des/v1', weights, profile, seed), campaignOutcomes('dialer-des/v2', weights, profile, seed + 500));
        const [outcome, statistic] = worst(statistics);
        expect(statistic, `${outcome} differs by ${statistic.toFixed(2)} standard errors`).to.be.below(BOUND);
      });
    }
  }
  for (const [profileName, overrides] of PROFILES.slice(0, 2)) {
    for (const [skillName, settings] of SKILLS) {
      const seed = (base += 1);
      it(`pc-v2 = pc-v1 on ${profileName} with ${skillName}: abandon rate, occupancy, answer rate, wait, dials, mean ratio`, () => {
        const profile = { ...DEFAULT_PROFILE, ...overrides };
        const statistics = welch(skillOutcomes('dialer-des/pc-v1', settings, profile, seed), skillOutcomes('dialer-des/pc-v2', settings, profile, seed + 500));
        const [outcome, statistic] = worst(statistics);
        expect(statistic, `${outcome} differs by ${statistic.toFixed(2)} standard errors`).to.be.below(BOUND);
      });
    }
  }

  it('has the power to see a real difference: a 3% longer mean talk time is flagged', () => {
    const profile = { ...DEFAULT_PROFILE };
    const statistics = welch(
      campaignOutcomes('dialer-des/v1', {}, profile, 2001),
      campaignOutcomes('dialer-des/v2', {}, { ...profile, avgTalkSeconds: profile.avgTalkSeconds * 1.03 }, 2501),
    );
    expect(worst(statistics)[1]).to.be.above(BOUND);
  });
});
