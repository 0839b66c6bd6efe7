import { expect } from 'chai';
import {
  isInvalidSimulationInputError,
  simulate,
  validateSimulationInput,
} from '../../../controller/simulation/index.js';

describe('simulation/validateSimulationInput', () => {
  it('accepts a minimal input and a complete one', () => {
    expect(validateSimulationInput({ weights: {}, durationSeconds: 1 })).to.deep.equal([]);
    expect(
      validateSimulationInput({
        weights: { answer_rate: -1, call_rate: 1, predictive_factor: 0.2, max_concurrent: 0, agent_efficiency: -0.5 },
        profile: { agents: 1, answerProbability: 0.6, machineProbability: 0.4, talkCv: 0, wrapSeconds: 0 },
        durationSeconds: 86_400,
        replications: 1000,
        seed: -12,
      }),
    ).to.deep.equal([]);
  });

  const cases: Array<[string, unknown, string]> = [
    ['a non-object input', 'x', 'input must be an object with weights and durationSeconds'],
    ['missing weights', { durationSeconds: 10 }, 'weights must be an object of weight name to number'],
    ['an unknown weight', { weights: { speed: 0 }, durationSeconds: 10 }, 'weights.speed is not a known weight (known: answer_rate, call_rate, predictive_factor, max_concurrent, agent_efficiency)'],
    ['a weight above 1', { weights: { call_rate: 1.01 }, durationSeconds: 10 }, 'weights.call_rate must be a number in [-1, 1]'],
    ['a NaN weight', { weights: { answer_rate: NaN }, durationSeconds: 10 }, 'weights.answer_rate must be a number in [-1, 1]'],
    ['a string weight', { weights: { answer_rate: '0.1' }, durationSeconds: 10 }, 'weights.answer_rate must be a number in [-1, 1]'],
    ['a fractional agent count', { weights: {}, profile: { agents: 2.5 }, durationSeconds: 10 }, 'profile.agents must be an integer in 1..10000'],
    ['zero agents', { weights: {}, profile: { agents: 0 }, durationSeconds: 10 }, 'profile.agents must be an integer in 1..10000'],
    ['a probability above 1', { weights: {}, profile: { answerProbability: 1.2, machineProbability: 0 }, durationSeconds: 10 }, 'profile.answerProbability must be a number in [0, 1]'],
    ['a negative probability', { weights: {}, profile: { machineProbability: -0.1 }, durationSeconds: 10 }, 'profile.machineProbability must be a number in [0, 1]'],
    ['probabilities summing above 1', { weights: {}, profile: { answerProbability: 0.9 }, durationSeconds: 10 }, 'profile.answerProbability + profile.machineProbability must be <= 1'],
    ['a zero ring mean', { weights: {}, profile: { ringMeanSeconds: 0 }, durationSeconds: 10 }, 'profile.ringMeanSeconds must be a number > 0'],
    ['a zero ring timeout', { weights: {}, profile: { ringTimeoutSeconds: 0 }, durationSeconds: 10 }, 'profile.ringTimeoutSeconds must be a number > 0'],
    ['a negative talk time', { weights: {}, profile: { avgTalkSeconds: -1 }, durationSeconds: 10 }, 'profile.avgTalkSeconds must be a number > 0'],
    ['a negative talk cv', { weights: {}, profile: { talkCv: -0.1 }, durationSeconds: 10 }, 'profile.talkCv must be a number >= 0'],
    ['an infinite wrap', { weights: {}, profile: { wrapSeconds: Infinity }, durationSeconds: 10 }, 'profile.wrapSeconds must be a number >= 0'],
    ['a negative patience', { weights: {}, profile: { abandonAfterSeconds: -2 }, durationSeconds: 10 }, 'profile.abandonAfterSeconds must be a number >= 0'],
    ['a negative machine hold', { weights: {}, profile: { machineHoldSeconds: -3 }, durationSeconds: 10 }, 'profile.machineHoldSeconds must be a number >= 0'],
    ['an unknown profile field', { weights: {}, profile: { toString: 1 }, durationSeconds: 10 }, 'profile.toString is not a known profile field (known: agents, answerProbability, machineProbability, ringMeanSeconds, ringTimeoutSeconds, avgTalkSeconds, talkCv, wrapSeconds, abandonAfterSeconds, machineHoldSeconds)'],
    ['a profile that is not an object', { weights: {}, profile: [], durationSeconds: 10 }, 'profile must be an object of operating profile fields'],
    ['a zero duration', { weights: {}, durationSeconds: 0 }, 'durationSeconds must be an integer in 1..86400'],
    ['a duration over a day', { weights: {}, durationSeconds: 86_401 }, 'durationSeconds must be an integer in 1..86400'],
    ['a fractional duration', { weights: {}, durationSeconds: 1.5 }, 'durationSeconds must be an integer in 1..86400'],
    ['zero replications', { weights: {}, durationSeconds: 10, replications: 0 }, 'replications must be an integer in 1..1000'],
    ['too many replications', { weights: {}, durationSeconds: 10, replications: 1001 }, 'replications must be an integer in 1..1000'],
    ['a fractional seed', { weights: {}, durationSeconds: 10, seed: 0.5 }, 'seed must be a safe integer'],
    ['an unsafe seed', { weights: {}, durationSeconds: 10, seed: 2 ** 53 }, 'seed must be a safe integer'],
    ['a model the simulator does not know', { weights: {}, durationSeconds: 10, model: 'dialer-des/v3' }, 'model must be one of dialer-des/v1, dialer-des/v2 (got "dialer-des/v3"); leave it out for the current dialer-des/v2'],
    ['an OutboundSkill model for a campaign', { weights: {}, durationSeconds: 10, model: 'dialer-des/pc-v1' }, 'model must be one of dialer-des/v1, dialer-des/v2 (got "dialer-des/pc-v1": dialer-des/pc-v1 is a model of OutboundSkill files, not of campaigns); leave it out for the current dialer-des/v2'],
    ['a model that is not a string', { weights: {}, durationSeconds: 10, model: 1 }, 'model must be one of dialer-des/v1, dialer-des/v2 (got 1); leave it out for the current dialer-des/v2'],
  ];
  for (const [name, input, message] of cases) {
    it(`rejects ${name}`, () => {
      expect(validateSimulationInput(input)).to.deep.equal([message]);
    });
  }

  it('collects every problem instead of stopping at the first', () => {
    const problems = validateSimulationInput({
      weights: { answer_rate: 2, nope: 0 },
      profile: { agents: -1, wrapSeconds: -1 },
      durationSeconds: 0,
      replications: 0,
    });
    expect(problems).to.have.length(6);
  });

  it('makes simulate throw an error listing every problem', () => {
    let caught: unknown;
    try {
      simulate({ weights: { answer_rate: 3 }, durationSeconds: 0 });
    } catch (error: unknown) {
      caught = error;
    }
    expect(isInvalidSimulationInputError(caught)).to.equal(true);
    if (!isInvalidSimulationInputError(caught)) return;
    expect(caught.name).to.equal('InvalidSimulationInputError');
    expect(caught.problems).to.deep.equal([
      'weights.answer_rate must be a number in [-1, 1]',
      'durationSeconds must be an integer in 1..86400',
    ]);
    expect(caught.message).to.contain('weights.answer_rate must be a number in [-1, 1]');
    expect(caught.message).to.contain('durationSeconds must be an integer in 1..86400');
  });
});

describe('InvalidSimulationInputError', () => {
  it('is a stalled error, so the work queue never retries an input the model rejects', async () => {
    const { InvalidSimulationInputError } = await import('../../../controller/simulation/invalid-simulation-input-error.js');
    const { isStalledError } = await import('../../../controller/domain/errors.js');
    expect(isStalledError(new InvalidSimulationInputError(['profile.agents must be an integer in 1..10000']))).to.equal(true);
  });
});
