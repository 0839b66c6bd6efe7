import { expect } from 'chai';
import { dialsAtTick, pacingFor } from '../../../controller/simulation/pacing.js';
import { DEFAULT_PROFILE } from '../../../controller/simulation/types.js';
import type { OperatingProfile, Weights } from '../../../controller/simulation/types.js';

const profile = (overrides: Partial<OperatingProfile> = {}): OperatingProfile => ({ ...DEFAULT_PROFILE, ...overrides });

describe('simulation/pacing', () => {
  const cases: Array<[string, Weights, OperatingProfile, ReturnType<typeof pacingFor>]> = [
    ['default weights and profile', {}, profile(), {
      answerEstimate: 0.25, dialLevel: 4, linesPerAgentCap: 3, lookAhead: 7 / 195, dialsPerSecondCap: 20,
    }],
    ['every weight at +1', { answer_rate: 1, call_rate: 1, predictive_factor: 1, max_concurrent: 1, agent_efficiency: 1 }, profile(), {
      answerEstimate: 0.5, dialLevel: 4, linesPerAgentCap: 6, lookAhead: 14 / 195, dialsPerSecondCap: 40,
    }],
    ['every weight at −1 (clamped to the floors)', { answer_rate: -1, call_rate: -1, predictive_factor: -1, max_concurrent: -1, agent_efficiency: -1 }, profile(), {
      answerEstimate: 0.01, dialLevel: 0, linesPerAgentCap: 1, lookAhead: 0, dialsPerSecondCap: 1,
    }],
    ['a look-ahead above 1 is clamped', { agent_efficiency: 1 }, profile({ ringMeanSeconds: 30, avgTalkSeconds: 20, wrapSeconds: 0 }), {
      answerEstimate: 0.25, dialLevel: 4, linesPerAgentCap: 3, lookAhead: 1, dialsPerSecondCap: 20,
    }],
    ['an answer estimate above 1 is clamped', { answer_rate: 0.5 }, profile({ answerProbability: 0.8, machineProbability: 0, agents: 3 }), {
      answerEstimate: 1, dialLevel: 1, linesPerAgentCap: 3, lookAhead: 7 / 195, dialsPerSecondCap: 2,
    }],
  ];
  for (const [name, weights, p, expected] of cases) {
    it(`computes p', L, M, a and C for ${name}`, () => {
      const actual = pacingFor(weights, p);
      for (const key of Object.keys(expected) as Array<keyof typeof expected>) {
        expect(actual[key], key).to.be.closeTo(expected[key], 1e-12);
      }
    });
  }

  const defaults = pacingFor({}, profile());
  const tickCases: Array<[string, number, number, number]> = [
    // [name, free agents, lines in flight, expected dials] with 40 agents, L = 4, M = 3, a = 7/195, C = 20
    ['all agents free and nothing in flight: capped by C', 40, 0, 20],
    ['all free, 110 in flight: min(M · agents, L · E) − F = min(120, 160) − 110', 40, 110, 10],
    ['all free, more in flight than M · agents: none', 40, 130, 0],
    ['30 busy, 40 in flight: floor(4 · (10 + 30 · 7/195)) − 40 = 44 − 40', 10, 40, 4],
    ['all busy: floor(4 · 40 · 7/195) − F = 5 − 2', 0, 2, 3],
  ];
  for (const [name, free, inFlight, expected] of tickCases) {
    it(`dials ${expected} when ${name}`, () => {
      expect(dialsAtTick(defaults, 40, free, inFlight)).to.equal(expected);
    });
  }

  it('never exceeds M · agents lines', () => {
    const pacing = pacingFor({ predictive_factor: 1, call_rate: 1, max_concurrent: -1 }, profile({ agents: 10 }));
    // M = 1, so at most 10 lines: 10 − 4 in flight
    expect(dialsAtTick(pacing, 10, 10, 4)).to.equal(6);
  });
});
