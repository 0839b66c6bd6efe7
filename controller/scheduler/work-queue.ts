/**
 * The per-campaign work queue, after client-go's workqueue and controller-runtime's
 * reconcileHandler: a key is reconciled by at most one handler at a time, many keys run
 * concurrently, and the queue (not the reconciler) owns retries: exponential backoff with jitter
 * per key, forgotten on success, `retryAfterMs` of waiting errors, and `requeueAfterMs` of results.
 *
 * Timers: after each reconcile of a key, the outcome decides the key's single timer (a retry, a
 * requeue, or none), replacing any earlier one. An `add()` never waits for a timer: new work (a
 * commit, a sweep) runs at once, and the reconcile it starts decides the next timer.
 */
import type { Logger } from '../adapters/logging/logger.js';
import { silentLogger } from '../adapters/logging/logger.js';
import { isClassifiedError, isStalledError } from '../domain/errors.js';
import { createRetryPolicy } from './retry-policy.js';
import { createPriorityQueue, priorityOf, type WorkReason } from './work-priority.js';

export type { WorkReason } from './work-priority.js';

/** What a reconcile asks of the queue. */
export interface WorkResult {
  /** Reconcile the key again after this many milliseconds (say, when a sync window opens). */
  requeueAfterMs?: number;
}

export interface WorkQueueOptions<K extends string, P = never> {
  /**
   * Reconciles one key, with the data its work item carries (what a sweep observed of it), if
   * any. Resolve to succeed (forgetting the key's backoff); throw a classified error to fail (a
   * stalled one is not retried).
   */
  handler: (key: K, reason: WorkReason, item: P | undefined) => Promise<WorkResult | void>;
  /** Keys reconciled at once. Default 4. */
  concurrency?: number;
  /**
   * First backoff after a failure, ms. Default 1000. It doubles with each consecutive failure up to
   * `maxBackoffMs`, and is then spread by ±20% jitter; it is forgotten on success.
   */
  baseBackoffMs?: number;
  /** Longest backoff before jitter, ms. Default 300000 (5 minutes). */
  maxBackoffMs?: number;
  /** The clock, for logs. Default `Date.now`. */
  now?: () => number;
  /** Starts a timer. Default `setTimeout`. */
  setTimer?: (callback: () => void, ms: number) => unknown;
  /** Cancels a timer started by `setTimer`. Default `clearTimeout`. */
  clearTimer?: (handle: unknown) => void;
  /** Uniform random numbers in [0, 1), for jitter. Default `Math.random`. */
  random?: () => number;
  /** Default the silent logger. */
  log?: Logger;
}

export interface WorkQueueStats {
  /** Keys waiting for a free slot. */
  queued: number;
  /** Keys being reconciled. */
  running: number;
  /** Keys with a timer for a later retry or requeue. */
  waitingRetry: number;
  /** Consecutive failures per key, for keys whose last reconcile failed. */
  failures: Record<string, number>;
  /** Keys whose last reconcile stalled (needs a human): not retried until added again. */
  stalled: number;
}

export interface WorkQueue<K extends string, P = never> {
  /**
   * Asks for `key` to be reconciled. A key already waiting is not queued twice (its priority is
   * raised if `reason` ranks higher); a key being reconciled runs once more after it finishes.
   * Priority: commit, manual > window, retry, requeue > startup, sweep; first in, first out within one.
   * `item` travels with the work to the handler (the latest given replaces an earlier one) and is
   * used once.
   */
  add(key: K, reason: WorkReason, item?: P): void;
  /**
   * `add` for each key, in order: the first `ADD_SLICE` at once, the rest in slices of that size
   * with a `setImmediate` between (a sweep of 10,000 keys never holds the event loop, so /healthz
   * answers meanwhile). Resolves when every key is added; `idle()` waits for the slices too.
   */
  addAll(keys: readonly K[], reason: WorkReason, itemOf?: (key: K) => P | undefined): Promise<void>;
  /** Drops the queued work, backoff and timer of `key` (its campaign was deleted). A reconcile in flight finishes, and its outcome is ignored. */
  forget(key: K): void;
  /** Resolves when nothing is queued or running (timers for later retries may still be pending). */
  idle(): Promise<void>;
  /** Stops taking work, drops what is queued, cancels every timer, and resolves when reconciles in flight have finished. */
  stop(): Promise<void>;
  stats(): WorkQueueStats;
}

interface Running<P> {
  /** The highest-ranked reason an `add()` gave while the key was running: run once more. */
  dirty?: WorkReason;
  /** The item an `add()` gave while the key was running, for that next run. */
  dirtyItem?: P;
  /** `forget()` was called while running: ignore the outcome. */
  forgotten: boolean;
}

