/**
 * The status server against hostile requests (issue 10, "Secrets and exposure"): bearer tokens,
 * Host headers and push-webhook deliveries, over real HTTP on loopback.
 */
import { expect } from 'chai';
import { createHmac } from 'node:crypto';
import net from 'node:net';
import { startStatusServer, type StatusServer } from '../../../controller/adapters/http/status-server.js';
import { silentLogger } from '../../../controller/adapters/logging/logger.js';
import { fakeStatusController } from '../../support/fake-status-controller.js';
import { httpRequest } from '../../support/http-request.js';

const TOKEN = 'status-token-0123456789abcdef-0123';

/** Sends `request` as it is on a new connection to the server at `url` and reads the whole answer. */
function rawExchange(url: string, request: string): Promise<string> {
  const { port } = new URL(url);
  return new Promise<string>((resolve, reject) => {
    const socket = net.connect(Number(port), '127.0.0.1', () => socket.write(request));
    let text = '';
    socket.on('data', (chunk) => (text += chunk.toString()));
    socket.on('end', () => resolve(text));
    socket.on('error', reject);
  });
}

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
  describe('the Host header (DNS rebinding)', () => {
    it('refuses a request whose Host is a name it was not given, on every route, saying what to do', async () => {
      server = await startStatusServer({ controller: fakeStatusController(), port: 0, log: silentLogger });
      for (const route of ['/api/status', '/', '/healthz', '/metrics']) {
        const response = await httpRequest<{ error: string; message: string }>(`${server.url}${route}`, { headers: { host: 'rebind.attacker.example:8080' } });
        expect(response.status, route).to.equal(403);
        expect(response.body.error).to.equal('Forbidden');
        expect(response.body.message).to.equal('Host "rebind.attacker.example" is not a name this server answers to (a guard against DNS rebinding): reach it by IP address or localhost, or add the name to HTTP_ALLOWED_HOSTS');
      }
    });

    it('answers IP addresses, localhost and the names of HTTP_ALLOWED_HOSTS (".name" for a domain)', async () => {
      server = await startStatusServer({ controller: fakeStatusController(), port: 0, allowedHosts: ['gitops.ops.example', '.svc.cluster.local'], log: silentLogger });
      const port = new URL(server.url).port;
      const answered = ['127.0.0.1', `127.0.0.1:${port}`, `[::1]:${port}`, '10.1.2.3:8080', `localhost:${port}`, 'LOCALHOST', 'app.localhost', 'GitOps.Ops.Example:443', 'gitops.ops.example.', 'cxone-gitops.ops.svc.cluster.local:8080', 'svc.cluster.local'];
      for (const host of answered) expect((await httpRequest(`${server.url}/api/status`, { headers: { host } })).status, host).to.equal(200);
      for (const host of ['gitops.ops.example.attacker.example', 'evilsvc.cluster.local', 'localhost.attacker.example', 'ops.example']) {
        expect((await httpRequest(`${server.url}/api/status`, { headers: { host } })).status, host).to.equal(403);
      }
    });

    it('answers the name it is bound to (HTTP_HOST), and any name with "*"', async () => {
      server = await startStatusServer({ controller: fakeStatusController(), host: 'localhost', port: 0, log: silentLogger });
      expect((await httpRequest(`${server.url}/healthz`)).status).to.equal(200);
      await server.close();
      server = await startStatusServer({ controller: fakeStatusController(), port: 0, allowedHosts: ['*'], log: silentLogger });
      expect((await httpRequest(`${server.url}/healthz`, { headers: { host: 'anything.example' } })).status).to.equal(200);
    });

    it('answers 400 to a request without a Host header, as HTTP/1.1 requires', async () => {
      server = await startStatusServer({ controller: fakeStatusController(), port: 0, log: silentLogger });
      const { port } = new URL(server.url);
      const answer = await new Promise<string>((resolve, reject) => {
        const socket = net.connect(Number(port), '127.0.0.1', () => socket.end('GET /healthz HTTP/1.0\r\n\r\n'));
        let text = '';
        socket.on('data', (chunk) => (text += chunk.toString()));
        socket.on('end', () => resolve(text));
        socket.on('error', reject);
      });
      expect(answer.split('\r\n')[0]).to.equal('HTTP/1.1 400 Bad Request');
      expect(answer).to.include('the request has no Host header');
    });

    it('answers 400 to a request with two Host headers, whichever comes first (RFC 9112 3.2)', async () => {
      server = await startStatusServer({ controller: fakeStatusController(), port: 0, log: silentLogger });
      for (const [first, second] of [['127.0.0.1', 'rebind.attacker.example'], ['rebind.attacker.example', '127.0.0.1']]) {
        const answer = await rawExchange(server.url, `GET /api/status HTTP/1.1\r\nHost: ${first}\r\nHost: ${second}\r\nConnection: close\r\n\r\n`);
        expect(answer.split('\r\n')[0], `${first}, then ${second}`).to.equal('HTTP/1.1 400 Bad Request');
        expect(answer).to.include('more than one Host header');
      }
    });

    it('judges a request in absolute form by the host of its target, not by its Host header (RFC 9112 3.2.2)', async () => {
      server = await startStatusServer({ controller: fakeStatusController(), port: 0, log: silentLogger });
      const refused = await rawExchange(server.url, 'GET http://rebind.attacker.example/api/status HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n');
      expect(refused.split('\r\n')[0]).to.equal('HTTP/1.1 403 Forbidden');
      expect(refused).to.include('Host \\"rebind.attacker.example\\" is not a name this server answers to');
      const answered = await rawExchange(server.url, 'GET http://127.0.0.1/healthz HTTP/1.1\r\nHost: rebind.attacker.example\r\nConnection: close\r\n\r\n');
      expect(answered.split('\r\n')[0]).to.equal('HTTP/1.1 200 OK');
    });
  });
  describe('the push webhook /hooks/git', () => {
    const SECRET = 'push-secret-0123456789abcdef-0123';
    const sign = (body: string | Buffer, secret = SECRET) => `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
    const deliver = (body: string, headers: Record<string, string>) =>
      httpRequest<{ accepted?: boolean; error?: string }>(`${server!.url}/hooks/git`, { method: 'POST', body, headers });
    let controller: ReturnType<typeof fakeStatusController>;
    beforeEach(async () => {
      controller = fakeStatusController();
      server = await startStatusServer({ controller, port: 0, webhookSecret: SECRET, log: silentLogger });
    });

    it('accepts a GitHub form-encoded delivery (payload=…) signed over its raw bytes', async () => {
      const body = `payload=${encodeURIComponent(JSON.stringify({ ref: 'refs/heads/main', after: 'a'.repeat(40) }))}`;
      const response = await deliver(body, { 'content-type': 'application/x-www-form-urlencoded', 'x-github-event': 'push', 'x-hub-signature-256': sign(body) });
      expect(response.status).to.equal(202);
      expect(controller.pushes).to.equal(1);
    });

    it('checks a text/plain delivery against its bytes, not an empty body', async () => {
      const body = 'ref=refs/heads/main';
      const forged = await deliver(body, { 'content-type': 'text/plain', 'x-hub-signature-256': sign('') });
      expect(forged.status, 'a signature of the empty body').to.equal(401);
      expect(controller.pushes).to.equal(0);
      const signed = await deliver(body, { 'content-type': 'text/plain; charset=utf-8', 'x-hub-signature-256': sign(body) });
      expect(signed.status).to.equal(202);
      expect(controller.pushes).to.equal(1);
    });

    it('verifies a delivery of any other content type, or none, over its bytes, and refuses one signed over other bytes', async () => {
      const body = '{"ref":"refs/heads/main"}';
      for (const contentType of ['application/octet-stream', 'application/json', 'application/vnd.example+json']) {
        expect((await deliver(body, { 'content-type': contentType, 'x-hub-signature-256': sign(body) })).status, contentType).to.equal(202);
        expect((await deliver(body, { 'content-type': contentType, 'x-hub-signature-256': sign(`${body} `) })).status, contentType).to.equal(401);
      }
      expect((await deliver(body, { 'x-hub-signature-256': sign(body) })).status, 'no content type').to.equal(202);
      expect((await deliver('not json at all {', { 'content-type': 'application/json', 'x-gitlab-token': SECRET })).status, 'a GitLab token, a body that is not JSON').to.equal(202);
      expect(controller.pushes).to.equal(5);
    });
  });
});
