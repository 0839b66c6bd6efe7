import { spawn } from 'node:child_process';
import { expect } from 'chai';
import {
  createSimulationPool,
  isInvalidSimulationInputError,
  simulate,
} from '../../../controller/simulation/index.js';
import type { SimulationInput, SimulationPool } from '../../../controller/simulation/index.js';

const indexUrl = new URL('../../../controller/simulation/index.js', import.meta.url).href;

/** Runs an ES module in a fresh Node process; resolves with its exit code and output, or fails after 15 s. */
function runScript(source: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', source], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`process did not exit within 15 s; stdout: ${stdout}; stderr: ${stderr}`));
    }, 15_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe('simulation/createSimulationPool', () => {
  let pool: SimulationPool;
  before(() => {
    pool = createSimulationPool({ size: 2 });
  });
  after(async () => {
    await pool.close();
  });

  const inputs: Array<[string, SimulationInput]> = [
    ['20 replications', { weights: { predictive_factor: 0.4 }, durationSeconds: 600, seed: 3 }],
    ['an odd replication count', { weights: { answer_rate: -0.2 }, profile: { agents: 25 }, durationSeconds: 300, replications: 7, seed: -9 }],
    ['one replication', { weights: {}, durationSeconds: 300, replications: 1 }],
    ['the old model dialer-des/v1', { weights: { predictive_factor: 0.4 }, durationSeconds: 600, seed: 3, model: 'dialer-des/v1' }],
  ];
  for (const [name, input] of inputs) {
    it(`returns exactly simulate()'s summary for ${name}`, async () => {
      expect(await pool.run(input)).to.deep.equal(simulate(input));
    });
  }

  it('returns the same summaries for concurrent runs and for pools of other sizes', async () => {
    const a: SimulationInput = { weights: { call_rate: 0.5 }, durationSeconds: 400, replications: 9, seed: 11 };
    const b: SimulationInput = { weights: { max_concurrent: -0.5 }, durationSeconds: 400, replications: 5, seed: 12 };
    const [resultA, resultB] = await Promise.all([pool.run(a), pool.run(b)]);
    expect(resultA).to.deep.equal(simulate(a));
    expect(resultB).to.deep.equal(simulate(b));
    const three = createSimulationPool({ size: 3 });
    try {
      expect(await three.run(a)).to.deep.equal(resultA);
    } finally {
      await three.close();
    }
  });

  it('returns simulate()\'s summaries after warmUp() and for a bulk of runs in flight at once', async () => {
    const warmed = createSimulationPool({ size: 2 });
    try {
      warmed.warmUp();
      const bulk: SimulationInput[] = Array.from({ length: 12 }, (_, index) => ({
        weights: { predictive_factor: (index % 5) / 10 },
        profile: { agents: 10 + 7 * index },
        durationSeconds: 300,
        replications: 1 + (index % 4) * 6,
        seed: 100 + index,
      }));
      const summaries = await Promise.all(bulk.map((input) => warmed.run(input)));
      summaries.forEach((summary, index) => expect(summary).to.deep.equal(simulate(bulk[index]!)));
    } finally {
      await warmed.close();
    }
  });

  it('rejects an invalid input with every problem listed', async () => {
    const error = await pool.run({ weights: { nope: 1 } as never, durationSeconds: 0 }).then(
      () => undefined,
      (reason: unknown) => reason,
    );
    expect(isInvalidSimulationInputError(error)).to.equal(true);
    if (isInvalidSimulationInputError(error)) expect(error.problems).to.have.length(2);
  });

  it('rejects runs after close and rejects a bad size', async () => {
    const closing = createSimulationPool({ size: 1 });
    await closing.close();
    await closing.close();
    const error = await closing.run({ weights: {}, durationSeconds: 10 }).then(
      () => undefined,
      (reason: unknown) => reason,
    );
    expect(error).to.be.instanceOf(Error).with.property('message').that.matches(/closed/);
    expect(() => createSimulationPool({ size: 0 })).to.throw(RangeError, /size/);
  });

  it('lets a process exit after close(), and exit while idle even without close()', async () => {
    const withClose = await runScript(
      `import { createSimulationPool } from ${JSON.stringify(indexUrl)};
       const pool = createSimulationPool();
       const summary = await pool.run({ weights: {}, durationSeconds: 120, replications: 4 });
       await pool.close();
       console.log(summary.model);`,
    );
    expect(withClose).to.include({ code: 0, stdout: 'dialer-des/v2\n' });
    const idle = await runScript(
      `import { createSimulationPool } from ${JSON.stringify(indexUrl)};
       const pool = createSimulationPool();
       console.log((await pool.run({ weights: {}, durationSeconds: 120, replications: 4 })).replications);`,
    );
    expect(idle).to.include({ code: 0, stdout: '4\n' });
  });
});