/** Keys `addAll` adds in one go before it yields to the event loop. */
export const ADD_SLICE = 500;

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function createWorkQueue<K extends string, P = never>(options: WorkQueueOptions<K, P>): WorkQueue<K, P> {
  const concurrency = Math.max(1, Math.floor(options.concurrency ?? 4));
  const now = options.now ?? Date.now;
  const setTimer = options.setTimer ?? ((callback: () => void, ms: number): unknown => setTimeout(callback, ms));
  const clearTimer = options.clearTimer ?? ((handle: unknown) => clearTimeout(handle as NodeJS.Timeout));
  const log = options.log ?? silentLogger;
  const retryPolicy = createRetryPolicy({ baseMs: options.baseBackoffMs ?? 1000, maxMs: options.maxBackoffMs ?? 300_000, random: options.random ?? Math.random });

  const queue = createPriorityQueue<K>();
  const running = new Map<K, Running<P>>();
  /** The data of queued work items, by key. */
  const items = new Map<K, P>();
  const stalled = new Set<K>();
  const timers = new Map<K, unknown>();
  const failures = new Map<K, number>();
  const inFlight = new Set<Promise<void>>();
  let idleWaiters: Array<() => void> = [];
  let stopped = false;
  /** `addAll` calls still adding slices. */
  let slicing = 0;

  function cancelTimer(key: K): void {
    const handle = timers.get(key);
    if (handle === undefined) return;
    timers.delete(key);
    clearTimer(handle);
  }

  function startTimer(key: K, ms: number, reason: WorkReason): void {
    cancelTimer(key);
    const handle = setTimer(() => {
      if (timers.get(key) !== handle) return;
      timers.delete(key);
      add(key, reason);
    }, Math.max(0, ms));
    timers.set(key, handle);
  }

  function settleIdle(): void {
    if (queue.size() > 0 || running.size > 0 || slicing > 0) return;
    const waiters = idleWaiters;
    idleWaiters = [];
    for (const resolve of waiters) resolve();
  }

  function onSuccess(key: K, result: WorkResult | void): void {
    failures.delete(key);
    stalled.delete(key);
    const requeueAfterMs = result?.requeueAfterMs;
    if (requeueAfterMs !== undefined && Number.isFinite(requeueAfterMs)) startTimer(key, requeueAfterMs, 'requeue');
    else cancelTimer(key);
  }

  function onFailure(key: K, reason: WorkReason, error: unknown): void {
    const count = (failures.get(key) ?? 0) + 1;
    failures.set(key, count);
    const meta = { key, reason, failures: count, error: errorMessage(error), errorClass: isClassifiedError(error) ? error.errorClass : 'unclassified' };
    if (isStalledError(error)) {
      cancelTimer(key);
      stalled.add(key);
      log.error(meta, 'reconcile stalled: not retried until the campaign changes or is reconciled by hand');
      return;
    }
    const retryAfterMs = isClassifiedError(error) ? error.retryAfterMs : undefined;
    const delayMs = retryAfterMs !== undefined && Number.isFinite(retryAfterMs) ? retryAfterMs : retryPolicy.backoffMs(count);
    startTimer(key, delayMs, 'retry');
    log.warn({ ...meta, retryInMs: Math.round(delayMs), retryAt: new Date(now() + delayMs).toISOString() }, 'reconcile failed: retrying later');
  }

  async function run(key: K, reason: WorkReason, item: P | undefined, state: Running<P>): Promise<void> {
    const started = now();
    try {
      const result = await options.handler(key, reason, item);
      if (!state.forgotten) onSuccess(key, result);
      log.debug({ key, reason, durationMs: now() - started }, 'reconcile finished');
    } catch (error) {
      if (!state.forgotten) onFailure(key, reason, error);
    }
  }

  function pump(): void {
    while (!stopped && running.size < concurrency) {
      const next = queue.shift();
      if (next === undefined) break;
      const state: Running<P> = { forgotten: false };
      running.set(next.key, state);
      const item = items.get(next.key);
      items.delete(next.key);
      const done = run(next.key, next.reason, item, state)
        .catch((error: unknown) => log.error({ key: next.key, error: errorMessage(error) }, 'work queue failed to record a reconcile outcome'))
        .then(() => {
          running.delete(next.key);
          inFlight.delete(done);
          if (state.dirty !== undefined && !stopped) {
            if (state.dirtyItem !== undefined) items.set(next.key, state.dirtyItem);
            queue.push(next.key, state.dirty);
          }
          pump();
          settleIdle();
        });
      inFlight.add(done);
    }
  }

  function add(key: K, reason: WorkReason, item?: P): void {
    if (stopped) {
      log.debug({ key, reason }, 'work queue stopped: work not added');
      return;
    }
    const current = running.get(key);
    if (current !== undefined) {
      if (current.dirty === undefined || priorityOf(reason) < priorityOf(current.dirty)) current.dirty = reason;
      if (item !== undefined) current.dirtyItem = item;
      return;
    }
    if (item !== undefined) items.set(key, item);
    queue.push(key, reason);
    pump();
  }

  return {
    add,
    addAll(keys, reason, itemOf) {
      const addSlice = (from: number) => {
        for (const key of keys.slice(from, from + ADD_SLICE)) add(key, reason, itemOf?.(key));
      };
      addSlice(0);
      if (keys.length <= ADD_SLICE) return Promise.resolve();
      slicing += 1;
      return (async () => {
        try {
          for (let from = ADD_SLICE; from < keys.length && !stopped; from += ADD_SLICE) {
            await new Promise((resolve) => setImmediate(resolve));
            addSlice(from);
          }
        } finally {
          slicing -= 1;
          settleIdle();
        }
      })();
    },
    forget(key) {
      queue.remove(key);
      items.delete(key);
      stalled.delete(key);
      cancelTimer(key);
      failures.delete(key);
      const current = running.get(key);
      if (current !== undefined) {
        current.forgotten = true;
        delete current.dirty;
        delete current.dirtyItem;
      }
      settleIdle();
    },
    idle() {
      return new Promise<void>((resolve) => {
        idleWaiters.push(resolve);
        settleIdle();
      });
    },
    async stop() {
      stopped = true;
      queue.clear();
      items.clear();
      for (const key of [...timers.keys()]) cancelTimer(key);
      settleIdle();
      await Promise.all([...inFlight]);
    },
    stats() {
      return { queued: queue.size(), running: running.size, waitingRetry: timers.size, failures: Object.fromEntries(failures), stalled: stalled.size };
    },
  };
}
