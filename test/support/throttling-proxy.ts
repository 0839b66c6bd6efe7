/**
 * A loopback TCP proxy that hands the upstream's answers to the client slowly: `chunkBytes` every
 * `intervalMs` (a slow network), and after `stallAfterBytes` nothing more while the connection
 * stays open (a hung one). What the client sends goes upstream at once. `close()` ends every
 * connection it holds.
 */
import net from 'node:net';
import type { AddressInfo } from 'node:net';

export interface ThrottlingProxyOptions {
  /** `host:port` of the upstream, on 127.0.0.1. */
  upstreamPort: number;
  chunkBytes: number;
  intervalMs: number;
  /** Over all connections: once this many bytes went to clients, nothing more does. Default never. */
  stallAfterBytes?: number;
}

export interface ThrottlingProxy {
  port: number;
  /** Bytes handed to clients so far. */
  delivered(): number;
  close(): Promise<void>;
}

export async function startThrottlingProxy(options: ThrottlingProxyOptions): Promise<ThrottlingProxy> {
  const sockets = new Set<net.Socket>();
  const timers = new Set<NodeJS.Timeout>();
  let delivered = 0;
  const server = net.createServer((client) => {
    const upstream = net.connect(options.upstreamPort, '127.0.0.1');
    sockets.add(client).add(upstream);
    const pending: Buffer[] = [];
    let upstreamEnded = false;
    const timer = setInterval(() => {
      if (options.stallAfterBytes !== undefined && delivered >= options.stallAfterBytes) return;
      const buffer = Buffer.concat(pending.splice(0));
      if (buffer.length > 0) {
        const chunk = buffer.subarray(0, options.chunkBytes);
        pending.push(buffer.subarray(chunk.length));
        delivered += chunk.length;
        client.write(chunk);
      } else if (upstreamEnded) {
        clearInterval(timer);
        client.end();
      }
    }, options.intervalMs);
    timers.add(timer);
    client.pipe(upstream);
    upstream.on('data', (data: Buffer) => pending.push(data));
    upstream.on('end', () => (upstreamEnded = true));
    const done = () => {
      clearInterval(timer);
      timers.delete(timer);
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('close', done).on('error', done);
    upstream.on('error', done);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    delivered: () => delivered,
    close: () =>
      new Promise<void>((resolve) => {
        for (const timer of timers) clearInterval(timer);
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
