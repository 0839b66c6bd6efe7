/**
 * Fuzzing the HTTP endpoints the controller serves (and the emulator's) with malformed requests:
 * random methods, paths, headers, Host names, content types and bodies. No crash, no 5xx, every API
 * error a JSON answer with a message (dashboard pages answer HTML), and the server still healthy
 * afterwards; with the bearer token required, nothing but the open probes answers without it, and
 * a Host name not allowed is always refused. Each run draws a new seed, printed before it; a
 * failure names FUZZ_SEED (and FUZZ_PATH) to replay it (test/support/replayable-property.ts).
 */
import { expect } from 'chai';
import fc from 'fast-check';
import { startStatusServer, type StatusServer } from '../../controller/adapters/http/status-server.js';
import { silentLogger } from '../../controller/adapters/logging/logger.js';
import { startEmulator, type RunningEmulator } from '../../emulator/emulator-server.js';
import { sampleCampaign } from '../support/campaign-fixtures.js';
import { fakeStatusController } from '../support/fake-status-controller.js';
import { httpRequest } from '../support/http-request.js';
import { assertReplayable } from '../support/replayable-property.js';

const TOKEN = 'fuzz-token-0123456789abcdef-012345';
const OPEN_ROUTES = new Set(['/healthz', '/readyz', '/metrics', '/hooks/git']);

const methods = fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS');
const pathPart = fc.oneof(fc.constantFrom('api', 'status', 'campaigns', 'hooks', 'git', 'healthz', 'readyz', 'metrics', 'emulator', 'faults', 'v2', 'outbound', 'oauth', 'token', '..', '%00', '%ZZ', 'spring-renewals'), fc.string({ maxLength: 12 }).map(encodeURIComponent));
const path = fc.array(pathPart, { minLength: 0, maxLength: 5 }).map((parts) => `/${parts.join('/')}`);
const contentType = fc.constantFrom('application/json', 'application/x-www-form-urlencoded', 'text/plain', 'application/xml', 'multipart/form-data; boundary=x', '');
const body = fc.oneof(fc.constant(''), fc.string({ maxLength: 200 }), fc.json({ maxDepth: 3 }), fc.constant('{"a":'), fc.constant('\u0000\u00ff'));
const header = fc.constantFrom<Record<string, string>>(
  {},
  { authorization: 'Bearer x' },
  { authorization: `Bearer ${TOKEN}` },
  { authorization: `bearer ${TOKEN}` },
  { authorization: `Bearer ${TOKEN.slice(0, -1)}é` },
  { authorization: `Bearer ${TOKEN}`, host: 'rebind.attacker.example' },
  { host: 'rebind.attacker.example:8080' },
  { host: 'localhost' },
  { authorization: 'Basic ###' },
  { 'x-hub-signature-256': 'sha256=00' },
  { 'x-gitlab-token': '' },
  { 'content-length': '5' },
);

/** Whether the request carried the token the server requires. */
const authenticated = (headers: Record<string, string>): boolean => /^Bearer\s+(.+)$/i.exec(headers.authorization ?? '')?.[1] === TOKEN;
const hostRefused = (headers: Record<string, string>): boolean => (headers.host ?? '').startsWith('rebind.');

async function fuzz(what: string, base: string, runs: number, options: { authRequired?: boolean; checksHost?: boolean } = {}): Promise<number> {
  let sent = 0;
  await assertReplayable(
    what,
    fc.asyncProperty(methods, path, contentType, body, header, async (method, target, type, payload, extra) => {
      const headers: Record<string, string> = { ...extra };
      if (type) headers['content-type'] = type;
      delete headers['content-length'];
      const withBody = method !== 'GET' && method !== 'HEAD';
      let response;
      try {
        response = await httpRequest(`${base}${target}`, { method, headers, body: withBody ? payload : undefined });
      } catch (error) {
        // The server may answer a bad request line (e.g. `/%ZZ`) at once and close before reading the
        // body; Node's client then refuses the bytes after `Connection: close`. Not a server fault.
        if (!String((error as NodeJS.ErrnoException).code ?? '').startsWith('HPE_')) throw error;
        sent += 1;
        return;
      }
      sent += 1;
      // What the server is asked for is the path as the URL parser resolves it (`/../metrics` is
      // sent as `/metrics`, an open probe), not the string drawn.
      const sentPath = new URL(`${base}${target}`).pathname;
      const label = `${method} ${target} → ${sentPath} (${type}, ${JSON.stringify(extra)})`;
      expect(response.status, label).to.be.below(500);
      // 403 by the Host check; 400 when the URL itself is malformed (answered before any route or hook).
      if (options.checksHost && hostRefused(headers)) expect(response.status, `${label}: a Host name not allowed`).to.be.oneOf([400, 403]);
      if (options.authRequired && !authenticated(headers) && !OPEN_ROUTES.has(sentPath)) {
        expect(response.status, `${label}: without the token`).to.be.oneOf([400, 401, 403]);
      }
      const isPage = (response.headers['content-type'] ?? '').startsWith('text/html') && !sentPath.startsWith('/api/');
      if (response.status >= 400 && method !== 'HEAD' && !isPage) {
        expect(response.headers['content-type'] ?? '', `${label}: a JSON error`).to.include('json');
        expect((response.body as { message?: unknown }).message, `${label}: a message`).to.be.a('string');
      }
    }),
    { numRuns: runs },
  );
  return sent;
}

describe('malformed requests (fuzz)', function () {
  this.timeout(60_000);
  let server: StatusServer;
  let guarded: StatusServer;
  let emulator: RunningEmulator;
  const metrics = async () => ({ contentType: 'text/plain', body: '' });

  before(async () => {
    server = await startStatusServer({ controller: fakeStatusController(), port: 0, webhookSecret: 'fuzz-secret-123', log: silentLogger, metrics });
    guarded = await startStatusServer({ controller: fakeStatusController(), port: 0, authToken: TOKEN, webhookSecret: 'fuzz-secret-123', log: silentLogger, metrics });
    emulator = await startEmulator({ campaigns: [sampleCampaign()], rateLimitPerMinute: 0 });
  });
  after(async () => {
    await server.close();
    await guarded.close();
    await emulator.close();
  });

  it('the controller status server answers every one without a 5xx, refuses Host names not allowed, and stays healthy', async () => {
    const sent = await fuzz('status server, no token', server.url, 400, { checksHost: true });
    expect(sent).to.equal(400);
    expect((await httpRequest(`${server.url}/healthz`)).status).to.equal(200);
  });

  it('with the bearer token required, nothing but the open probes answers without it, and never a 5xx', async () => {
    const sent = await fuzz('status server, token required', guarded.url, 400, { authRequired: true, checksHost: true });
    expect(sent).to.equal(400);
    expect((await httpRequest(`${guarded.url}/api/status`, { headers: { authorization: `Bearer ${TOKEN}` } })).status).to.equal(200);
  });

  it('the emulator does the same', async () => {
    const sent = await fuzz('emulator', emulator.url, 400);
    expect(sent).to.equal(400);
    expect((await httpRequest(`${emulator.url}/api/v2/outbound/campaigns`)).status, 'still answering').to.equal(401);
  });

  it('a body over the size limit is refused with 413, not read', async () => {
    const response = await httpRequest(`${server.url}/hooks/git`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: `"${'x'.repeat(300 * 1024)}"` });
    expect(response.status).to.equal(413);
  });
});
