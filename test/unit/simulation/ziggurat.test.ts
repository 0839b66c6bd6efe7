import { expect } from 'chai';
import { Rng } from '../../../controller/simulation/rng.js';
import {
  EXPONENTIAL_R,
  NORMAL_R,
  RandomBits,
  zigguratExponential,
  zigguratNormal,
} from '../../../controller/simulation/ziggurat.js';

/** Φ(x), the standard normal CDF, from the Chebyshev-fitted erfc of Numerical Recipes (erfcc, relative error < 1.2e-7). */
function normalCdf(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.5 * z);
  const erfc =
    t *
    Math.exp(
      -z * z - 1.26551223 +
        t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 +
        t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? 1 - erfc / 2 : erfc / 2;
}

/** The Kolmogorov–Smirnov distance between the samples and a CDF. */
function ksDistance(samples: number[], cdf: (x: number) => number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  let distance = 0;
  sorted.forEach((x, index) => {
    const f = cdf(x);
    distance = Math.max(distance, Math.abs(f - index / sorted.length), Math.abs((index + 1) / sorted.length - f));
  });
  return distance;
}

function draw(count: number, seed: number, sampler: (bits: RandomBits) => number): number[] {
  const bits = new RandomBits(new Rng(seed));
  return Array.from({ length: count }, () => sampler(bits));
}

/** Pearson's chi-square of the counts in `edges` bins against the CDF (the two open-ended bins included). */
function chiSquare(samples: number[], edges: number[], cdf: (x: number) => number): { statistic: number; bins: number } {
  const counts = new Array<number>(edges.length + 1).fill(0);
  for (const x of samples) {
    let bin = 0;
    while (bin < edges.length && x >= edges[bin]!) bin += 1;
    counts[bin]! += 1;
  }
  let statistic = 0;
  counts.forEach((observed, bin) => {
    const low = bin === 0 ? 0 : cdf(edges[bin - 1]!);
    const high = bin === edges.length ? 1 : cdf(edges[bin]!);
    const expected = (high - low) * samples.length;
    statistic += ((observed - expected) ** 2) / expected;
  });
  return { statistic, bins: counts.length };
}

/*
 * The ziggurat samplers must be exact: the samples' distribution is the exponential's and the
 * normal's, the tails beyond the base layer included (the wedge and tail paths draw extra words).
 * Each test runs on fixed seeds, so it is deterministic; its bound is the 0.1% critical value.
 */
describe('simulation/ziggurat samplers', () => {
  const N = 100_000;
  // KS critical value at α = 0.001 for large n: 1.95 / √n.
  const KS_BOUND = 1.95 / Math.sqrt(N);

  it('draws standard exponentials: KS distance to 1 − e^(−x) below the 0.1% critical value, mean 1, variance 1', () => {
    const samples = draw(N, 3, zigguratExponential);
    expect(samples.every((x) => x >= 0 && Number.isFinite(x))).to.equal(true);
    expect(ksDistance(samples, (x) => 1 - Math.exp(-x))).to.be.below(KS_BOUND);
    const mean = samples.reduce((a, b) => a + b, 0) / N;
    const variance = samples.reduce((a, b) => a + (b - mean) ** 2, 0) / (N - 1);
    expect(mean).to.be.closeTo(1, 4 / Math.sqrt(N));
    expect(variance).to.be.closeTo(1, 0.04);
  });

  it('draws standard normals: KS distance to Φ below the 0.1% critical value, mean 0, variance 1, no skew', () => {
    const samples = draw(N, 4, zigguratNormal);
    expect(ksDistance(samples, normalCdf)).to.be.below(KS_BOUND);
    const mean = samples.reduce((a, b) => a + b, 0) / N;
    const variance = samples.reduce((a, b) => a + (b - mean) ** 2, 0) / (N - 1);
    const skew = samples.reduce((a, b) => a + (b - mean) ** 3, 0) / N;
    expect(mean).to.be.closeTo(0, 4 / Math.sqrt(N));
    expect(variance).to.be.closeTo(1, 0.02);
    expect(skew).to.be.closeTo(0, 0.04);
    expect(samples.some((x) => x === 0 && Object.is(x, -0))).to.equal(false);
  });

  it('fills every layer and the tail as the density says (chi-square over 40 bins, wedges and tails included)', () => {
    const count = 400_000;
    const exponentialEdges = Array.from({ length: 39 }, (_, i) => ((i + 1) * 9) / 39);
    const exponential = chiSquare(draw(count, 5, zigguratExponential), exponentialEdges, (x) => 1 - Math.exp(-x));
    const normalEdges = Array.from({ length: 39 }, (_, i) => -4.5 + ((i + 1) * 9) / 40);
    const normal = chiSquare(draw(count, 6, zigguratNormal), normalEdges, normalCdf);
    // χ²(39) at 0.1%: 72.1.
    expect(exponential.bins).to.equal(40);
    expect(exponential.statistic).to.be.below(72.1);
    expect(normal.statistic).to.be.below(72.1);
  });

  it('draws the tails beyond the base layer as often as they weigh (P(E > r) = e^(−r), P(|Z| > r) = 2(1 − Φ(r)))', () => {
    const count = 1_000_000;
    const exponentialTail = draw(count, 7, zigguratExponential).filter((x) => x > EXPONENTIAL_R).length;
    const normalTail = draw(count, 8, zigguratNormal).filter((x) => Math.abs(x) > NORMAL_R).length;
    const expectedExponential = count * Math.exp(-EXPONENTIAL_R);
    const expectedNormal = count * 2 * (1 - normalCdf(NORMAL_R));
    // Within 4 standard deviations of a Poisson count.
    expect(Math.abs(exponentialTail - expectedExponential)).to.be.below(4 * Math.sqrt(expectedExponential));
    expect(Math.abs(normalTail - expectedNormal)).to.be.below(4 * Math.sqrt(expectedNormal));
  });

  it('gives the same samples for the same seed and other samples for another seed', () => {
    expect(draw(1000, 9, zigguratNormal)).to.deep.equal(draw(1000, 9, zigguratNormal));
    expect(draw(1000, 9, zigguratExponential)).to.not.deep.equal(draw(1000, 10, zigguratExponential));
  });
});
