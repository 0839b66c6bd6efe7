/** z for a two-sided 95% interval. */
export const Z_95 = 1.959963984540054;

export interface Interval {
  lower: number;
  upper: number;
}

/**
 * The Wilson score interval of a proportion `successes / trials` (95% by default). With no trials
 * it is [0, 1]: nothing is known. Bounds are clamped to [0, 1] against rounding.
 */
export function wilsonInterval(successes: number, trials: number, z = Z_95): Interval {
  if (!(trials > 0)) return { lower: 0, upper: 1 };
  const p = successes / trials;
  const z2 = z * z;
  const denominator = 1 + z2 / trials;
  const centre = (p + z2 / (2 * trials)) / denominator;
  const half = (z * Math.sqrt((p * (1 - p)) / trials + z2 / (4 * trials * trials))) / denominator;
  return { lower: Math.max(0, centre - half), upper: Math.min(1, centre + half) };
}
