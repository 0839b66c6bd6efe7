import { expect } from 'chai';
import fc from 'fast-check';
import { PcDialer } from '../../../controller/simulation/pc-dialer.js';
import { resolvePcSettings } from '../../../controller/simulation/resolve-pc-simulation-input.js';
import { runReplication } from '../../../controller/simulation/run-replication.js';
import { DEFAULT_PROFILE } from '../../../controller/simulation/types.js';
import type { Samplers } from '../../../controller/simulation/call-engine.js';
import type { ModelId, PcModelId } from '../../../controller/simulation/model-versions.js';
import type { OperatingProfile, Weights } from '../../../controller/simulation/types.js';
import { ReferencePcDialer } from '../../support/reference-engine/pc-dialer.js';
import { referenceReplication } from '../../support/reference-engine/reference-replication.js';
import { profileArbitrary, seedArbitrary, weightsArbitrary } from './arbitraries.js';
import { pcSettingsArbitrary } from './pc-arbitraries.js';

/*
 * The call engine (a calendar of 1-second buckets + FIFO lanes, inlined draws) must give exactly
 * the results of the first engine (one heap of every event), which is kept in
 * test/support/reference-engine/ and draws through referenceDraws: the same events in the same
 * order with the same random draws, for every model version (v1 and pc-v1 with the first draws,
 * v2 and pc-v2 with the ziggurat), so no model's numbers changed when the engine's data
 * structures did, and an old prediction can be reproduced. (v2 and pc-v2 against v1 and pc-v1:
 * test/unit/simulation/model-agreement.test.ts.)
 */
const CAMPAIGN_MODELS: Array<[ModelId, Samplers]> = [
  ['dialer-des/v1', 'inverse'],
  ['dialer-des/v2', 'ziggurat'],
];
const SKILL_MODELS: Array<[PcModelId, Samplers]> = [
  ['dialer-des/pc-v1', 'inverse'],
  ['dialer-des/pc-v2', 'ziggurat'],
];

for (const [V1, samplers] of CAMPAIGN_MODELS) describe(`simulation/call engine equals the first engine bit for bit (model ${V1})`, () => {
  it('on any valid profile, weights, duration and seed (property)', () => {
    fc.assert(
      fc.property(profileArbitrary, weightsArbitrary, fc.integer({ min: 1, max: 900 }), seedArbitrary, (p, w, d, seed) => {
        expect(runReplication(w, p, d, seed, V1)).to.deep.equal(referenceReplication(w, p, d, seed, samplers));
      }),
      { numRuns: 300 },
    );
  });

  const profiles: Array<[string, Partial<OperatingProfile>]> = [
    ['the default 40 agents', {}],
    ['100 agents', { agents: 100 }],
    ['every dial live, no patience', { agents: 20, answerProbability: 1, machineProbability: 0, abandonAfterSeconds: 0 }],
    ['short ring timeout, long machine hold', { agents: 30, ringTimeoutSeconds: 4, machineHoldSeconds: 12 }],
    ['integer times everywhere', { agents: 10, ringMeanSeconds: 1, ringTimeoutSeconds: 1, wrapSeconds: 0, machineHoldSeconds: 1, abandonAfterSeconds: 1 }],
    // Past the module's first 64 slots of every lane and of the node pool: each is copied into one
    // twice its size mid-run (with every weight +1: no answers 128, machines 128, abandon timers and
    // waiting calls 256, measured), and the next profile then runs on the grown module.
    ['every lane and the node pool grown (long rings, holds and patience)', { agents: 400, answerProbability: 0.8, machineProbability: 0.15, ringMeanSeconds: 60, ringTimeoutSeconds: 120, machineHoldSeconds: 90, abandonAfterSeconds: 30 }],
    ['the default 40 agents again, on a module that grew', {}],
  ];
  const weights: Array<[string, Weights]> = [
    ['no weights', {}],
    ['every weight +1 (the most aggressive pacing)', { answer_rate: 1, call_rate: 1, predictive_factor: 1, max_concurrent: 1, agent_efficiency: 1 }],
    ['cautious weights (no look-ahead, the fewest lines)', { answer_rate: 0.5, call_rate: -1, predictive_factor: -0.5, max_concurrent: -1, agent_efficiency: -1 }],
  ];
  for (const [profileName, overrides] of profiles) {
    for (const [weightsName, w] of weights) {
      it(`for one hour of ${profileName} with ${weightsName}`, () => {
        const profile = { ...DEFAULT_PROFILE, ...overrides };
        for (const seed of [1, 2, 3]) {
          const fast = runReplication(w, profile, 3600, seed, V1);
          expect(fast).to.deep.equal(referenceReplication(w, profile, 3600, seed, samplers));
          expect(fast.events).to.be.greaterThan(0);
        }
      });
    }
  }
});

for (const [PC_V1, samplers] of SKILL_MODELS) describe(`simulation/the pc dialler on the call engine equals the first pc-v1 dialler (model ${PC_V1})`, () => {
  it('on any settings, profile, seed and way of stepping through the run (property)', () => {
    fc.assert(
      fc.property(pcSettingsArbitrary, profileArbitrary, fc.array(fc.integer({ min: 1, max: 400 }), { minLength: 1, maxLength: 6 }), seedArbitrary, (s, profile, steps, seed) => {
        const settings = resolvePcSettings(s);
        const fast = new PcDialer(settings, profile, seed, PC_V1);
        const reference = new ReferencePcDialer(settings, profile, seed, samplers);
        let at = 0;
        for (const step of steps) {
          at += step;
          fast.advanceTo(at);
          reference.advanceTo(at);
          expect(fast.counts).to.deep.equal({ ...reference.counts });
        }
        fast.finishAt(at);
        reference.finishAt(at);
        expect(fast.counts).to.deep.equal({ ...reference.counts });
        expect(fast.busySecondsAt(at)).to.equal(reference.busySecondsAt(at));
      }),
      { numRuns: 200 },
    );
  });

  it('when the skill gains and loses agents while it dials (the emulator reconfigures it)', () => {
    const settings = resolvePcSettings({ maximumRatio: 3, aggressiveness: 'aggressive' });
    const fast = new PcDialer(settings, { ...DEFAULT_PROFILE, agents: 40 }, 11, PC_V1);
    const reference = new ReferencePcDialer(settings, { ...DEFAULT_PROFILE, agents: 40 }, 11, samplers);
    for (const [until, agents] of [[1200, 60], [2400, 25], [3600, 25]] as const) {
      fast.advanceTo(until);
      reference.advanceTo(until);
      fast.configure(settings, { ...DEFAULT_PROFILE, agents });
      reference.configure(settings, { ...DEFAULT_PROFILE, agents });
    }
    fast.advanceTo(4800);
    reference.advanceTo(4800);
    expect(fast.counts).to.deep.equal({ ...reference.counts });
    expect(fast.counts.dials).to.be.greaterThan(1000);
  });
});
