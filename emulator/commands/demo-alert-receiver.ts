/**
 * The demo's alert receiver: a webhook on loopback that prints every alert the controller sends,
 * so a new user sees the messages ops would get (Slack, PagerDuty, …) in the demo's terminal.
 */
import { createServer } from 'node:http';
import { escapeTerminal } from '../../controller/lib/escape-for.js';

export interface AlertReceiver {
  url: string;
  close(): Promise<void>;
}

/**
 * The lines printed for one alert body: its text, indented, or its summary. Each line is terminal
 * text (docs/architecture.md, "Escaping"): a supervisor's name in an alert cannot write escape sequences to the terminal.
 */
export function describeAlert(body: unknown): string {
  const alert = (body ?? {}) as { event?: unknown; text?: unknown; summary?: unknown };
  const text = typeof alert.text === 'string' ? alert.text : typeof alert.summary === 'string' ? alert.summary : JSON.stringify(body);
  const event = typeof alert.event === 'string' ? escapeTerminal(alert.event) : 'message';
  return `alert (${event}):\n${text.split('\n').map((line) => `  │ ${escapeTerminal(line)}`).join('\n')}`;
}

export async function startAlertReceiver(print: (text: string) => void): Promise<AlertReceiver> {
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      try {
        print(describeAlert(JSON.parse(Buffer.concat(chunks).toString('utf8'))));
      } catch {
        print('alert: (a body that is not JSON)');
      }
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { url: `http://127.0.0.1:${port}/alerts`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
