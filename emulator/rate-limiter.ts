/** Per-client-id request budget of the emulated API: one token bucket per client id. */
import { TokenBucket } from '../controller/lib/token-bucket.js';

export class RateLimiter {
  private readonly buckets = new Map<string, TokenBucket>();

  constructor(
    private ratePerMinute: number,
    private readonly now: () => number,
  ) {}

  get limitPerMinute(): number {
    return this.ratePerMinute;
  }

  /** Changes the limit for every client id (0 turns limiting off). */
  setLimit(ratePerMinute: number): void {
    this.ratePerMinute = ratePerMinute;
    for (const bucket of this.buckets.values()) bucket.reconfigure({ ratePerMinute }, this.now());
  }

  reset(ratePerMinute: number): void {
    this.ratePerMinute = ratePerMinute;
    this.buckets.clear();
  }

  /** Takes one request from the client's budget; when refused, the whole seconds to wait. */
  take(clientId: string): { ok: true } | { ok: false; retryAfterSeconds: number } {
    let bucket = this.buckets.get(clientId);
    if (!bucket) {
      bucket = new TokenBucket({ ratePerMinute: this.ratePerMinute });
      this.buckets.set(clientId, bucket);
    }
    const result = bucket.tryTake(this.now());
    return result.ok ? { ok: true } : { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(result.waitMs / 1000)) };
  }
}
