/**
 * How much of the leader's lease is left, by the local monotonic clock. A keep-alive's answer
 * renews the lease from the moment the server got it, which is after we sent it: counting from
 * the send is the safe side. A process paused (SIGSTOP) past its lease sees a negative remainder
 * when it wakes, whatever its timers have not yet run.
 */
export interface LeaseClockOptions {
  /** The lease's TTL in milliseconds. */
  ttlMs: number;
  /** A write starts only with more than this left. */
  marginMs: number;
  /** Monotonic milliseconds (never the wall clock). Default `performance.now`. */
  now?: () => number;
}

export interface LeaseClock {
  /** A keep-alive (or the grant) sent at `sentAt` was answered with `ttlSeconds` granted. */
  renewed(sentAt: number, ttlSeconds: number): void;
  /** The lease is gone (expired, revoked, or we stepped down). */
  lost(): void;
  /** Milliseconds left by our own count; 0 or less when expired or lost. */
  remainingMs(): number;
  /** Why a write may not start now, or undefined when it may. */
  refusal(): string | undefined;
  now(): number;
}

export function createLeaseClock(options: LeaseClockOptions): LeaseClock {
  const now = options.now ?? (() => performance.now());
  let expiresAt: number | undefined;
  const clock: LeaseClock = {
    renewed(sentAt, ttlSeconds) {
      if (ttlSeconds <= 0) {
        expiresAt = undefined;
        return;
      }
      const next = sentAt + Math.min(ttlSeconds * 1000, options.ttlMs);
      expiresAt = expiresAt === undefined ? next : Math.max(expiresAt, next);
    },
    lost() {
      expiresAt = undefined;
    },
    remainingMs: () => (expiresAt === undefined ? 0 : expiresAt - now()),
    refusal() {
      if (expiresAt === undefined) return 'this controller holds no lease';
      const left = clock.remainingMs();
      if (left <= options.marginMs) return `only ${Math.max(0, Math.round(left))} ms of the lease left (the safety margin is ${options.marginMs} ms)`;
      return undefined;
    },
    now,
  };
  return clock;
}
