/**
 * Typed errors of the CXone gateway. Each names the method, the path without its query, and the
 * campaign when there is one, and says what to do next; none ever carries a token or a secret.
 */
import { ConflictError, StalledError, TransientError, WaitingError, type ClassifiedErrorOptions } from '../../domain/errors.js';

/** Where a failed call went. */
export interface CallSite {
  method: string;
  /** The path without its query string. */
  path: string;
  campaignId?: string;
}

export function describeCall(site: CallSite): string {
  return `${site.method} ${site.path}${site.campaignId ? ` (campaign ${site.campaignId})` : ''}`;
}

type Options = ClassifiedErrorOptions & { status?: number };

/** 401 even with a fresh token, or the token endpoint refused the credentials. */
export class CxoneAuthError extends StalledError {
  override readonly name = 'CxoneAuthError';
  constructor(readonly site: CallSite, detail: string, options: Options & { hint?: string } = {}) {
    super(`${describeCall(site)}: authentication failed (${detail}): ${options.hint ?? 'check CXONE_CLIENT_ID and CXONE_CLIENT_SECRET'}`, options);
  }
}

/** 403: the API client lacks a scope. */
export class CxoneForbiddenError extends StalledError {
  override readonly name = 'CxoneForbiddenError';
  constructor(readonly site: CallSite, readonly missingScope: string | undefined, detail: string, options: Options = {}) {
    // CXone's own message names the scope too: say it once.
    super(
      missingScope
        ? `${describeCall(site)}: forbidden: the API client lacks the scope ${missingScope}: grant it to the client in CXone`
        : `${describeCall(site)}: forbidden (${detail}): grant the missing scope to the API client in CXone`,
      options,
    );
  }
}

/** 409: the campaign changed since it was observed. */
export class CxoneConflictError extends ConflictError {
  override readonly name = 'CxoneConflictError';
  constructor(readonly site: CallSite, detail: string, options: Options = {}) {
    super(`${describeCall(site)}: version conflict (${detail}): fetch the latest version and re-plan`, options);
  }
}

/** 429 that outlasted the retries, or a request refused because the API asked us to wait. */
export class CxoneRateLimitedError extends WaitingError {
  override readonly name = 'CxoneRateLimitedError';
  constructor(readonly site: CallSite, options: Options = {}) {
    super(`${describeCall(site)}: rate limited by CXone, retry after ${Math.ceil((options.retryAfterMs ?? 0) / 1000)} s: lower CXONE_RATE_LIMIT_PER_MINUTE if this repeats`, options);
  }
}

/** The circuit breaker is open after repeated 429/5xx answers: no call is made until it closes. */
export class CxoneCircuitOpenError extends WaitingError {
  override readonly name = 'CxoneCircuitOpenError';
  constructor(readonly site: CallSite, lastFailure: string, options: Options = {}) {
    const last = lastFailure ? ` (the last: ${lastFailure})` : '';
    super(`${describeCall(site)}: not sent, the CXone circuit is open after repeated failures${last}; next try in ${Math.ceil((options.retryAfterMs ?? 0) / 1000)} s`, options);
  }
}

/** 400: CXone refused the payload; its message says which field. */
export class CxoneValidationError extends StalledError {
  override readonly name = 'CxoneValidationError';
  constructor(readonly site: CallSite, readonly serverMessage: string, options: Options = {}) {
    super(`${describeCall(site)}: CXone refused the request: ${serverMessage}`, options);
  }
}

/** 404: the campaign, simulation or webhook does not exist. */
export class CxoneNotFoundError extends StalledError {
  override readonly name = 'CxoneNotFoundError';
  constructor(readonly site: CallSite, detail: string, options: Options = {}) {
    super(`${describeCall(site)}: not found (${detail}): check the campaignId in the file`, options);
  }
}

/** 5xx, a timeout, a dropped connection, or an answer that does not match the contract. */
export class CxoneTransientError extends TransientError {
  override readonly name = 'CxoneTransientError';
  readonly status?: number;
  constructor(readonly site: CallSite, detail: string, options: Options = {}) {
    super(`${describeCall(site)}: ${detail}: retried with backoff`, options);
    this.status = options.status;
  }
}

export function isCxoneAuthError(error: unknown): error is CxoneAuthError {
  return error instanceof CxoneAuthError;
}
export function isCxoneForbiddenError(error: unknown): error is CxoneForbiddenError {
  return error instanceof CxoneForbiddenError;
}
export function isCxoneConflictError(error: unknown): error is CxoneConflictError {
  return error instanceof CxoneConflictError;
}
export function isCxoneRateLimitedError(error: unknown): error is CxoneRateLimitedError {
  return error instanceof CxoneRateLimitedError;
}
export function isCxoneCircuitOpenError(error: unknown): error is CxoneCircuitOpenError {
  return error instanceof CxoneCircuitOpenError;
}
export function isCxoneValidationError(error: unknown): error is CxoneValidationError {
  return error instanceof CxoneValidationError;
}
export function isCxoneNotFoundError(error: unknown): error is CxoneNotFoundError {
  return error instanceof CxoneNotFoundError;
}
export function isCxoneTransientError(error: unknown): error is CxoneTransientError {
  return error instanceof CxoneTransientError;
}

/** A 2xx answer that does not match the contract: the API changed or a proxy answered. */
export class CxoneResponseError extends StalledError {
  override readonly name = 'CxoneResponseError';
  constructor(readonly site: CallSite, detail: string, options: Options = {}) {
    super(`${describeCall(site)}: the answer does not match the CXone contract (${detail}): check CXONE_DOMAIN points at the CXone API`, options);
  }
}

export function isCxoneResponseError(error: unknown): error is CxoneResponseError {
  return error instanceof CxoneResponseError;
}

/** The server's TLS certificate is not trusted: a human must fix the trust store or the domain. */
export class CxoneTlsError extends StalledError {
  override readonly name = 'CxoneTlsError';
  constructor(readonly site: CallSite, code: string, options: Options = {}) {
    super(`${describeCall(site)}: the server's certificate is not trusted (${code}): check CXONE_DOMAIN, or trust a private CA with NODE_EXTRA_CA_CERTS=/path/to/ca.pem`, options);
  }
}

export function isCxoneTlsError(error: unknown): error is CxoneTlsError {
  return error instanceof CxoneTlsError;
}

/** A bound the gateway keeps was hit (the body size, the page count): which one, and what to do. */
export class CxoneLimitError extends StalledError {
  override readonly name = 'CxoneLimitError';
  constructor(
    readonly site: CallSite,
    readonly limit: 'body-size' | 'page-count',
    detail: string,
    options: Options = {},
  ) {
    super(`${describeCall(site)}: ${detail}`, options);
  }
}

export function isCxoneLimitError(error: unknown): error is CxoneLimitError {
  return error instanceof CxoneLimitError;
}

/** CXone answered with a redirect the gateway will not follow (another origin, plain http, or a request carrying the client secret). */
export class CxoneRedirectError extends StalledError {
  override readonly name = 'CxoneRedirectError';
  constructor(readonly site: CallSite, detail: string, options: Options = {}) {
    super(`${describeCall(site)}: ${detail}: set CXONE_DOMAIN to the API's own address`, options);
  }
}

export function isCxoneRedirectError(error: unknown): error is CxoneRedirectError {
  return error instanceof CxoneRedirectError;
}
