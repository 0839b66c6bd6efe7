import { expect } from 'chai';
import { createHash } from 'node:crypto';
import { PcDialer } from '../../../controller/simulation/pc-dialer.js';
import { resolvePcSettings } from '../../../controller/simulation/resolve-pc-simulation-input.js';
import { runPcReplication } from '../../../controller/simulation/run-pc-replication.js';
import { runReplication } from '../../../controller/simulation/run-replication.js';
import { simulate } from '../../../controller/simulation/simulate.js';
import { DEFAULT_PROFILE } from '../../../controller/simulation/types.js';
import type { ModelId, PcModelId } from '../../../controller/simulation/model-versions.js';
import type { OperatingProfile, Weights } from '../../../controller/simulation/types.js';
import type { PcSettings } from '../../../controller/simulation/pc-types.js';

/*
 * Golden outputs: every number a model gives on a fixed grid of profiles, weights, settings,
 * durations and seeds, pinned as a SHA-256 of the results' JSON (which writes each double exactly).
 * A change of the engine's data structures or code that is meant to be invisible (a speed-up) must
 * leave these digests as they are; a change of a model's numbers is a new model version
 * (docs/architecture.md "The simulator"), never an edit of an old one's digest. The grid covers the
 * bench's workload (100 agents, 8 h), many agents (rings and calendar nodes that grow), patience 0,
 * integer times, and a dialler advanced in steps with its settings and agents changed between them
 * (the emulator's live traffic). (The engine against the first engine: engine-equivalence.test.ts.)
 */
const digest = (values: unknown[]): string => createHash('sha256').update(JSON.stringify(values)).digest('hex');

const PROFILES: Array<Partial<OperatingProfile>> = [
  {},
  { agents: 100 },
  { agents: 1500, avgTalkSeconds: 60, talkCv: 1.5 },
  { agents: 20, answerProbability: 1, machineProbability: 0, abandonAfterSeconds: 0 },
  { agents: 10, ringMeanSeconds: 1, ringTimeoutSeconds: 1, wrapSeconds: 0, machineHoldSeconds: 1, abandonAfterSeconds: 1 },
  { agents: 30, answerProbability: 0.6, machineProbability: 0.3, ringTimeoutSeconds: 4, machineHoldSeconds: 12 },
];
const WEIGHTS: Weights[] = [
  {},
  { answer_rate: 1, call_rate: 1, predictive_factor: 1, max_concurrent: 1, agent_efficiency: 1 },
  { answer_rate: 0.5, call_rate: -1, predictive_factor: -0.5, max_concurrent: -1, agent_efficiency: -1 },
];
const SEEDS = [1, -7, 2 ** 31];
const PC_SETTINGS: PcSettings[] = [
  { maximumRatio: 3, maxConcurrentCallsPerAgent: 3, aggressiveness: 'moderate' },
  { maximumRatio: 2, aggressiveness: 'aggressive', abandonRateThreshold: 1, abandonRateCutoff: 2, percentageOfAgentsBeforeOverdial: 0, abandonTimeout: 4.5 },
  { maximumRatio: 3, maxConcurrentCallsPerAgent: 2, aggressiveness: 'conservative', maximumRingingDuration: 12, beginDampenPercentage: 40 },
];

function campaignOutputs(model: ModelId): unknown[] {
  const out: unknown[] = [];
  for (const overrides of PROFILES) {
    const profile = { ...DEFAULT_PROFILE, ...overrides };
    for (const weights of WEIGHTS) for (const seed of SEEDS) out.push(runReplication(weights, profile, profile.agents > 1000 ? 600 : 1800, seed, model));
  }
  out.push(runReplication({}, { ...DEFAULT_PROFILE, agents: 100 }, 28_800, 5, model));
  out.push(simulate({ weights: { predictive_factor: 0.3 }, profile: { agents: 60 }, durationSeconds: 900, replications: 5, seed: 9, model }));
  return out;
}

function skillOutputs(model: PcModelId): unknown[] {
  const out: unknown[] = [];
  for (const settings of PC_SETTINGS.map((each) => resolvePcSettings(each))) {
    for (const overrides of PROFILES.slice(0, 4)) {
      const profile = { ...DEFAULT_PROFILE, ...overrides };
      for (const seed of SEEDS.slice(0, 2)) out.push(runPcReplication(settings, profile, profile.agents > 1000 ? 600 : 1800, seed, model));
    }
  }
  out.push(runPcReplication(resolvePcSettings(PC_SETTINGS[0]!), { ...DEFAULT_PROFILE, agents: 100 }, 28_800, 5, model));
  // Live traffic: advanced in steps, its settings and agents changed between them.
  const dialer = new PcDialer(resolvePcSettings(PC_SETTINGS[0]!), { ...DEFAULT_PROFILE, agents: 50 }, 11, model);
  // [advance to, then the settings (index) and agents from the next tick]
  const steps: Array<[number, number, number]> = [[1, 0, 50], [300, 1, 50], [301, 1, 20], [900, 0, 80], [1500, 2, 80]];
  for (const [until, settings, agents] of steps) {
    dialer.advanceTo(until);
    out.push([dialer.counts, dialer.busySecondsAt(until), dialer.free, dialer.linesInFlight, dialer.now]);
    dialer.configure(resolvePcSettings(PC_SETTINGS[settings]!), { ...DEFAULT_PROFILE, agents });
  }
  dialer.advanceTo(1800.5);
  dialer.finishAt(1800.5);
  out.push(dialer.counts);
  return out;
}

describe('simulation/golden outputs: every model gives exactly its pinned numbers', () => {
  const campaigns: Array<[ModelId, string]> = [
    ['dialer-des/v1', '3e24ec952a8e42d026eb4c36a349ef8821bd065c8417ebf6fecf02eba2fb3065'],
    ['dialer-des/v2', 'dbfbc5033fe44d85081d45c92bbc5ba984245d50c3f373355a9812796114b75b'],
  ];
  const skills: Array<[PcModelId, string]> = [
    ['dialer-des/pc-v1', 'afb8bb33aeaa0b3570350e942e5122658e3e3fe78561e6dd38bbdde1e23d3ea9'],
    ['dialer-des/pc-v2', '9993f36112ff2138b3fa06b237a9cb8b045e7853dd2dfa9758488c88394ab476'],
  ];
  for (const [model, pinned] of campaigns) {
    it(`${model}: replications over the grid, the bench's 8-hour one and a summary`, () => {
      expect(digest(campaignOutputs(model))).to.equal(pinned);
    });
  }
  for (const [model, pinned] of skills) {
    it(`${model}: replications over the grid, the bench's 8-hour one and a dialler advanced in steps`, () => {
      expect(digest(skillOutputs(model))).to.equal(pinned);
    });
  }
});
