/**
 * The one constant-time comparison of secrets (bearer tokens, webhook signatures, shared tokens):
 * both sides are hashed with SHA-256 first and the digests compared with `timingSafeEqual`, so the
 * time taken reveals neither a common prefix nor the secret's length, and any input (of any length,
 * non-ASCII included) gives an answer instead of an exception (docs/architecture.md, "Secrets").
 */
import { createHash, timingSafeEqual } from 'node:crypto';

function digest(value: string | Buffer): Buffer {
  return createHash('sha256').update(value).digest();
}

/** True when `given` and `expected` are the same bytes (strings compared as UTF-8). */
export function constantTimeEqual(given: string | Buffer, expected: string | Buffer): boolean {
  const same = timingSafeEqual(digest(given), digest(expected));
  // The digests' equality decides; the byte comparison only rules out a SHA-256 collision.
  return same && Buffer.compare(Buffer.from(given), Buffer.from(expected)) === 0;
}

/** HTTP_AUTH_TOKEN's shortest accepted length: 32 characters, e.g. `openssl rand -hex 16`. */
export const MIN_AUTH_TOKEN_LENGTH = 32;

/** Why `token` is not good enough as HTTP_AUTH_TOKEN, or undefined. Never echoes the token. */
export function authTokenProblem(token: string): string | undefined {
  if (token.length < MIN_AUTH_TOKEN_LENGTH) {
    return `HTTP_AUTH_TOKEN is shorter than ${MIN_AUTH_TOKEN_LENGTH} characters: set a longer random token, e.g. the output of "openssl rand -hex 32"`;
  }
  return undefined;
}
