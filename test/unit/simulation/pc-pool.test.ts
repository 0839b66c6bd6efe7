import { expect } from 'chai';
import { createSimulationPool, simulatePc } from '../../../controller/simulation/index.js';
import type { PcSimulationInput, SimulationPool } from '../../../controller/simulation/index.js';

describe('simulation/createSimulationPool with pc-v1', () => {
  let pool: SimulationPool;
  before(() => {
    pool = createSimulationPool({ size: 2 });
  });
  after(async () => {
    await pool.close();
  });

  const inputs: Array<[string, PcSimulationInput]> = [
    ['20 replications', { settings: { maximumRatio: 3, aggressiveness: 'aggressive' }, durationSeconds: 900, seed: 3 }],
    ['an odd replication count', { settings: { maximumRatio: 2 }, profile: { agents: 25, answerProbability: 0.5 }, durationSeconds: 600, replications: 7, seed: -9 }],
    ['one replication', { settings: {}, durationSeconds: 300, replications: 1 }],
  ];
  for (const [name, input] of inputs) {
    it(`returns exactly simulatePc()'s summary for ${name}`, async () => {
      expect(await pool.runPc(input)).to.deep.equal(simulatePc(input));
    });
  }

  it('runs v1 and pc-v1 side by side on the same workers', async () => {
    const pc: PcSimulationInput = { settings: { maximumRatio: 3 }, durationSeconds: 600, replications: 5, seed: 2 };
    const [v1, pcv1] = await Promise.all([pool.run({ weights: {}, durationSeconds: 600, replications: 5 }), pool.runPc(pc)]);
    expect(v1.model).to.equal('dialer-des/v2');
    expect(pcv1).to.deep.equal(simulatePc(pc));
  });

  it('runs the OutboundSkill model asked for: pc-v1 on the pool equals pc-v1 on one thread, and differs from pc-v2', async () => {
    const input: PcSimulationInput = { settings: { maximumRatio: 3, aggressiveness: 'moderate' }, durationSeconds: 900, replications: 6, seed: 4, model: 'dialer-des/pc-v1' };
    const old = await pool.runPc(input);
    expect(old.model).to.equal('dialer-des/pc-v1');
    expect(old).to.deep.equal(simulatePc(input));
    expect(old.dials).to.not.deep.equal((await pool.runPc({ ...input, model: 'dialer-des/pc-v2' })).dials);
  });

  it('rejects a bad pc-v1 input with the field named', async () => {
    try {
      await pool.runPc({ settings: { maximumRatio: 9 }, durationSeconds: 60 });
      expect.fail('runPc accepted maximumRatio 9');
    } catch (error: unknown) {
      expect((error as Error).message).to.include('settings.maximumRatio must be an integer in 1..3');
    }
  });
});
