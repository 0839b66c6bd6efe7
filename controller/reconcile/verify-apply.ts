/**
 * The settings of the remote-simulation verification and its pure judgement: pass when the
 * simulated abandon bound keeps within the campaign's limit.
 */
import type { RemoteSimulationResult } from '../adapters/cxone/cxone-types.js';
import { setTimeout as sleep } from 'node:timers/promises';
import { percent } from './local-gate.js';

export type Verification =
  | { outcome: 'pass' | 'fail'; result: RemoteSimulationResult; limit: number; reason: string }
  | { outcome: 'inconclusive'; reason: string };

export interface VerifyOptions {
  /** Time between polls, ms. Default 1000. */
  pollIntervalMs: number;
  /** Give up (inconclusive) after this long, ms. Default 120 000. */
  deadlineMs: number;
  /** Waits `ms`; rejects when `signal` aborts. */
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  now: () => number;
}

/** The production settings: poll every `pollIntervalMs` (default 1 s) for at most 2 minutes. */
export function verificationOptions(pollIntervalMs = 1000): Omit<VerifyOptions, 'now'> {
  return { pollIntervalMs, deadlineMs: 120_000, sleep: (ms, signal) => sleep(ms, undefined, { signal }) };
}

/** Pure: does the remote prediction keep within the limit? */
export function judgeVerification(result: RemoteSimulationResult, limit: number): Verification {
  const bound = percent(result.abandonRateUpper95);
  if (result.abandonRateUpper95 <= limit) {
    return { outcome: 'pass', result, limit, reason: `verified: simulated abandon bound ${bound} within ${percent(limit)}` };
  }
  return { outcome: 'fail', result, limit, reason: `verification failed: simulated abandon bound ${bound} breaks ${percent(limit)}` };
}
