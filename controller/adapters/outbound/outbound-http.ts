/**
 * The one outbound HTTP client (docs/architecture.md, "Outbound HTTP"): every request the product
 * makes to another server — CXone, the alert sinks, the ML monitoring endpoint — goes through
 * `sendOutbound`. It owns what every such request needs and none may forget:
 * - one deadline for the whole exchange (connect, status line, headers and the complete body), so a
 *   server dripping its body a byte at a time cannot hold a caller longer than `timeoutMs`;
 * - a limit on the body it reads (`maxBodyBytes`), checked while reading, never buffering more;
 * - redirects followed only within the same origin (never to another host or port, never from
 *   https down to http) and never when the body carries credentials (an OAuth form), so a secret
 *   cannot be resent elsewhere; a refused redirect is an error that says what happened.
 * No retries here: retrying belongs to each caller's one retry layer.
 */
import { describeUrl, isOutboundError, OutboundBodyTooLargeError, OutboundNetworkError, OutboundRedirectError, OutboundTimeoutError } from './outbound-errors.js';

export type FetchLike = (input: Request | URL | string, init?: RequestInit) => Promise<Response>;

export interface OutboundRequest {
  method: string;
  url: string;
  headers?: Record<string, string>;
  body?: string;
  /** The whole exchange, milliseconds, the body included. */
  timeoutMs: number;
  /** The most bytes of body read. Default 16 MiB. */
  maxBodyBytes?: number;
  /** The body holds credentials (a client secret, a password): no redirect is ever followed. */
  credentialsInBody?: boolean;
  /** Same-origin redirects followed at most. Default 3. */
  maxRedirects?: number;
  /** Cancels the request (shutdown). */
  signal?: AbortSignal;
  /** Replaces the global fetch (tests). */
  fetch?: FetchLike;
}

export interface OutboundResponse {
  status: number;
  headers: Headers;
  /** The body as UTF-8 text (complete, within the limit). */
  text: string;
  /** The URL that answered (after same-origin redirects). */
  url: string;
}

export const DEFAULT_MAX_BODY_BYTES = 16 * 1024 * 1024;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

function errorCode(error: unknown): string {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : undefined;
  const code = cause && 'code' in cause ? String((cause as NodeJS.ErrnoException).code) : undefined;
  return code ?? (cause?.message || (error instanceof Error ? error.message : String(error)));
}

async function readLimited(response: Response, limit: number, where: string): Promise<string> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > limit) {
    await response.body?.cancel().catch(() => undefined);
    throw new OutboundBodyTooLargeError(limit, response.status, where);
  }
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      throw new OutboundBodyTooLargeError(limit, response.status, where);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, size).toString('utf8');
}

/** Where a redirect may go, or why it may not. */
function redirectTarget(from: URL, response: Response, request: OutboundRequest, hops: number, where: string): URL {
  const location = response.headers.get('location');
  let target: URL | undefined;
  try {
    target = location ? new URL(location, from) : undefined;
  } catch {
    target = undefined;
  }
  const shown = target ? describeUrl(target) : '(none)';
  if (!target) throw new OutboundRedirectError(response.status, shown, 'no-location', where);
  if (request.credentialsInBody) throw new OutboundRedirectError(response.status, shown, 'credentials-in-body', where);
  if (from.protocol === 'https:' && target.protocol !== 'https:') throw new OutboundRedirectError(response.status, shown, 'downgrade', where);
  if (target.origin !== from.origin) throw new OutboundRedirectError(response.status, shown, 'other-origin', where);
  if (hops >= (request.maxRedirects ?? 3)) throw new OutboundRedirectError(response.status, shown, 'too-many', where);
  return target;
}

/** One exchange: see the module comment. Throws an `OutboundError` subclass when it fails. */
export async function sendOutbound(request: OutboundRequest): Promise<OutboundResponse> {
  const doFetch = request.fetch ?? fetch;
  const deadline = new AbortController();
  let phase: 'headers' | 'body' = 'headers';
  const timer = setTimeout(() => deadline.abort(), request.timeoutMs);
  const signal = request.signal ? AbortSignal.any([deadline.signal, request.signal]) : deadline.signal;
  let url = new URL(request.url);
  let method = request.method;
  let body = request.body;
  const where = (): string => `${request.method} ${describeUrl(url)}`;
  try {
    for (let hops = 0; ; hops += 1) {
      const response = await doFetch(url, { method, headers: request.headers, body, redirect: 'manual', signal });
      if (REDIRECTS.has(response.status)) {
        await response.body?.cancel().catch(() => undefined);
        url = redirectTarget(url, response, request, hops, where());
        if (response.status === 303 || ((response.status === 301 || response.status === 302) && method === 'POST')) {
          method = 'GET';
          body = undefined;
        }
        continue;
      }
      phase = 'body';
      const text = await readLimited(response, request.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES, where());
      return { status: response.status, headers: response.headers, text, url: url.toString() };
    }
  } catch (error) {
    if (deadline.signal.aborted) throw new OutboundTimeoutError(request.timeoutMs, phase, where());
    if (isOutboundError(error)) throw error;
    if (request.signal?.aborted) throw new OutboundNetworkError('aborted', where(), { cause: error });
    throw new OutboundNetworkError(errorCode(error), where(), { cause: error });
  } finally {
    clearTimeout(timer);
  }
}
