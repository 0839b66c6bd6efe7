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
import { createRetryPolicy } from './retry-policy.js';
import { createPriorityQueue, priorityOf, type PriorityQueue, type WorkReason } from './work-priority.js';
import { createWorkOutcomes, type WorkOutcomes } from './work-outcomes.js';
import { messageOf } from '../lib/error-message.js';

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

/**
 * Calls `addOne` for each key: the first `ADD_SLICE` at once, the rest in slices of that size with a
 * `setImmediate` between, until `stopped()`. When there is more than one slice, `sliced` is called
 * once the last slice is added (or adding stopped).
 */
function addInSlices<K>(keys: readonly K[], addOne: (key: K) => void, stopped: () => boolean, sliced: () => void): Promise<void> {
  const addSlice = (from: number) => {
    for (const key of keys.slice(from, from + ADD_SLICE)) addOne(key);
  };
  addSlice(0);
  if (keys.length <= ADD_SLICE) return Promise.resolve();
  return (async () => {
    try {
      for (let from = ADD_SLICE; from < keys.length && !stopped(); from += ADD_SLICE) {
        await new Promise((resolve) => setImmediate(resolve));
        addSlice(from);
      }
    } finally {
      sliced();
    }
  })();
}

/** An `add()` of a key being reconciled: it runs once more after, with the highest-ranked reason and the latest item. */
function markDirty<P>(current: Running<P>, reason: WorkReason, item: P | undefined): void {
  if (current.dirty === undefined || priorityOf(reason) < priorityOf(current.dirty)) current.dirty = reason;
  if (item !== undefined) current.dirtyItem = item;
}

/** The queue's state, shared by the functions below and the object `createWorkQueue` returns. */
interface QueueState<K extends string, P> {
  handler: WorkQueueOptions<K, P>['handler'];
  concurrency: number;
  now: () => number;
  log: Logger;
  outcomes: WorkOutcomes<K>;
  queue: PriorityQueue<K>;
  running: Map<K, Running<P>>;
  /** The data of queued work items, by key. */
  items: Map<K, P>;
  inFlight: Set<Promise<void>>;
  idleWaiters: Array<() => void>;
  stopped: boolean;
  /** `addAll` calls still adding slices. */
  slicing: number;
}

function settleIdle<K extends string, P>(q: QueueState<K, P>): void {
  if (q.queue.size() > 0 || q.running.size > 0 || q.slicing > 0) return;
  const waiters = q.idleWaiters;
  q.idleWaiters = [];
  for (const resolve of waiters) resolve();
}

async function run<K extends string, P>(q: QueueState<K, P>, key: K, reason: WorkReason, item: P | undefined, state: Running<P>): Promise<void> {
  const started = q.now();
  try {
    const result = await q.handler(key, reason, item);
    if (!state.forgotten) q.outcomes.succeeded(key, result?.requeueAfterMs);
    q.log.debug({ key, reason, durationMs: q.now() - started }, 'reconcile finished');
  } catch (error) {
    if (!state.forgotten) q.outcomes.failed(key, reason, error);
  }
}

function pump<K extends string, P>(q: QueueState<K, P>): void {
  while (!q.stopped && q.running.size < q.concurrency) {
    const next = q.queue.shift();
    if (next === undefined) break;
    const state: Running<P> = { forgotten: false };
    q.running.set(next.key, state);
    const item = q.items.get(next.key);
    q.items.delete(next.key);
    const done = run(q, next.key, next.reason, item, state)
      .catch((error: unknown) => q.log.error({ key: next.key, error: messageOf(error) }, 'work queue failed to record a reconcile outcome'))
      .then(() => {
        q.running.delete(next.key);
        q.inFlight.delete(done);
        if (state.dirty !== undefined && !q.stopped) {
          if (state.dirtyItem !== undefined) q.items.set(next.key, state.dirtyItem);
          q.queue.push(next.key, state.dirty);
        }
        pump(q);
        settleIdle(q);
      });
    q.inFlight.add(done);
  }
}

function add<K extends string, P>(q: QueueState<K, P>, key: K, reason: WorkReason, item?: P): void {
  if (q.stopped) {
    q.log.debug({ key, reason }, 'work queue stopped: work not added');
    return;
  }
  const current = q.running.get(key);
  if (current !== undefined) return markDirty(current, reason, item);
  if (item !== undefined) q.items.set(key, item);
  q.queue.push(key, reason);
  pump(q);
}

function forget<K extends string, P>(q: QueueState<K, P>, key: K): void {
  q.queue.remove(key);
  q.items.delete(key);
  q.outcomes.forget(key);
  const current = q.running.get(key);
  if (current !== undefined) {
    current.forgotten = true;
    delete current.dirty;
    delete current.dirtyItem;
  }
  settleIdle(q);
}

export function createWorkQueue<K extends string, P = never>(options: WorkQueueOptions<K, P>): WorkQueue<K, P> {
  const now = options.now ?? Date.now;
  const log = options.log ?? silentLogger;
  const outcomes = createWorkOutcomes<K>({
    readd: (key, reason) => add(q, key, reason),
    setTimer: options.setTimer ?? ((callback: () => void, ms: number): unknown => setTimeout(callback, ms)),
    clearTimer: options.clearTimer ?? ((handle: unknown) => clearTimeout(handle as NodeJS.Timeout)),
    retryPolicy: createRetryPolicy({ baseMs: options.baseBackoffMs ?? 1000, maxMs: options.maxBackoffMs ?? 300_000, random: options.random ?? Math.random }),
    now,
    log,
  });
  const q: QueueState<K, P> = {
    handler: options.handler,
    concurrency: Math.max(1, Math.floor(options.concurrency ?? 4)),
    now,
    log,
    outcomes,
    queue: createPriorityQueue<K>(),
    running: new Map(),
    items: new Map(),
    inFlight: new Set(),
    idleWaiters: [],
    stopped: false,
    slicing: 0,
  };

  return {
    add: (key, reason, item) => add(q, key, reason, item),
    addAll(keys, reason, itemOf) {
      if (keys.length > ADD_SLICE) q.slicing += 1;
      return addInSlices(keys, (key) => add(q, key, reason, itemOf?.(key)), () => q.stopped, () => {
        q.slicing -= 1;
        settleIdle(q);
      });
    },
    forget: (key) => forget(q, key),
    idle() {
      return new Promise<void>((resolve) => {
        q.idleWaiters.push(resolve);
        settleIdle(q);
      });
    },
    async stop() {
      q.stopped = true;
      q.queue.clear();
      q.items.clear();
      outcomes.cancelAllTimers();
      settleIdle(q);
      await Promise.all([...q.inFlight]);
    },
    stats: () => ({ queued: q.queue.size(), running: q.running.size, ...outcomes.stats() }),
  };
}
