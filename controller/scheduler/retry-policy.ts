/** Exponential backoff with jitter, as client-go's per-item rate limiter (plus jitter). */

export interface RetryPolicyOptions {
  /** Delay after the first failure, ms. */
  baseMs: number;
  /** Longest delay before jitter, ms. */
  maxMs: number;
  /** Uniform random numbers in [0, 1). */
  random: () => number;
  /** Relative spread of the jitter: the delay is multiplied by a factor in [1 - jitter, 1 + jitter) and rounded to the millisecond. Default 0.2. */
  jitter?: number;
}

export interface RetryPolicy {
  /** The delay before retrying after `failures` consecutive failures (1 for the first). */
  backoffMs(failures: number): number;
}

export function createRetryPolicy(options: RetryPolicyOptions): RetryPolicy {
  const jitter = options.jitter ?? 0.2;
  return {
    backoffMs(failures) {
      const exponent = Math.max(0, Math.min(failures - 1, 52));
      const capped = Math.min(options.baseMs * 2 ** exponent, options.maxMs);
      return Math.round(capped * (1 + jitter * (2 * options.random() - 1)));
    },
  };
}
