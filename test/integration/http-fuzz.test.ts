/**
 * Fuzzing the HTTP endpoints the controller serves (and the emulator's) with malformed requests:
 * random methods, paths, headers, content types and bodies. No crash, no 5xx, every API error a JSON
 * answer with a message (dashboard pages answer HTML), and the server still healthy afterwards.
 */
import { expect } from 'chai';
import fc from 'fast-check';
import { startStatusServer, type StatusServer } from '../../controller/adapters/http/status-server.js';
import { silentLogger } from '../../controller/adapters/logging/logger.js';
import { startEmulator, type RunningEmulator } from '../../emulator/emulator-server.js';
import { sampleCampaign } from '../support/campaign-fixtures.js';
import { fakeStatusController } from '../support/fake-status-controller.js';
import { httpRequest } from '../support/http-request.js';

const methods = fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS');
const pathPart = fc.oneof(fc.constantFrom('api', 'status', 'campaigns', 'hooks', 'git', 'healthz', 'readyz', 'metrics', 'emulator', 'faults', 'v2', 'outbound', 'oauth', 'token', '..', '%00', '%ZZ', 'spring-renewals'), fc.string({ maxLength: 12 }).map(encodeURIComponent));
const path = fc.array(pathPart, { minLength: 0, maxLength: 5 }).map((parts) => `/${parts.join('/')}`);
const contentType = fc.constantFrom('application/json', 'application/x-www-form-urlencoded', 'text/plain', 'application/xml', 'multipart/form-data; boundary=x', '');
const body = fc.oneof(fc.constant(''), fc.string({ maxLength: 200 }), fc.json({ maxDepth: 3 }), fc.constant('{"a":'), fc.constant('\u0000\u00ff'));
const header = fc.constantFrom<Record<string, string>>(
  {},
  { authorization: 'Bearer x' },
  { authorization: 'Basic ###' },
  { 'x-hub-signature-256': 'sha256=00' },
  { 'x-gitlab-token': '' },
  { 'content-length': '5' },
);

async function fuzz(base: string, runs: number): Promise<number> {
  let sent = 0;
  await fc.assert(
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
      expect(response.status, `${method} ${target} (${type})`).to.be.below(500);
      const isPage = (response.headers['content-type'] ?? '').startsWith('text/html') && !target.startsWith('/api/');
      if (response.status >= 400 && method !== 'HEAD' && !isPage) {
        expect(response.headers['content-type'] ?? '', `${method} ${target}: a JSON error`).to.include('json');
        expect((response.body as { message?: unknown }).message, `${method} ${target}: a message`).to.be.a('string');
      }
    }),
    { numRuns: runs, seed: 4242 },
  );
  return sent;
}

describe('malformed requests (fuzz)', function () {
  this.timeout(60_000);
  let server: StatusServer;
  let emulator: RunningEmulator;

  before(async () => {
    server = await startStatusServer({ controller: fakeStatusController(), port: 0, webhookSecret: 'fuzz-secret-123', log: silentLogger, metrics: async () => ({ contentType: 'text/plain', body: '' }) });
    emulator = await startEmulator({ campaigns: [sampleCampaign()], rateLimitPerMinute: 0 });
  });
  after(async () => {
    await server.close();
    await emulator.close();
  });

  it('the controller status server answers every one without a 5xx and stays healthy', async () => {
    const sent = await fuzz(server.url, 400);
    expect(sent).to.equal(400);
    expect((await httpRequest(`${server.url}/healthz`)).status).to.equal(200);
  });

  it('the emulator does the same', async () => {
    const sent = await fuzz(emulator.url, 400);
    expect(sent).to.equal(400);
    expect((await httpRequest(`${emulator.url}/api/v2/outbound/campaigns`)).status, 'still answering').to.equal(401);
  });

  it('a body over the size limit is refused with 413, not read', async () => {
    const response = await httpRequest(`${server.url}/hooks/git`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: `"${'x'.repeat(300 * 1024)}"` });
    expect(response.status).to.equal(413);
  });
});
