/**
 * A request that never reached CXone, said plainly: "cannot connect to host:port (ECONNREFUSED)"
 * or "host:port answered plain HTTP: use http://host:port". One-shot commands report these at once
 * (the gateway's `failFast`); the controller retries an unreachable host with backoff, and the
 * circuit breaker names it as the failure that opened it.
 */
import { StalledError, TransientError, type ClassifiedErrorOptions } from '../../domain/errors.js';
import { describeCall, type CallSite } from './cxone-errors.js';
import { BAD_PORT_ADVICE, badPortText, FETCH_BAD_PORT_MESSAGE } from '../outbound/fetch-bad-ports.js';

/** Codes that mean nothing answered at that address: the host, the port or the name is wrong, or it is down. */
const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL']);
/** Codes of a TLS handshake that got a plain-HTTP answer. */
const PLAIN_HTTP_CODES = new Set(['ERR_SSL_WRONG_VERSION_NUMBER', 'ERR_SSL_PACKET_LENGTH_TOO_LONG', 'ERR_SSL_HTTP_REQUEST']);

/** Nothing listens at the address (or the name does not resolve). */
export class CxoneUnreachableError extends TransientError {
  override readonly name = 'CxoneUnreachableError';
  constructor(readonly site: CallSite, readonly hostPort: string, readonly code: string, options: ClassifiedErrorOptions = {}) {
    const what = code === 'ENOTFOUND' || code === 'EAI_AGAIN' ? `cannot resolve ${hostPort} (${code})` : `cannot connect to ${hostPort} (${code})`;
    super(`${what} for ${describeCall(site)}: check CXONE_DOMAIN, and that CXone (or the emulator) is running there`, options);
  }
}

/** An https:// request answered by a plain-HTTP server. Retrying cannot help: the URL is wrong. */
export class CxonePlainHttpError extends StalledError {
  override readonly name = 'CxonePlainHttpError';
  constructor(readonly site: CallSite, readonly hostPort: string, options: ClassifiedErrorOptions = {}) {
    super(`${hostPort} answered plain HTTP to ${describeCall(site)}: use http://${hostPort} in CXONE_DOMAIN (allowed for loopback only), or the HTTPS port`, options);
  }
}

/**
 * A URL on a port fetch refuses to connect to ("bad port"): nothing was sent, and retrying cannot
 * help. The configuration refuses such a CXONE_DOMAIN at start; this is a URL learnt later (the
 * API endpoint tenant discovery returns), so it stalls like an untrusted certificate.
 */
export class CxoneBadPortError extends StalledError {
  override readonly name = 'CxoneBadPortError';
  constructor(readonly site: CallSite, readonly hostPort: string, readonly port: string, options: ClassifiedErrorOptions = {}) {
    super(
      `cannot connect to ${hostPort} for ${describeCall(site)}: ${badPortText(port)}; retrying cannot help: ${BAD_PORT_ADVICE} in CXONE_DOMAIN (CXONE_AUTH_URL for the cxone dialect's sign-in), or start the emulator on another port (--port 0 picks a free one)`,
      options,
    );
  }
}

export function isCxoneUnreachableError(error: unknown): error is CxoneUnreachableError {
  return error instanceof CxoneUnreachableError;
}

export function isCxonePlainHttpError(error: unknown): error is CxonePlainHttpError {
  return error instanceof CxonePlainHttpError;
}

/** The typed error for a failed connection's code, or undefined when it is none of these. */
export function connectionFailure(url: string, code: string, site: CallSite, cause: unknown): CxoneUnreachableError | CxonePlainHttpError | CxoneBadPortError | undefined {
  let hostPort: string;
  let port: string;
  let secure: boolean;
  try {
    const parsed = new URL(url);
    secure = parsed.protocol === 'https:';
    port = parsed.port || (secure ? '443' : '80');
    hostPort = `${parsed.hostname}:${port}`;
  } catch {
    return undefined;
  }
  if (code === FETCH_BAD_PORT_MESSAGE) return new CxoneBadPortError(site, hostPort, port, { cause });
  if (UNREACHABLE_CODES.has(code)) return new CxoneUnreachableError(site, hostPort, code, { cause });
  if (secure && PLAIN_HTTP_CODES.has(code)) return new CxonePlainHttpError(site, hostPort, { cause });
  return undefined;
}
