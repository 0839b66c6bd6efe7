/**
 * A webhook receiver on 127.0.0.1:0 for tests: records every request; can answer slowly or fail.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** The generic JSON webhook's alert message, as the controller sends it (README, "Drift incidents and alerts"). */
export interface AlertMessage {
  event: string;
  key: string;
  kind: string;
  campaign: string;
  summary: string;
  text: string;
  drift?: { action: string; modifiedBy?: string; fields: Array<{ field: string; git: unknown; live: unknown }> };
}

export interface WebhookReceiver {
  url: string;
  received: ReceivedRequest[];
  /** How the receiver answers: status and delay. */
  behaviour: { status: number; delayMs: number };
  close(): Promise<void>;
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const received: ReceivedRequest[] = [];
  const behaviour = { status: 200, delayMs: 0 };
  const timers = new Set<NodeJS.Timeout>();
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({ method: request.method ?? '', path: request.url ?? '', headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
      const timer = setTimeout(() => {
        timers.delete(timer);
        response.writeHead(behaviour.status).end();
      }, behaviour.delayMs);
      timers.add(timer);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    received,
    behaviour,
    close: () =>
      new Promise<void>((resolve) => {
        for (const timer of timers) clearTimeout(timer);
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
