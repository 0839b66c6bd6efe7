/**
 * Errors classified by what the reconcile loop must do with them (after Flux's internal/error):
 * - stalled:   needs a human (invalid file, gate failed, bad credentials): no retry, alert;
 * - waiting:   retry after a known delay (Retry-After, an open circuit, a closed sync window);
 * - transient: retry with backoff (5xx, timeouts, dropped connections);
 * - conflict:  the object changed under us: re-observe and re-plan, never blindly retry.
 */
export type ErrorClass = 'stalled' | 'waiting' | 'transient' | 'conflict';

export interface ClassifiedErrorOptions {
  cause?: unknown;
  /** For `waiting`: how long to wait before the next attempt, milliseconds. */
  retryAfterMs?: number;
}

export abstract class ClassifiedError extends Error {
  abstract readonly errorClass: ErrorClass;
  readonly retryAfterMs?: number;

  constructor(message: string, options: ClassifiedErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.retryAfterMs = options.retryAfterMs;
  }
}

export class StalledError extends ClassifiedError {
  override readonly name: string = 'StalledError';
  readonly errorClass = 'stalled' as const;
}

export class WaitingError extends ClassifiedError {
  override readonly name: string = 'WaitingError';
  readonly errorClass = 'waiting' as const;
}

export class TransientError extends ClassifiedError {
  override readonly name: string = 'TransientError';
  readonly errorClass = 'transient' as const;
}

export class ConflictError extends ClassifiedError {
  override readonly name: string = 'ConflictError';
  readonly errorClass = 'conflict' as const;
}

export function isClassifiedError(error: unknown): error is ClassifiedError {
  return error instanceof ClassifiedError;
}

export function isStalledError(error: unknown): error is StalledError {
  return isClassifiedError(error) && error.errorClass === 'stalled';
}

export function isWaitingError(error: unknown): error is WaitingError {
  return isClassifiedError(error) && error.errorClass === 'waiting';
}

export function isTransientError(error: unknown): error is TransientError {
  return isClassifiedError(error) && error.errorClass === 'transient';
}

export function isConflictError(error: unknown): error is ConflictError {
  return isClassifiedError(error) && error.errorClass === 'conflict';
}
