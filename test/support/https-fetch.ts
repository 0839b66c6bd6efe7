/**
 * A `fetch` over node:https that trusts one private CA, so in-process clients can talk to the
 * emulator's self-signed HTTPS (the product itself trusts a CA through NODE_EXTRA_CA_CERTS).
 * `onExchange` sees every request and answer (the contract test validates both).
 */
import https from 'node:https';

export interface Exchange {
  method: string;
  url: string;
  requestHeaders: Record<string, string>;
  requestBody?: string;
  status: number;
  responseHeaders: Record<string, string>;
  responseBody: string;
}

export function httpsFetch(ca: string, onExchange?: (exchange: Exchange) => void): (input: Request | URL | string, init?: RequestInit) => Promise<Response> {
  return async (input, init) => {
    const request = input instanceof Request ? input : new Request(input, init);
    const body = request.body === null ? undefined : Buffer.from(await request.arrayBuffer());
    const headers = Object.fromEntries(request.headers.entries());
    return new Promise<Response>((resolve, reject) => {
      const outgoing = https.request(request.url, { method: request.method, headers, ca, agent: false }, (incoming) => {
        const chunks: Buffer[] = [];
        incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
        incoming.on('error', reject);
        incoming.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          const responseHeaders: Record<string, string> = {};
          for (const [key, value] of Object.entries(incoming.headers)) if (value !== undefined) responseHeaders[key] = Array.isArray(value) ? value.join(', ') : value;
          onExchange?.({ method: request.method, url: request.url, requestHeaders: headers, requestBody: body?.toString('utf8'), status: incoming.statusCode ?? 0, responseHeaders, responseBody: text });
          const status = incoming.statusCode ?? 0;
          resolve(new Response(status === 204 || status === 304 ? null : text, { status, headers: responseHeaders }));
        });
      });
      outgoing.on('error', reject);
      request.signal.addEventListener('abort', () => outgoing.destroy(new Error('aborted')));
      if (body !== undefined) outgoing.write(body);
      outgoing.end();
    });
  };
}
