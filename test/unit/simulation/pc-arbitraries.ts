import fc from 'fast-check';
import type { PcSettings } from '../../../controller/simulation/index.js';

const aggressiveness = fc.constantFrom('conservative', 'moderate', 'aggressive', 0, 1, 2) as fc.Arbitrary<
  NonNullable<PcSettings['aggressiveness']>
>;

/** Any valid pc-v1 settings, every field present, in the API's ranges. */
export const pcSettingsArbitrary: fc.Arbitrary<PcSettings> = fc
  .record({
    maximumRatio: fc.integer({ min: 1, max: 3 }),
    aggressiveness,
    abandonRateThreshold: fc.double({ min: 0, max: 10, noNaN: true }),
    cutoffOver: fc.double({ min: 0, max: 10, noNaN: true }),
    beginDampenPercentage: fc.integer({ min: 0, max: 100 }),
    percentageOfAgentsBeforeOverdial: fc.integer({ min: 0, max: 100 }),
    maximumRingingDuration: fc.integer({ min: 1, max: 60 }),
    maxConcurrentCallsPerAgent: fc.integer({ min: 1, max: 10 }),
    abandonTimeout: fc.double({ min: 0, max: 10, noNaN: true }),
  })
  .map(({ cutoffOver, ...rest }) => ({ ...rest, abandonRateCutoff: Math.min(100, rest.abandonRateThreshold + cutoffOver) }));
