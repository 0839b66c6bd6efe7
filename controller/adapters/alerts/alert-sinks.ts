/**
 * Alert sinks: a generic JSON webhook signed with HMAC-SHA256, and Slack incoming webhooks. A sink
 * sends one payload and throws on failure; retries belong to the dispatcher.
 */
import type { AlertPayload } from './alert-message.js';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, signAlert } from './alert-signature.js';

export interface AlertSink {
  /** For logs and metrics: `webhook:<host>` or `slack:<host>` (never the URL's path or secret). */
  name: string;
  send(payload: AlertPayload): Promise<void>;
}

const TIMEOUT_MS = 5_000;

function sinkName(kind: string, url: string): string {
  try {
    return `${kind}:${new URL(url).host}`;
  } catch {
    return kind;
  }
}

async function post(url: string, body: string, headers: Record<string, string>): Promise<void> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'user-agent': 'cxone-gitops', ...headers }, body, signal: AbortSignal.timeout(TIMEOUT_MS) });
  await response.body?.cancel();
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
}

export function webhookSink(url: string, secret: string | undefined, nowSeconds: () => number = () => Math.floor(Date.now() / 1000)): AlertSink {
  return {
    name: sinkName('webhook', url),
    send: async (payload) => {
      const body = JSON.stringify(payload);
      const timestamp = nowSeconds();
      const headers: Record<string, string> = { [TIMESTAMP_HEADER]: String(timestamp) };
      if (secret) headers[SIGNATURE_HEADER] = signAlert(secret, timestamp, body);
      await post(url, body, headers);
    },
  };
}

export function slackSink(url: string): AlertSink {
  return {
    name: sinkName('slack', url),
    send: (payload) => post(url, JSON.stringify({ text: payload.text }), {}),
  };
}
