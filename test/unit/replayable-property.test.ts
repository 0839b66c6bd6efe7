import { expect } from 'chai';
import fc from 'fast-check';
import { assertReplayable, replayableRun } from '../support/replayable-property.js';

/** The fuzz suite's seeds: recorded before each run, and a failure names the seed and path that replay it. */
describe('replayable property runs', () => {
  const failsAbove = (limit: number, seen: number[]) => fc.asyncProperty(fc.integer({ min: 0, max: 10_000 }), async (value) => {
    seen.push(value);
    expect(value).to.be.below(limit);
  });
  const failureOf = async (run: Promise<void>): Promise<string> => {
    try {
      await run;
    } catch (error) {
      return (error as Error).message;
    }
    throw new Error('the property did not fail');
  };

  it('draws a new seed each run unless FUZZ_SEED is set, and refuses a FUZZ_SEED that is not an integer', () => {
    const seeds = new Set(Array.from({ length: 5 }, () => replayableRun({}).seed));
    expect(seeds.size, 'five runs, five seeds').to.be.greaterThan(1);
    expect(replayableRun({ FUZZ_SEED: '1234', FUZZ_PATH: '3:0' })).to.deep.equal({ seed: 1234, path: '3:0' });
    expect(() => replayableRun({ FUZZ_SEED: 'abc' })).to.throw('FUZZ_SEED must be an integer, got "abc"');
  });

  it('prints the seed before the run, and a failure names FUZZ_SEED and FUZZ_PATH, which replay the same counterexample', async () => {
    const printed: string[] = [];
    const message = await failureOf(assertReplayable('demo', failsAbove(5_000, []), { numRuns: 200, run: replayableRun({}), print: (line) => printed.push(line) }));
    const seed = /seed (\d+) \(replay with FUZZ_SEED=\1\)/.exec(printed[0] ?? '')?.[1];
    expect(seed, printed[0]).to.be.a('string');
    const replay = /replay exactly this run with FUZZ_SEED=(\d+) FUZZ_PATH=(\S+)/.exec(message);
    expect(replay?.[1], message).to.equal(seed);
    expect(message).to.include('Counterexample: [5000]');

    const replayed: number[] = [];
    const again = await failureOf(assertReplayable('demo', failsAbove(5_000, replayed), { numRuns: 200, run: replayableRun({ FUZZ_SEED: replay![1], FUZZ_PATH: replay![2] }), print: () => undefined }));
    expect(replayed[0], 'the replay starts at the counterexample').to.equal(5_000);
    expect(again).to.include('Counterexample: [5000]');
  });
});
