/**
 * The status server against hostile requests (issue 10, "Secrets and exposure"): bearer tokens,
 * Host headers and push-webhook deliveries, over real HTTP on loopback.
 */
import { expect } from 'chai';
import { startStatusServer, type StatusServer } from '../../../controller/adapters/http/status-server.js';
import { silentLogger } from '../../../controller/adapters/logging/logger.js';
import { fakeStatusController } from '../../support/fake-status-controller.js';
import { httpRequest } from '../../support/http-request.js';

const TOKEN = 'status-token-0123456789abcdef-0123';

describe('status server security', function () {
  this.timeout(20_000);
  let server: StatusServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  describe('the bearer token', () => {
    it('answers 401, not 500, to a non-ASCII token of the same length as the real one', async () => {
      server = await startStatusServer({ controller: fakeStatusController(), port: 0, requireAuth: true, authToken: TOKEN, log: silentLogger });
      // Latin-1 bytes are legal in a header; 'é' makes the UTF-8 form longer than the string.
      const forged = `${TOKEN.slice(0, -1)}é`;
      expect(forged.length).to.equal(TOKEN.length);
      const response = await httpRequest<{ error: string }>(`${server.url}/api/status`, { headers: { authorization: `Bearer ${forged}` } });
      expect(response.status).to.equal(401);
      expect(response.body.error).to.equal('Unauthorized');
      expect((await httpRequest(`${server.url}/api/status`, { headers: { authorization: `Bearer ${TOKEN}` } })).status).to.equal(200);
    });

    it('requires a token that is set on loopback too, for /api/* and the dashboard, and leaves /healthz open', async () => {
      server = await startStatusServer({ controller: fakeStatusController(), host: '127.0.0.1', port: 0, authToken: TOKEN, log: silentLogger });
      expect((await httpRequest(`${server.url}/api/status`)).status).to.equal(401);
      expect((await httpRequest(`${server.url}/`)).status).to.equal(401);
      expect((await httpRequest(`${server.url}/api/status`, { headers: { authorization: `Bearer ${TOKEN}` } })).status).to.equal(200);
      expect((await httpRequest(`${server.url}/healthz`)).status).to.equal(200);
    });

    it('leaves /api/* and the dashboard open on loopback when no token is set', async () => {
      server = await startStatusServer({ controller: fakeStatusController(), host: '127.0.0.1', port: 0, log: silentLogger });
      expect((await httpRequest(`${server.url}/api/status`)).status).to.equal(200);
    });

    it('refuses to start with a token shorter than the minimum length, without echoing it', async () => {
      let error: unknown;
      try {
        server = await startStatusServer({ controller: fakeStatusController(), port: 0, requireAuth: true, authToken: 'short-token-9', log: silentLogger });
      } catch (caught) {
        error = caught;
      }
      expect(error).to.be.instanceOf(Error);
      expect((error as Error).message).to.match(/HTTP_AUTH_TOKEN is shorter than 32 characters/);
      expect((error as Error).message).to.not.include('short-token-9');
    });
  });
});
