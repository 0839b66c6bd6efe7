/**
 * Why an outbound request failed, by what the caller can do about it. Messages name the method and
 * the URL's origin and path, never its query, credentials or the request body.
 */

/** The URL as errors show it: origin and path, no user:password, no query. */
export function describeUrl(url: string | URL): string {
  try {
    const parsed = new URL(String(url));
    return `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
  } catch {
    return '(invalid URL)';
  }
}

export class OutboundError extends Error {
  override readonly name: string = 'OutboundError';
  constructor(
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The whole exchange (connect, headers and the complete body) did not finish within its deadline. */
export class OutboundTimeoutError extends OutboundError {
  override readonly name = 'OutboundTimeoutError';
  constructor(
    readonly timeoutMs: number,
    readonly phase: 'headers' | 'body',
    where: string,
  ) {
    super(`${where}: no complete answer within ${timeoutMs} ms (still waiting for the ${phase === 'headers' ? 'status line' : 'body'})`);
  }
}

/** The answer's body was larger than the limit; the rest was not read. */
export class OutboundBodyTooLargeError extends OutboundError {
  override readonly name = 'OutboundBodyTooLargeError';
  constructor(
    readonly limitBytes: number,
    readonly status: number,
    where: string,
  ) {
    super(`${where}: the answer's body is over the limit of ${limitBytes} bytes (HTTP ${status}); not read further`);
  }
}

/** A redirect the client refused to follow, and why. */
export class OutboundRedirectError extends OutboundError {
  override readonly name = 'OutboundRedirectError';
  constructor(
    readonly status: number,
    /** The target as errors show it (origin and path). */
    readonly location: string,
    readonly reason: 'credentials-in-body' | 'other-origin' | 'downgrade' | 'too-many' | 'no-location',
    where: string,
  ) {
    const why = {
      'credentials-in-body': 'the request carries credentials in its body, which a redirect would resend',
      'other-origin': 'it points to another origin, which must not receive our headers or body',
      downgrade: 'it points from https down to plain http',
      'too-many': 'too many redirects',
      'no-location': 'it has no usable Location header',
    }[reason];
    super(`${where}: answered ${status} redirecting to ${location}: not followed (${why}); point the setting at the final URL`);
  }
}

/** No answer: connection refused, reset, DNS, TLS. `code` is the system or TLS error code when known. */
export class OutboundNetworkError extends OutboundError {
  override readonly name = 'OutboundNetworkError';
  constructor(
    readonly code: string,
    where: string,
    options?: { cause?: unknown },
  ) {
    super(`${where}: connection failed (${code})`, options);
  }
}

export function isOutboundError(error: unknown): error is OutboundError {
  return error instanceof OutboundError;
}
