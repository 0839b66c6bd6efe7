/**
 * A constant-time comparison of two secrets: both are hashed first, so the time taken says
 * nothing about where they differ or how long the expected one is, and any text (non-ASCII too)
 * compares without an error.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

const digest = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();

/** Whether `given` equals `expected`, in time that depends on neither. */
export function digestEqual(given: string, expected: string): boolean {
  return timingSafeEqual(digest(given), digest(expected));
}
