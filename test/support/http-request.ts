/**
 * A minimal HTTP(S) client for tests: real sockets, no retries, no magic. Accepts a private CA so
 * tests can talk to the emulator's self-signed HTTPS.
 */
import http from 'node:http';
import https from 'node:https';

export interface TestResponse<T = unknown> {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** Parsed JSON when the answer is JSON, the text otherwise. */
  body: T;
  text: string;
}

export interface TestRequestOptions {
  method?: string;
  headers?: Record<string, string>;
  /** An object is sent as JSON; a string as it is. */
  body?: unknown;
  /** PEM of a CA to trust for HTTPS. */
  ca?: string;
  timeoutMs?: number;
}

export function httpRequest<T = unknown>(url: string, options: TestRequestOptions = {}): Promise<TestResponse<T>> {
  const target = new URL(url);
  const headers: Record<string, string> = { ...options.headers };
  let payload: string | undefined;
  if (typeof options.body === 'string') payload = options.body;
  else if (options.body !== undefined) {
    payload = JSON.stringify(options.body);
    headers['content-type'] ??= 'application/json';
  }
  const transport = target.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const request = transport.request(
      target,
      { method: options.method ?? 'GET', headers, ca: options.ca, agent: false, timeout: options.timeoutMs ?? 10_000 },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', reject);
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          const isJson = (response.headers['content-type'] ?? '').includes('json') && text.length > 0;
          resolve({ status: response.statusCode ?? 0, headers: response.headers, body: (isJson ? JSON.parse(text) : text) as T, text });
        });
      },
    );
    request.on('timeout', () => request.destroy(new Error(`request to ${url} timed out`)));
    request.on('error', reject);
    if (payload !== undefined) request.write(payload);
    request.end();
  });
}
