/**
 * Test helper around a running emulator: a token for its default client and JSON calls with it.
 */
import { DEFAULT_CLIENT, type RunningEmulator } from '../../emulator/emulator-server.js';
import { httpRequest, type TestRequestOptions, type TestResponse } from './http-request.js';

export interface ApiSession {
  token: string;
  call<T = unknown>(method: string, path: string, body?: unknown, extra?: TestRequestOptions): Promise<TestResponse<T>>;
  admin<T = unknown>(method: string, path: string, body?: unknown): Promise<TestResponse<T>>;
}

export async function fetchToken(
  emulator: RunningEmulator,
  credentials: { clientId: string; clientSecret: string } = DEFAULT_CLIENT,
  ca?: string,
): Promise<string> {
  const response = await httpRequest<{ access_token: string }>(`${emulator.url}/api/v2/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: credentials.clientId, client_secret: credentials.clientSecret }).toString(),
    ca,
  });
  if (response.status !== 200) throw new Error(`token request failed: ${response.status} ${response.text}`);
  return response.body.access_token;
}

export async function openSession(emulator: RunningEmulator, ca?: string): Promise<ApiSession> {
  const token = await fetchToken(emulator, DEFAULT_CLIENT, ca);
  return {
    token,
    call: (method, path, body, extra) =>
      httpRequest(`${emulator.url}${path}`, { method, body, ca, ...extra, headers: { authorization: `Bearer ${token}`, ...extra?.headers } }),
    admin: (method, path, body) => httpRequest(`${emulator.url}${path}`, { method, body, ca }),
  };
}
