/**
 * Alert sinks: a generic JSON webhook signed with HMAC-SHA256, and Slack incoming webhooks (the
 * Alertmanager, PagerDuty and Teams sinks have their own files). A sink sends one payload and
 * throws on failure; retries belong to the dispatcher.
 */
import { escapeSlack } from '../../lib/escape-for.js';
import type { AlertPayload } from './alert-message.js';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, signAlert } from './alert-signature.js';
import { postAlert, sinkName } from './post-alert.js';

export interface AlertSink {
  /** For logs and metrics: `webhook:<host>` or `slack:<host>` (never the URL's path or secret). */
  name: string;
  send(payload: AlertPayload): Promise<void>;
  /** Stops the sink's own timers (the Alertmanager sink re-posts open alerts). Default none. */
  close?(): void;
  /**
   * An incident announced before a restart is still open: a sink that keeps state of open alerts
   * takes it back (the Alertmanager sink re-posts it). Nobody is messaged again. Default none.
   */
  resume?(payload: AlertPayload): void;
}

export function webhookSink(url: string, secret: string | undefined, nowSeconds: () => number = () => Math.floor(Date.now() / 1000)): AlertSink {
  return {
    name: sinkName('webhook', url),
    send: async (payload) => {
      const body = JSON.stringify(payload);
      const timestamp = nowSeconds();
      const headers: Record<string, string> = { [TIMESTAMP_HEADER]: String(timestamp) };
      if (secret) headers[SIGNATURE_HEADER] = signAlert(secret, timestamp, body);
      await postAlert(sinkName('webhook', url), url, body, headers);
    },
  };
}

export function slackSink(url: string): AlertSink {
  return {
    name: sinkName('slack', url),
    // Slack mrkdwn: a name, value or `modifiedBy` must not become `<!channel>` or a link.
    send: (payload) => postAlert(sinkName('slack', url), url, JSON.stringify({ text: escapeSlack(payload.text) })),
  };
}
