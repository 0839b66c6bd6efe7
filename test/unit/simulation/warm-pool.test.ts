/**
 * withWarmPool (simulation/warm-pool.ts), the pool start both `plan --simulate` planners share
 * (campaigns in plan-command.ts, skills in plan-skills.ts): the pool is created and warmed before
 * the plan's body starts reading, its simulations equal simulate()'s, and it is closed after the
 * body — also when the body throws. Without simulation no pool (no thread) is made.
 */
import { expect } from 'chai';
import { createSimulationPool, simulate, withWarmPool, type CreateSimulationPool, type SimulationInput } from '../../../controller/simulation/index.js';

const INPUT: SimulationInput = { weights: { predictive_factor: 0.1 }, profile: { agents: 20 }, durationSeconds: 600, replications: 4, seed: 7 };

describe('withWarmPool: the pool of one plan --simulate run', () => {
  let steps: string[];
  /** Real pools, recording what is done with them. */
  const recordingPool: CreateSimulationPool = (options) => {
    const pool = createSimulationPool(options);
    steps.push(`pool of ${options.size} created`);
    return {
      run: (input) => {
        steps.push('simulated');
        return pool.run(input);
      },
      runPc: (input) => pool.runPc(input),
      warmUp: () => {
        steps.push('pool warmed');
        pool.warmUp();
      },
      close: async () => {
        steps.push('pool closed');
        await pool.close();
      },
    };
  };
  beforeEach(() => {
    steps = [];
  });

  it('creates and warms the pool before the body reads anything, gives simulate()\'s results, and closes the pool after the body', async () => {
    const summary = await withWarmPool(
      true,
      2,
      async (pool) => {
        steps.push('live state read');
        return pool!.run(INPUT);
      },
      recordingPool,
    );
    expect(steps).to.deep.equal(['pool of 2 created', 'pool warmed', 'live state read', 'simulated', 'pool closed']);
    expect(summary).to.deep.equal(simulate(INPUT));
  });

  it('closes the warmed pool when the body fails (a live read refused), and passes the failure on', async () => {
    let failure: unknown;
    try {
      await withWarmPool(
        true,
        1,
        async () => {
          steps.push('live state read');
          throw new Error('GET /skills/parameters: 503');
        },
        recordingPool,
      );
    } catch (error) {
      failure = error;
    }
    expect((failure as Error).message).to.equal('GET /skills/parameters: 503');
    expect(steps).to.deep.equal(['pool of 1 created', 'pool warmed', 'live state read', 'pool closed']);
  });

  it('makes no pool when the plan does not simulate', async () => {
    const seen = await withWarmPool(false, 2, async (pool) => pool, recordingPool);
    expect(seen).to.equal(undefined);
    expect(steps).to.deep.equal([]);
  });
});
