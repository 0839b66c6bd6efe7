/**
 * What the work queue does with a reconcile's outcome (docs/architecture.md, "Failure classes and
 * retry layers"): each key has one timer — a retry (exponential backoff with jitter, or the error's
 * `retryAfterMs`), a requeue (the result's `requeueAfterMs`) or none — and starting one replaces
 * the earlier; a replaced or cancelled timer never fires. Consecutive failures are counted per key
 * and forgotten on success; a stalled error is not retried.
 */
import type { Logger } from '../adapters/logging/logger.js';
import { isClassifiedError, isStalledError } from '../domain/errors.js';
import type { RetryPolicy } from './retry-policy.js';
import type { WorkReason } from './work-priority.js';
import { messageOf } from '../lib/error-message.js';

export interface WorkOutcomeOptions<K> {
  /** Adds the key again when its timer fires. */
  readd: (key: K, reason: WorkReason) => void;
  setTimer: (callback: () => void, ms: number) => unknown;
  clearTimer: (handle: unknown) => void;
  retryPolicy: RetryPolicy;
  now: () => number;
  log: Logger;
}

export interface WorkOutcomes<K> {
  succeeded(key: K, requeueAfterMs: number | undefined): void;
  failed(key: K, reason: WorkReason, error: unknown): void;
  /** Drops the key's timer, failures and stall. */
  forget(key: K): void;
  cancelAllTimers(): void;
  stats(): { waitingRetry: number; failures: Record<string, number>; stalled: number };
}

export function createWorkOutcomes<K extends string>(options: WorkOutcomeOptions<K>): WorkOutcomes<K> {
  const { log, retryPolicy } = options;
  const timers = new Map<K, unknown>();
  const failures = new Map<K, number>();
  const stalled = new Set<K>();

  function cancelTimer(key: K): void {
    const handle = timers.get(key);
    if (handle === undefined) return;
    timers.delete(key);
    options.clearTimer(handle);
  }

  function startTimer(key: K, ms: number, reason: WorkReason): void {
    cancelTimer(key);
    const handle = options.setTimer(() => {
      if (timers.get(key) !== handle) return;
      timers.delete(key);
      options.readd(key, reason);
    }, Math.max(0, ms));
    timers.set(key, handle);
  }

  return {
    succeeded(key, requeueAfterMs) {
      failures.delete(key);
      stalled.delete(key);
      if (requeueAfterMs !== undefined && Number.isFinite(requeueAfterMs)) startTimer(key, requeueAfterMs, 'requeue');
      else cancelTimer(key);
    },
    failed(key, reason, error) {
      const count = (failures.get(key) ?? 0) + 1;
      failures.set(key, count);
      const meta = { key, reason, failures: count, error: messageOf(error), errorClass: isClassifiedError(error) ? error.errorClass : 'unclassified' };
      if (isStalledError(error)) {
        cancelTimer(key);
        stalled.add(key);
        log.error(meta, 'reconcile stalled: not retried until the campaign changes or is reconciled by hand');
        return;
      }
      const retryAfterMs = isClassifiedError(error) ? error.retryAfterMs : undefined;
      const delayMs = retryAfterMs !== undefined && Number.isFinite(retryAfterMs) ? retryAfterMs : retryPolicy.backoffMs(count);
      startTimer(key, delayMs, 'retry');
      log.warn({ ...meta, retryInMs: Math.round(delayMs), retryAt: new Date(options.now() + delayMs).toISOString() }, 'reconcile failed: retrying later');
    },
    forget(key) {
      stalled.delete(key);
      cancelTimer(key);
      failures.delete(key);
    },
    cancelAllTimers() {
      for (const key of [...timers.keys()]) cancelTimer(key);
    },
    stats: () => ({ waitingRetry: timers.size, failures: Object.fromEntries(failures), stalled: stalled.size }),
  };
}
