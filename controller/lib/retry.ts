/**
 * The one retry helper (docs/architecture.md, "Failure classes and retry layers"): runs a task
 * again while `shouldRetry` says the failure is worth another attempt, waiting a backoff between
 * attempts on the injected timer, so tests drive it with a fake clock. Each caller is one retry
 * layer for one kind of failure; the work queue owns the retries of whole reconciles.
 */

import type { SetTimer } from './timer.js';

export interface BackoffOptions {
  /** Delay after the first failure, ms. */
  baseMs: number;
  /** Longest delay before jitter, ms. */
  maxMs: number;
  /** Relative spread: the delay is multiplied by a factor in [1 - jitter, 1 + jitter). Default 0.2. */
  jitter?: number;
  /** Uniform random numbers in [0, 1). Default `Math.random`. */
  random?: () => number;
}

/** Exponential backoff with jitter: the delay before retrying after `failures` consecutive failures (1 for the first). */
export function backoffMs(failures: number, options: BackoffOptions): number {
  const jitter = options.jitter ?? 0.2;
  const random = options.random ?? Math.random;
  const exponent = Math.max(0, Math.min(failures - 1, 52));
  const capped = Math.min(options.baseMs * 2 ** exponent, options.maxMs);
  return Math.round(capped * (1 + jitter * (2 * random() - 1)));
}

export interface RetryOptions extends BackoffOptions {
  /** Attempts in all, the first included (at least 1). */
  attempts: number;
  /** Whether a failure of attempt `attempt` is worth another one. */
  shouldRetry: (error: unknown, attempt: number) => boolean;
  /** The timer the backoff waits on. */
  setTimer: SetTimer;
  /** Told before each wait. */
  onRetry?: (error: unknown, attempt: number, waitMs: number) => void;
  /** Stops waiting (rejecting with its reason) when aborted. */
  signal?: AbortSignal;
}

function wait(ms: number, setTimer: SetTimer, signal: AbortSignal | undefined): Promise<void> {
  if (signal?.aborted) return Promise.reject(signal.reason as Error);
  return new Promise((resolve, reject) => {
    const onAbort = (): void => {
      cancel();
      reject(signal?.reason as Error);
    };
    const cancel = setTimer(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Runs `task` (given the attempt number, from 1) until it resolves, a failure is not retried, or the attempts run out. */
export async function retry<T>(task: (attempt: number) => Promise<T>, options: RetryOptions): Promise<T> {
  const attempts = Math.max(1, Math.floor(options.attempts));
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await task(attempt);
    } catch (error) {
      if (attempt >= attempts || !options.shouldRetry(error, attempt)) throw error;
      const waitMs = backoffMs(attempt, options);
      options.onRetry?.(error, attempt, waitMs);
      await wait(waitMs, options.setTimer, options.signal);
    }
  }
}
