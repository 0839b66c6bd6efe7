/**
 * One HTTP exchange with CXone through the product's one outbound client (outbound-http.ts): no
 * retries here (the gateway owns the single retry layer), one deadline for the whole exchange, a
 * body size limit, no redirect that could carry the client secret or leave the origin, and every
 * failure turned into a classified CXone error.
 */
import { isOutboundError, OutboundBodyTooLargeError, OutboundNetworkError, OutboundRedirectError, OutboundTimeoutError } from '../outbound/outbound-errors.js';
import { sendOutbound, type FetchLike } from '../outbound/outbound-http.js';
import { connectionFailure } from './connection-failure.js';
import { CxoneLimitError, CxoneRedirectError, CxoneTlsError, CxoneTransientError, type CallSite } from './cxone-errors.js';

export type { FetchLike } from '../outbound/outbound-http.js';

export interface TransportRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  json?: unknown;
  body?: string;
  timeoutMs: number;
  /** The most bytes of an answer's body read. */
  maxBodyBytes?: number;
  /** The body carries the client secret (the token request): never follow a redirect. */
  credentialsInBody?: boolean;
}

export interface TransportResponse {
  status: number;
  headers: Headers;
  /** Parsed JSON, or undefined for an empty or non-JSON body. */
  body: unknown;
  /** The raw text (for error messages; never logged whole). */
  text: string;
}

/** TLS verification failures: retrying cannot help. */
const TLS_CODES = new Set([
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_GET_ISSUER_CERT',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

function classify(error: unknown, site: CallSite, request: TransportRequest): Error {
  if (!isOutboundError(error)) return new CxoneTransientError(site, `connection failed (${error instanceof Error ? error.message : String(error)})`, { cause: error });
  if (error instanceof OutboundTimeoutError) {
    return new CxoneTransientError(site, error.phase === 'headers' ? `no answer within ${request.timeoutMs} ms` : `the answer's body did not finish within ${request.timeoutMs} ms`, { cause: error });
  }
  if (error instanceof OutboundBodyTooLargeError) {
    return new CxoneLimitError(site, 'body-size', `the answer's body is over the limit of ${error.limitBytes} bytes (CXONE_MAX_RESPONSE_BYTES); not read further`, { cause: error, status: error.status });
  }
  if (error instanceof OutboundRedirectError) return new CxoneRedirectError(site, error.message.replace(/^\S+ \S+: /, ''), { cause: error, status: error.status });
  if (error instanceof OutboundNetworkError && TLS_CODES.has(error.code)) return new CxoneTlsError(site, error.code, { cause: error });
  const unreachable = error instanceof OutboundNetworkError ? connectionFailure(request.url, error.code, site, error) : undefined;
  if (unreachable) return unreachable;
  return new CxoneTransientError(site, `connection failed (${error instanceof OutboundNetworkError ? error.code : error.message})`, { cause: error });
}

export async function sendRequest(request: TransportRequest, site: CallSite, fetchImpl?: FetchLike): Promise<TransportResponse> {
  const json = request.json !== undefined;
  let response;
  try {
    response = await sendOutbound({
      method: request.method,
      url: request.url,
      headers: json ? { 'content-type': 'application/json', ...request.headers } : request.headers,
      body: json ? JSON.stringify(request.json) : request.body,
      timeoutMs: request.timeoutMs,
      maxBodyBytes: request.maxBodyBytes,
      credentialsInBody: request.credentialsInBody,
      fetch: fetchImpl,
    });
  } catch (error) {
    throw classify(error, site, request);
  }
  let body: unknown;
  if (response.text.length > 0 && (response.headers.get('content-type') ?? '').includes('json')) {
    try {
      body = JSON.parse(response.text);
    } catch {
      body = undefined;
    }
  }
  return { status: response.status, headers: response.headers, body, text: response.text };
}
