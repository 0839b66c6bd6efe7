/**
 * A token bucket: `capacity` tokens, refilled continuously at `ratePerMinute / 60` per second.
 * Pure given its clock readings, so both the client-side API budget and the emulator's rate
 * limiter use it, and tests drive it with fake time.
 */
export interface TokenBucketOptions {
  /** Requests per minute that the bucket sustains; 0 or less means unlimited. */
  ratePerMinute: number;
  /** Burst size. Default: `ratePerMinute` (a full minute's worth). */
  capacity?: number;
}

export interface TakeResult {
  /** True when a token was taken. */
  ok: boolean;
  /** When not ok: milliseconds until a token will be available. 0 when ok. */
  waitMs: number;
}

export class TokenBucket {
  private ratePerMs: number;
  private capacity: number;
  private tokens: number;
  private last: number | undefined;

  constructor(options: TokenBucketOptions) {
    this.ratePerMs = options.ratePerMinute / 60_000;
    this.capacity = Math.max(1, options.capacity ?? options.ratePerMinute);
    this.tokens = this.capacity;
  }

  /** True when the bucket never limits. */
  get unlimited(): boolean {
    return this.ratePerMs <= 0;
  }

  /** Changes the rate at run time; the tokens already in the bucket are kept up to the new capacity. */
  reconfigure(options: TokenBucketOptions, nowMs: number): void {
    this.refill(nowMs);
    this.ratePerMs = options.ratePerMinute / 60_000;
    this.capacity = Math.max(1, options.capacity ?? options.ratePerMinute);
    this.tokens = Math.min(this.tokens, this.capacity);
  }

  /** Tokens available at `nowMs` (fractional). */
  available(nowMs: number): number {
    if (this.unlimited) return Number.POSITIVE_INFINITY;
    this.refill(nowMs);
    return this.tokens;
  }

  /** Takes one token if there is one; otherwise says how long until there will be. */
  tryTake(nowMs: number): TakeResult {
    if (this.unlimited) return { ok: true, waitMs: 0 };
    this.refill(nowMs);
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return { ok: true, waitMs: 0 };
    }
    return { ok: false, waitMs: Math.ceil((1 - this.tokens) / this.ratePerMs) };
  }

  private refill(nowMs: number): void {
    if (this.last === undefined) {
      this.last = nowMs;
      return;
    }
    const elapsed = Math.max(0, nowMs - this.last);
    this.last = nowMs;
    this.tokens = Math.min(this.capacity, this.tokens + elapsed * this.ratePerMs);
  }
}
