/**
 * A loopback HTTP proxy in front of the emulator, one per controller process, that records every
 * request it forwards (when it arrived, method, path, status): the emulator's own log cannot tell
 * two controllers with the same client id apart, this can.
 */
import { createServer, request as httpRequest, type Server } from 'node:http';

export interface ProxiedRequest {
  /** Date.now() when the request reached the proxy. */
  at: number;
  method: string;
  path: string;
  status: number;
}

export interface RecordingProxy {
  url: string;
  requests: ProxiedRequest[];
  /** Requests that change something in CXone (everything but GETs and the token exchange). */
  writes(): ProxiedRequest[];
  /** Holds every request from now on (recorded on arrival) until `resume()`: a process caught mid-command. */
  pause(): void;
  resume(): void;
  close(): Promise<void>;
}

export function isWrite(entry: Pick<ProxiedRequest, 'method' | 'path'>): boolean {
  return entry.method !== 'GET' && !entry.path.startsWith('/api/v2/oauth/token');
}

export async function startRecordingProxy(target: string): Promise<RecordingProxy> {
  const upstream = new URL(target);
  const requests: ProxiedRequest[] = [];
  let paused: { promise: Promise<void>; resume: () => void } | undefined;
  const server: Server = createServer(async (incoming, outgoing) => {
    const entry: ProxiedRequest = { at: Date.now(), method: incoming.method ?? 'GET', path: incoming.url ?? '/', status: 0 };
    requests.push(entry);
    await paused?.promise;
    // A request its client gave up on while it was held is dropped (forwarded, its body would never end).
    if (incoming.destroyed || outgoing.destroyed) return;
    const forwarded = httpRequest(
      { host: upstream.hostname, port: upstream.port, method: incoming.method, path: incoming.url, headers: { ...incoming.headers, host: upstream.host } },
      (answer) => {
        entry.status = answer.statusCode ?? 0;
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(outgoing);
      },
    );
    forwarded.on('error', () => {
      if (!outgoing.headersSent) outgoing.writeHead(502);
      outgoing.end();
    });
    incoming.pipe(forwarded);
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    writes: () => requests.filter(isWrite),
    pause() {
      if (paused) return;
      let resume!: () => void;
      const promise = new Promise<void>((resolve) => (resume = resolve));
      paused = { promise, resume };
    },
    resume() {
      paused?.resume();
      paused = undefined;
    },
    close: () =>
      new Promise<void>((resolve) => {
        paused?.resume();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
