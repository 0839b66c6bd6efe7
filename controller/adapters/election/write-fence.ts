/**
 * The "may I write now?" hook (docs/architecture.md, high availability): the CXone gateway calls
 * it right before sending any write, the audit trail right before each push, the webhook
 * registration before it creates anything. A controller without leader election has no fence.
 */
import { WaitingError } from '../../domain/errors.js';

export interface WriteFence {
  /** Throws `NotLeaderError` unless a write may start now; `what` names the write for the message. */
  assertMayWrite(what: string): void;
}

/** This controller is not (or no longer safely) the leader: the write is refused, nothing was sent. */
export class NotLeaderError extends WaitingError {
  override readonly name = 'NotLeaderError';
  constructor(what: string, reason: string, rule = 'only the elected leader writes (a standby waits for the lease)') {
    super(`${what} refused: ${reason}; ${rule}`, { retryAfterMs: 1000 });
  }
}

export function isNotLeaderError(error: unknown): error is NotLeaderError {
  return error instanceof NotLeaderError;
}

/** The fence as a yes/no for the controller's "may I reconcile now?". */
export function mayWriteNow(fence: WriteFence, what = 'reconcile'): boolean {
  try {
    fence.assertMayWrite(what);
    return true;
  } catch {
    return false;
  }
}

/** One fence that refuses whenever any of `fences` does (the lease and the heartbeat). */
export function allFences(fences: ReadonlyArray<WriteFence | undefined>): WriteFence | undefined {
  const present = fences.filter((fence): fence is WriteFence => fence !== undefined);
  if (present.length <= 1) return present[0];
  return { assertMayWrite: (what) => present.forEach((fence) => fence.assertMayWrite(what)) };
}
