/**
 * One HTTP exchange with CXone through ky: no retries here (the gateway owns the single retry
 * layer), a timeout on every request, and network failures turned into typed errors.
 */
import ky, { TimeoutError } from 'ky';
import { CxoneTlsError, CxoneTransientError, type CallSite } from './cxone-errors.js';

export interface TransportRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  json?: unknown;
  body?: string;
  timeoutMs: number;
}

export interface TransportResponse {
  status: number;
  headers: Headers;
  /** Parsed JSON, or undefined for an empty or non-JSON body. */
  body: unknown;
  /** The raw text (for error messages; never logged whole). */
  text: string;
}

export type FetchLike = (input: Request | URL | string, init?: RequestInit) => Promise<Response>;

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

function networkDetail(error: unknown): string {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : undefined;
  const code = cause && 'code' in cause ? String((cause as NodeJS.ErrnoException).code) : undefined;
  return code ?? (cause?.message || (error instanceof Error ? error.message : String(error)));
}

export async function sendRequest(request: TransportRequest, site: CallSite, fetchImpl?: FetchLike): Promise<TransportResponse> {
  let response: Response;
  try {
    response = await ky(request.url, {
      method: request.method,
      headers: request.headers,
      json: request.json,
      body: request.body,
      timeout: request.timeoutMs,
      retry: 0,
      throwHttpErrors: false,
      ...(fetchImpl ? { fetch: fetchImpl } : {}),
    });
  } catch (error) {
    if (error instanceof TimeoutError) throw new CxoneTransientError(site, `no answer within ${request.timeoutMs} ms`, { cause: error });
    const detail = networkDetail(error);
    if (TLS_CODES.has(detail)) throw new CxoneTlsError(site, detail, { cause: error });
    throw new CxoneTransientError(site, `connection failed (${detail})`, { cause: error });
  }
  let text: string;
  try {
    text = await response.text();
  } catch (error) {
    throw new CxoneTransientError(site, `connection dropped while reading the answer (${networkDetail(error)})`, { cause: error, status: response.status });
  }
  let body: unknown;
  if (text.length > 0 && (response.headers.get('content-type') ?? '').includes('json')) {
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
  }
  return { status: response.status, headers: response.headers, body, text };
}
