import { expect } from 'chai';
import { mapConcurrent } from '../../../controller/lib/map-concurrent.js';

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('lib/mapConcurrent', () => {
  it('returns results in the order of the items, with at most `limit` tasks in flight', async () => {
    let inFlight = 0;
    let most = 0;
    const results = await mapConcurrent([5, 1, 4, 2, 3, 0, 6], 3, async (value) => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      for (let i = 0; i < value; i += 1) await tick();
      inFlight -= 1;
      return value * 10;
    });
    expect(results).to.deep.equal([50, 10, 40, 20, 30, 0, 60]);
    expect(most).to.equal(3);
  });

  it('starts no task after a failure and throws it once the running ones settled', async () => {
    const started: number[] = [];
    let settled = 0;
    const run = mapConcurrent([0, 1, 2, 3, 4, 5], 2, async (value) => {
      started.push(value);
      await tick();
      if (value === 1) throw new Error('task 1 failed');
      await tick();
      settled += 1;
      return value;
    });
    const error = await run.catch((caught: unknown) => caught);
    expect((error as Error).message).to.equal('task 1 failed');
    expect(started).to.deep.equal([0, 1]);
    expect(settled).to.equal(1);
  });

  it('handles no items and refuses a limit below 1', async () => {
    expect(await mapConcurrent([], 4, async () => 1)).to.deep.equal([]);
    try {
      await mapConcurrent([1], 0, async () => 1);
      expect.fail('a limit of 0 was accepted');
    } catch (error) {
      expect((error as Error).message).to.match(/limit must be an integer >= 1/);
    }
  });
});
