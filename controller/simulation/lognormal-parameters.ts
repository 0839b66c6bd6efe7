/** Parameters of the normal underlying a lognormal: X = exp(mu + sigma · Z), Z standard normal. */
export interface LognormalParameters {
  mu: number;
  sigma: number;
}

/**
 * The lognormal with the given mean and coefficient of variation: σ² = ln(1 + cv²) and
 * μ = ln(mean) − σ²/2, so that E[X] = mean and sd(X) / E[X] = cv.
 */
export function lognormalParameters(mean: number, cv: number): LognormalParameters {
  const variance = Math.log(1 + cv * cv);
  return { mu: Math.log(mean) - variance / 2, sigma: Math.sqrt(variance) };
}
