/**
 * One POST of an alert sink: JSON body, a 5 s timeout, and a typed failure that tells the
 * dispatcher whether another attempt can help (5xx, 408, 429, no answer) or not (any other 4xx).
 */
import { sendOutbound, type OutboundResponse } from '../outbound/outbound-http.js';

export class AlertDeliveryError extends Error {
  override readonly name = 'AlertDeliveryError';
  constructor(
    readonly sink: string,
    /** The HTTP status, or undefined when no answer came. */
    readonly status: number | undefined,
    message: string,
  ) {
    super(message);
  }

  /** Whether a later attempt may succeed. */
  get retryable(): boolean {
    return this.status === undefined || this.status >= 500 || this.status === 408 || this.status === 429;
  }
}

export function isAlertDeliveryError(error: unknown): error is AlertDeliveryError {
  return error instanceof AlertDeliveryError;
}

const TIMEOUT_MS = 5_000;

/** `<kind>:<host>` for logs and metrics: never the URL's path, query or credentials. */
export function sinkName(kind: string, url: string): string {
  try {
    return `${kind}:${new URL(url).host}`;
  } catch {
    return kind;
  }
}

/** POSTs `body` to `url`; throws an AlertDeliveryError naming `sink` (never the URL) when it fails. */
export async function postAlert(sink: string, url: string, body: string, headers: Record<string, string> = {}): Promise<void> {
  let response: OutboundResponse;
  try {
    // The product's one outbound client: whole-exchange deadline, bounded answer, no cross-origin redirect.
    response = await sendOutbound({ method: 'POST', url, headers: { 'content-type': 'application/json', 'user-agent': 'cxone-gitops', ...headers }, body, timeoutMs: TIMEOUT_MS, maxBodyBytes: 64 * 1024 });
  } catch (error) {
    const detail = error instanceof Error ? error.message.replace(/^\S+ \S+: /, '') : String(error);
    throw new AlertDeliveryError(sink, undefined, `${sink}: no answer (${detail})`);
  }
  if (response.status < 200 || response.status >= 300) throw new AlertDeliveryError(sink, response.status, `${sink}: HTTP ${response.status}`);
}
