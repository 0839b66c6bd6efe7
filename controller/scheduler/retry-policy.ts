/** Exponential backoff with jitter, as client-go's per-item rate limiter (plus jitter): the work queue's use of lib/retry.ts's backoff. */
import { backoffMs, type BackoffOptions } from '../lib/retry.js';

export interface RetryPolicyOptions extends BackoffOptions {
  /** Uniform random numbers in [0, 1). */
  random: () => number;
}

export interface RetryPolicy {
  /** The delay before retrying after `failures` consecutive failures (1 for the first). */
  backoffMs(failures: number): number;
}

export function createRetryPolicy(options: RetryPolicyOptions): RetryPolicy {
  return { backoffMs: (failures) => backoffMs(failures, options) };
}
