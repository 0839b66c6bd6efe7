/**
 * A hostile server on 127.0.0.1:0 in front of a real upstream (the emulator): each request goes to
 * `mischief` first; when it answers (returns true) the upstream never sees the request, otherwise
 * the request is proxied as is. Tests use it to drip bodies, send huge ones, redirect, lie about
 * pages or ask for absurd Retry-After delays, while everything else is the real emulator.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface HostileRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export type Mischief = (request: HostileRequest, response: http.ServerResponse, upstream: () => Promise<{ status: number; headers: Record<string, string>; body: string }>) => boolean | Promise<boolean>;

export interface HostileServer {
  url: string;
  seen: HostileRequest[];
  mischief: Mischief;
  close(): Promise<void>;
}

export async function startHostileServer(upstreamUrl: string): Promise<HostileServer> {
  const seen: HostileRequest[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const state: HostileServer = { url: '', seen, mischief: () => false, close: async () => undefined };
  const forward = async (request: HostileRequest) => {
    const answer = await fetch(`${upstreamUrl}${request.path}`, {
      method: request.method,
      headers: Object.fromEntries(Object.entries(request.headers).filter(([key]) => key !== 'host' && key !== 'content-length').map(([k, v]) => [k, String(v)])),
      body: request.method === 'GET' || request.method === 'HEAD' ? undefined : request.body,
    });
    return { status: answer.status, headers: { 'content-type': answer.headers.get('content-type') ?? 'application/json' }, body: await answer.text() };
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const request = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      seen.push(request);
      void (async () => {
        if (await state.mischief(request, res, () => forward(request))) return;
        const answer = await forward(request);
        res.writeHead(answer.status, answer.headers).end(answer.body);
      })().catch(() => res.destroy());
    });
  });
  server.on('close', () => timers.forEach(clearTimeout));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  state.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return state;
}

/** Writes one byte of `body` every `everyMs` until done or the client goes away. */
export function drip(response: http.ServerResponse, body: string, everyMs: number): void {
  response.flushHeaders();
  let index = 0;
  const timer = setInterval(() => {
    if (response.destroyed || index >= body.length) {
      clearInterval(timer);
      if (!response.destroyed) response.end();
      return;
    }
    response.write(body[index]!);
    index += 1;
  }, everyMs);
  response.on('close', () => clearInterval(timer));
}
