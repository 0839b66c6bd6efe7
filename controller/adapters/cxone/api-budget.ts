/**
 * The client-side API budget: one token bucket per CXone client id, shared by every caller of the
 * gateway, so a healthy run never meets a 429. Callers wait their turn; applies go before
 * background sweeps. A 429's Retry-After pauses every caller, not just the one that met it.
 */
import { TokenBucket } from '../../lib/token-bucket.js';

/** Who is asking: applies (and their verification) go first, then commits, then sweeps. */
export type Priority = 'apply' | 'commit' | 'sweep';

const RANK: Record<Priority, number> = { apply: 0, commit: 1, sweep: 2 };

export interface ApiBudgetOptions {
  /** Requests per minute for this client id; 0 means no client-side limit. Default 100. */
  ratePerMinute?: number;
  /** Burst size. Default: a sixth of the per-minute rate (10 seconds' worth), at least 1. */
  capacity?: number;
  /** Clock. Default `Date.now`. */
  now?: () => number;
  /** Timer, replaceable in tests. Default `setTimeout`. */
  setTimer?: (callback: () => void, ms: number) => unknown;
}

interface Waiter {
  rank: number;
  seq: number;
  resolve: () => void;
}

export class ApiBudget {
  private readonly bucket: TokenBucket;
  private readonly now: () => number;
  private readonly setTimer: NonNullable<ApiBudgetOptions['setTimer']>;
  private readonly waiters: Waiter[] = [];
  private seq = 0;
  private pausedUntil = 0;
  private timerArmed = false;
  /** Requests granted so far. */
  granted = 0;

  constructor(options: ApiBudgetOptions = {}) {
    const ratePerMinute = options.ratePerMinute ?? 100;
    this.bucket = new TokenBucket({ ratePerMinute, capacity: options.capacity ?? Math.max(1, Math.ceil(ratePerMinute / 6)) });
    this.now = options.now ?? Date.now;
    this.setTimer = options.setTimer ?? ((callback, ms) => setTimeout(callback, ms));
  }

  /** Requests that could go now without waiting (Infinity when unlimited). */
  remaining(): number {
    return this.pausedUntil > this.now() ? 0 : Math.floor(this.bucket.available(this.now()));
  }

  /** Callers waiting for their turn. */
  get queued(): number {
    return this.waiters.length;
  }

  /** Resolves when the caller may send one request. */
  acquire(priority: Priority = 'sweep'): Promise<void> {
    return new Promise((resolve) => {
      this.waiters.push({ rank: RANK[priority], seq: this.seq++, resolve });
      this.waiters.sort((a, b) => a.rank - b.rank || a.seq - b.seq);
      this.pump();
    });
  }

  /** The API said to wait (Retry-After): nobody sends before `ms` from now. */
  pauseFor(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, this.now() + ms);
  }

  private pump(): void {
    while (this.waiters.length > 0) {
      const pause = this.pausedUntil - this.now();
      if (pause > 0) return this.arm(pause);
      const take = this.bucket.tryTake(this.now());
      if (!take.ok) return this.arm(take.waitMs);
      this.granted += 1;
      this.waiters.shift()!.resolve();
    }
  }

  private arm(ms: number): void {
    if (this.timerArmed) return;
    this.timerArmed = true;
    this.setTimer(() => {
      this.timerArmed = false;
      this.pump();
      // setTimeout takes at most 2^31-1 ms; a longer delay would fire after 1 ms and spin.
    }, Math.min(2 ** 31 - 1, Math.max(1, ms)));
  }
}
