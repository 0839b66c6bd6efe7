/**
 * Critical values of Student's t distribution for a 95% two-sided interval: the 0.975 quantile.
 * Exact (to 6 decimals) for df 1..30; above that the Cornish–Fisher expansion around the normal
 * quantile, accurate to better than 1e-6 for df > 30.
 */

/** t(0.975, df) for df = 1..30 (index df − 1). */
const T975_TABLE: readonly number[] = [
  12.706205, 4.302653, 3.182446, 2.776445, 2.570582, 2.446912, 2.364624, 2.306004, 2.262157, 2.228139,
  2.200985, 2.178813, 2.160369, 2.144787, 2.13145, 2.119905, 2.109816, 2.100922, 2.093024, 2.085963,
  2.079614, 2.073873, 2.068658, 2.063899, 2.059539, 2.055529, 2.051831, 2.048407, 2.04523, 2.042272,
];

/** The standard normal 0.975 quantile. */
const Z975 = 1.959963984540054;

/** The 0.975 quantile of Student's t with `df` degrees of freedom (an integer >= 1). */
export function studentT975(df: number): number {
  if (!Number.isInteger(df) || df < 1) throw new RangeError(`df must be an integer >= 1, got ${df}`);
  const tabled = T975_TABLE[df - 1];
  if (tabled !== undefined) return tabled;
  const z = Z975;
  const z2 = z * z;
  const z3 = z2 * z;
  const z5 = z3 * z2;
  const z7 = z5 * z2;
  const z9 = z7 * z2;
  return (
    z +
    (z3 + z) / (4 * df) +
    (5 * z5 + 16 * z3 + 3 * z) / (96 * df ** 2) +
    (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / (384 * df ** 3) +
    (79 * z9 + 776 * z7 + 1482 * z5 - 1920 * z3 - 945 * z) / (92160 * df ** 4)
  );
}
