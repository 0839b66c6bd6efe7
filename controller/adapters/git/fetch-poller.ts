/**
 * The git source's background fetches (docs/architecture.md, "The git source's health"): one fetch
 * queued at a time (callers arriving while it waits share it), a poll every interval, and while
 * fetches keep failing the interval doubles (with jitter) up to `MAX_POLL_BACKOFF_FACTOR`
 * intervals, back to the interval after one works. Each fetch's outcome goes to the `onFetch`
 * listeners with when the next poll is.
 */
import type PQueue from 'p-queue';
import { backoffMs } from '../../lib/retry.js';
import type { SetTimer } from '../../lib/timer.js';
import type { Logger } from '../logging/logger.js';
import type { FetchSchedule } from './git-source-types.js';
import { messageOf } from '../../lib/error-message.js';

/** While fetches keep failing, the poll interval doubles up to this many poll intervals (docs/architecture.md, "The git source's health"). */
export const MAX_POLL_BACKOFF_FACTOR = 10;

export interface FetchPollerOptions {
  /** The git source's queue of one: the fetch runs there, between the other git commands. */
  queue: PQueue;
  fetchTip: () => Promise<string>;
  /** 0: no polling. */
  pollMs: number;
  setTimer: SetTimer;
  random?: () => number;
  log: Logger;
  branch: string;
}

export interface FetchPoller {
  /** Queues one fetch; callers arriving while it still waits share it. */
  requestCheck(reason: string): Promise<void>;
  schedulePoll(): void;
  onFetch(listener: (error: unknown, schedule: FetchSchedule) => void): () => void;
  /** No more polls or fetches; the listeners are dropped. */
  stop(): void;
}

export function createFetchPoller(options: FetchPollerOptions): FetchPoller {
  const { pollMs, log, branch } = options;
  const fetchListeners = new Set<(error: unknown, schedule: FetchSchedule) => void>();
  /** Consecutive failed background fetches, and the delay before the next poll they lead to. */
  let failedFetches = 0;
  let nextPollMs = pollMs;
  let queuedCheck: { waiting: boolean; promise?: Promise<void> } | undefined;
  let cancelPoll: (() => void) | undefined;
  let stopped = false;

  /** Counts the fetch, picks the next poll's delay (backing off while fetches fail) and tells the listeners. */
  function reportFetch(error: unknown): void {
    failedFetches = error === undefined ? 0 : failedFetches + 1;
    nextPollMs = failedFetches === 0 ? pollMs : backoffMs(failedFetches, { baseMs: pollMs, maxMs: pollMs * MAX_POLL_BACKOFF_FACTOR, random: options.random });
    const schedule: FetchSchedule = { consecutiveFailures: failedFetches, ...(pollMs === 0 || stopped ? {} : { nextPollInMs: nextPollMs }) };
    for (const listener of [...fetchListeners]) listener(error, schedule);
  }

  function requestCheck(reason: string): Promise<void> {
    if (stopped) return Promise.resolve();
    if (queuedCheck?.waiting && queuedCheck.promise) return queuedCheck.promise;
    const slot: { waiting: boolean; promise?: Promise<void> } = { waiting: true };
    queuedCheck = slot;
    slot.promise = options.queue
      .add(async () => {
        slot.waiting = false;
        if (stopped) return;
        await options.fetchTip();
        reportFetch(undefined);
      })
      .catch((error: unknown) => {
        log.warn({ reason, branch, error: messageOf(error) }, 'fetching the desired state failed');
        reportFetch(error);
      });
    return slot.promise;
  }

  function schedulePoll(): void {
    if (stopped || pollMs === 0) return;
    cancelPoll = options.setTimer(() => {
      cancelPoll = undefined;
      void requestCheck('poll').finally(schedulePoll);
    }, nextPollMs);
  }

  return {
    requestCheck,
    schedulePoll,
    onFetch(listener) {
      fetchListeners.add(listener);
      return () => void fetchListeners.delete(listener);
    },
    stop() {
      stopped = true;
      cancelPoll?.();
      cancelPoll = undefined;
      fetchListeners.clear();
    },
  };
}
