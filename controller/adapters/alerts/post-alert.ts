/**
 * One POST of an alert sink: JSON body, a 5 s timeout, and a typed failure that tells the
 * dispatcher whether another attempt can help (5xx, 408, 429, no answer) or not (any other 4xx).
 */
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
  let response: Response;
  try {
    response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'user-agent': 'cxone-gitops', ...headers }, body, signal: AbortSignal.timeout(TIMEOUT_MS) });
  } catch (error) {
    throw new AlertDeliveryError(sink, undefined, `${sink}: no answer (${error instanceof Error ? error.message : String(error)})`);
  }
  await response.body?.cancel();
  if (!response.ok) throw new AlertDeliveryError(sink, response.status, `${sink}: HTTP ${response.status}`);
}
