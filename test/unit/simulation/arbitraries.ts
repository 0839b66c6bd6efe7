import fc from 'fast-check';
import type { OperatingProfile, Weights } from '../../../controller/simulation/types.js';

/** Any valid operating profile, small enough that a replication of a few minutes takes milliseconds. */
export const profileArbitrary: fc.Arbitrary<OperatingProfile> = fc
  .record({
    agents: fc.integer({ min: 1, max: 40 }),
    answerProbability: fc.double({ min: 0, max: 1, noNaN: true }),
    machineShare: fc.double({ min: 0, max: 1, noNaN: true }),
    ringMeanSeconds: fc.double({ min: 0.1, max: 30, noNaN: true }),
    ringTimeoutSeconds: fc.oneof(fc.integer({ min: 1, max: 40 }), fc.double({ min: 0.5, max: 40, noNaN: true })),
    avgTalkSeconds: fc.double({ min: 1, max: 400, noNaN: true }),
    talkCv: fc.double({ min: 0, max: 2, noNaN: true }),
    wrapSeconds: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 30, noNaN: true })),
    abandonAfterSeconds: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 5 }), fc.double({ min: 0, max: 10, noNaN: true })),
    machineHoldSeconds: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 10, noNaN: true })),
  })
  .map(({ machineShare, ...rest }) => ({
    ...rest,
    // q in [0, 1 − p]; the subtraction keeps p + q <= 1 despite rounding.
    machineProbability: Math.max(0, Math.min(machineShare * (1 - rest.answerProbability), 1 - rest.answerProbability)),
  }))
  .filter((p) => p.answerProbability + p.machineProbability <= 1);

const weight = fc.oneof(fc.constant(0), fc.constant(-1), fc.constant(1), fc.double({ min: -1, max: 1, noNaN: true }));

/** Any valid weights, some keys missing. */
export const weightsArbitrary: fc.Arbitrary<Weights> = fc.record(
  { answer_rate: weight, call_rate: weight, predictive_factor: weight, max_concurrent: weight, agent_efficiency: weight },
  { requiredKeys: [] },
);

export const seedArbitrary = fc.integer({ min: -(2 ** 31), max: 2 ** 31 });
