import { expect } from 'chai';
import { deriveReplicationSeed, Rng } from '../../../controller/simulation/rng.js';
import { lognormalParameters } from '../../../controller/simulation/lognormal-parameters.js';

function take(rng: Rng, count: number): number[] {
  return Array.from({ length: count }, () => rng.nextUint32());
}

describe('simulation/Rng', () => {
  // Expected values from the reference C xoshiro128** (prng.di.unimi.it) with the same
  // splitmix32/murmur3-finaliser seeding, compiled with gcc.
  const reference: Array<[number, number[]]> = [
    [1, [3462402280, 3782281353, 682972922, 3810564398, 2016265559]],
    [12345, [2508811365, 2504881488, 3400809034, 3259796131, 329781237]],
    [-7, [30495511, 3819940346, 2006563717, 3391520272, 3618037756]],
    [1_700_000_000_000, [2552935758, 308626743, 441348833, 961332297, 531894508]],
  ];
  for (const [seed, expected] of reference) {
    it(`reproduces the reference xoshiro128** stream for seed ${seed}`, () => {
      expect(take(new Rng(seed), 5)).to.deep.equal(expected);
    });
  }

  it('derives replication seeds that match the reference and differ by index and seed', () => {
    expect(deriveReplicationSeed(1, 0)).to.equal(930993813);
    expect(deriveReplicationSeed(1, 1)).to.equal(1133995259);
    const seeds = new Set<number>();
    for (const seed of [1, 2, 3]) for (let i = 0; i < 1000; i += 1) seeds.add(deriveReplicationSeed(seed, i));
    expect(seeds.size).to.equal(3000);
  });

  it('draws uniforms in [0, 1) with mean 1/2 and exponentials with the requested mean', () => {
    const rng = new Rng(99);
    const n = 200_000;
    let uniformSum = 0;
    let exponentialSum = 0;
    let outOfRange = 0;
    for (let i = 0; i < n; i += 1) {
      const u = rng.uniform();
      if (!(u >= 0 && u < 1)) outOfRange += 1;
      uniformSum += u;
      exponentialSum += rng.exponential(7);
    }
    expect(outOfRange).to.equal(0);
    expect(uniformSum / n).to.be.closeTo(0.5, 0.005);
    expect(exponentialSum / n).to.be.closeTo(7, 0.1);
  });

  it('draws standard normals with mean 0 and variance 1', () => {
    const rng = new Rng(5);
    const n = 200_000;
    let sum = 0;
    let squares = 0;
    for (let i = 0; i < n; i += 1) {
      const z = rng.normal();
      sum += z;
      squares += z * z;
    }
    expect(sum / n).to.be.closeTo(0, 0.01);
    expect(squares / n).to.be.closeTo(1, 0.015);
  });

  it('gives talk times with the profile mean and coefficient of variation (σ² = ln(1+cv²), μ = ln m − σ²/2)', () => {
    const { mu, sigma } = lognormalParameters(180, 0.8);
    expect(sigma * sigma).to.be.closeTo(Math.log(1.64), 1e-12);
    expect(mu).to.be.closeTo(Math.log(180) - Math.log(1.64) / 2, 1e-12);
    const rng = new Rng(11);
    const n = 200_000;
    let sum = 0;
    let squares = 0;
    for (let i = 0; i < n; i += 1) {
      const talk = Math.exp(mu + sigma * rng.normal());
      sum += talk;
      squares += talk * talk;
    }
    const mean = sum / n;
    const sd = Math.sqrt(squares / n - mean * mean);
    expect(mean).to.be.closeTo(180, 1.5);
    expect(sd / mean).to.be.closeTo(0.8, 0.02);
  });
});
