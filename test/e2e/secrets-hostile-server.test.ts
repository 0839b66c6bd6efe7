/**
 * No secret ever shown (issue 10, "Secrets and exposure"), end to end against hostile servers on
 * loopback that echo back every secret they are sent: in error bodies, in redirect locations, in
 * headers, and inside the campaign bodies themselves (as CXone's `modifiedBy`). The secrets are the
 * OAuth client secret, the access key secret, the access tokens, the credentials in the Git URL,
 * the Git token, the push-webhook and alert secrets, the alert URL (its path is its secret) and the
 * status server's bearer token. None may reach the log lines, `/api/status` and the dashboard, the
 * metrics, the audit records and journal, the alerts, the PR comment (`plan --format markdown`)
 * or a command's output.
 */
import { expect } from 'chai';
import { cp, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { replaceInFile, startHarness, type Harness } from '../support/controller-harness.js';
import { startGitHttpServer, type GitHttpServer } from '../support/git-http-server.js';
import { startHostileServer, type HostileRequest, type HostileServer } from '../support/hostile-server.js';
import { httpRequest } from '../support/http-request.js';
import { REPO_ROOT, runCli } from '../support/spawn-cli.js';
import { waitFor } from '../support/wait-for.js';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.js';

const CLIENT_SECRET = 'hostile-client-secret-Qm81x7Lw';
const ACCESS_KEY_SECRET = 'hostile-access-key-secret-Vb27n4Tz';
const GIT_PASSWORD = 'hostile-git-password-Jc64p2Rs';
const GIT_TOKEN = 'hostile-git-token-Hd19f6Wq';
const PUSH_SECRET = 'hostile-push-secret-Yr52k9Pd';
const ALERT_SECRET = 'hostile-alert-secret-Wm37h4Ks';
const ALERT_PATH_SECRET = 'T0000/B0000/hostilehookpathXy93';
const AUTH_TOKEN = 'hostile-status-bearer-token-0123456789abcdef';
const OBSERVED = '0e9d8c7b-6a5f-4e3d-8c2b-1a0f9e8d7c6b';
const POLICY = 'apiVersion: cxone-gitops/v1\nkind: ControllerPolicy\nspec:\n  sync:\n    policy: enforce\n  alerts:\n    driftThreshold: 2\n';

/** A server that answers every request (but CXone's discovery document) with `status` and an echo of all it was sent: the URL, every header and the body, in the body and in headers. */
async function startEchoServer(status: number): Promise<{ url: string; seen: string[]; close(): Promise<void> }> {
  const seen: string[] = [];
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const echo = `${request.method} ${request.url} ${JSON.stringify(request.headers)} ${Buffer.concat(chunks).toString('utf8')}`;
      seen.push(echo);
      if (request.url === '/.well-known/openid-configuration') {
        // CXone's discovery, as the cxone emulator serves it: the token endpoint is here too.
        const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
        const document = { issuer: base, authorization_endpoint: `${base}/auth/authorize`, token_endpoint: `${base}/auth/token`, end_session_endpoint: `${base}/auth/logout`, claim_types_supported: ['normal'], display_values_supported: ['page'], id_token_signing_alg_values_supported: ['RS256'], request_object_signing_alg_values_supported: ['none'], response_types_supported: ['code'], scopes_supported: ['openid'], subject_types_supported: ['public'], token_endpoint_auth_methods_supported: ['client_secret_basic'], token_endpoint_auth_signing_alg_values_supported: ['RS256'] };
        response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(document));
        return;
      }
      response.writeHead(status, { 'content-type': 'application/json', 'x-echo': encodeURIComponent(echo).slice(0, 4000) });
      response.end(JSON.stringify({ error: 'invalid_client', error_description: `you sent: ${echo}`, message: `you sent: ${echo}` }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

/** Where each secret must not be: every place's text, named. */
function expectNoSecret(places: Array<[string, string]>, secrets: readonly string[]): void {
  for (const [place, text] of places) {
    for (const secret of secrets) expect(text.includes(secret), `a secret (${secret.slice(0, 14)}…) in the ${place}: …${text.slice(Math.max(0, text.indexOf(secret) - 200), text.indexOf(secret) + 60)}…`).to.equal(false);
  }
}

describe('secrets against hostile servers that echo them back', function () {
  this.timeout(180_000);

  describe('the commands (CLI output and the PR comment)', () => {
    let tmp: string;
    let echo: Awaited<ReturnType<typeof startEchoServer>>;
    before(async () => {
      tmp = await mkdtemp(path.join(os.tmpdir(), 'cxone-hostile-cli-'));
      await cp(path.join(REPO_ROOT, 'desired-state'), path.join(tmp, 'desired-state'), { recursive: true });
      await cp(path.join(REPO_ROOT, 'desired-state-cxone'), path.join(tmp, 'desired-state-cxone'), { recursive: true });
      echo = await startEchoServer(401);
    });
    after(async () => {
      await echo.close();
      await rm(tmp, { recursive: true, force: true });
    });

    it('plan (text, the markdown PR comment and JSON) on the tutorial dialect print no secret the server echoes in a failed token answer', async () => {
      const env = { PATH: process.env.PATH, CXONE_DOMAIN: echo.url, CXONE_CLIENT_ID: 'gitops', CXONE_CLIENT_SECRET: CLIENT_SECRET, GITOPS_REPO_TOKEN: GIT_TOKEN, ALERT_WEBHOOK_URL: `http://127.0.0.1:9/${ALERT_PATH_SECRET}` };
      const runs = [
        await runCli(['plan', 'desired-state', '--format', 'markdown'], { env, cwd: tmp }),
        await runCli(['plan', 'desired-state'], { env, cwd: tmp }),
        await runCli(['plan', 'desired-state', '--format', 'json'], { env, cwd: tmp }),
      ];
      expect(echo.seen.join('\n'), 'the server was sent the client secret (and echoed it)').to.include(CLIENT_SECRET);
      for (const run of runs) expect(run.code, run.stderr).to.not.equal(0);
      expectNoSecret(runs.flatMap((run, i): Array<[string, string]> => [[`stdout of plan #${i + 1}`, run.stdout], [`stderr of plan #${i + 1}`, run.stderr]]), [CLIENT_SECRET, GIT_TOKEN, ALERT_PATH_SECRET]);
      expect(runs[0]!.stderr, 'the failure is still named').to.match(/401|credentials|client/i);
    });

    it('plan on the cxone dialect prints neither the access key secret nor the client secret the auth server echoes back', async () => {
      const env = {
        PATH: process.env.PATH,
        CXONE_DIALECT: 'cxone',
        CXONE_AUTH_URL: echo.url,
        CXONE_CLIENT_ID: 'gitops-app',
        CXONE_CLIENT_SECRET: CLIENT_SECRET,
        CXONE_ACCESS_KEY_ID: 'hostile-access-key-id',
        CXONE_ACCESS_KEY_SECRET: ACCESS_KEY_SECRET,
      };
      const before = echo.seen.length;
      const runs = [await runCli(['plan', 'desired-state-cxone', '--format', 'markdown'], { env, cwd: tmp }), await runCli(['plan', 'desired-state-cxone'], { env, cwd: tmp })];
      expect(echo.seen.slice(before).join('\n'), 'the auth server was sent the access key secret (and echoed it)').to.include(ACCESS_KEY_SECRET);
      for (const run of runs) expect(run.code, run.stderr).to.not.equal(0);
      expectNoSecret(runs.flatMap((run, i): Array<[string, string]> => [[`stdout of plan #${i + 1}`, run.stdout], [`stderr of plan #${i + 1}`, run.stderr]]), [CLIENT_SECRET, ACCESS_KEY_SECRET]);
    });
  });

  describe('a cxone-gitops run process', () => {
    let harness: Harness;
    let hostile: HostileServer;
    let gitServer: GitHttpServer;
    let sink: Awaited<ReturnType<typeof startEchoServer>>;
    let elsewhere: WebhookReceiver;
    before(async () => {
      harness = await startHarness({ policy: POLICY });
      harness.emulator.context.tokens.registerClient({ clientId: 'gitops', clientSecret: CLIENT_SECRET, scopes: ['outbound:campaign:read', 'outbound:campaign:write', 'outbound:campaign:simulate', 'webhooks:write'] });
      hostile = await startHostileServer(harness.emulator.url);
      gitServer = await startGitHttpServer(harness.dir, { username: 'gitops-bot', password: GIT_PASSWORD });
      sink = await startEchoServer(500);
      elsewhere = await startWebhookReceiver();
    });
    after(async () => {
      await harness.close();
      await hostile.close();
      await gitServer.close();
      await sink.close();
      await elsewhere.close();
    });

    it('shows none of them in logs, status, dashboard, metrics, audit records, journal or alerts while CXone and the alert sink echo them back', async () => {
      // What the hostile CXone was sent, echoed back later: the token form (client secret) and the bearer token.
      let form = '';
      let bearer = '';
      const served: string[] = [];
      const tricks: Array<[string, (request: HostileRequest, response: http.ServerResponse) => void]> = [
        ['500 echoing the bearer token and the form', (request, response) => response.writeHead(500, { 'content-type': 'application/json', 'x-echo': bearer }).end(JSON.stringify({ message: `internal error for ${request.headers.authorization ?? ''} (form ${form})` }))],
        ['302 to another origin with the secrets in the location', (_request, response) => response.writeHead(302, { location: `${elsewhere.url}/campaigns?access_token=${bearer.replace(/^Bearer /, '')}&${form}` }).end()],
        ['400 echoing them in the body and a header', (request, response) => response.writeHead(400, { 'content-type': 'application/json', 'www-authenticate': `Bearer error="${bearer}"` }).end(JSON.stringify({ error: 'BadRequest', message: `bad request ${request.headers.authorization ?? ''}`, client_secret: form }))],
        ['401, so the token is asked again', (_request, response) => response.writeHead(401, { 'content-type': 'application/json', 'www-authenticate': `Bearer realm="${form}"` }).end(JSON.stringify({ message: `token ${bearer} refused` }))],
      ];
      let reads = 0;
      let tokenRedirected = false;
      hostile.mischief = async (request, response, upstream) => {
        if (request.path.startsWith('/api/v2/oauth/token')) {
          form = request.body;
          // The token asked again after the 401 is redirected to another origin with the secret in the location: refused.
          if (!served.includes('401, so the token is asked again') || tokenRedirected) return false;
          tokenRedirected = true;
          served.push('307 of the token request');
          response.writeHead(307, { location: `${elsewhere.url}/token?${form}`, 'x-echo': form }).end(JSON.stringify({ echo: form }));
          return true;
        }
        if (request.headers.authorization) bearer = request.headers.authorization;
        if (!request.path.startsWith('/api/v2/outbound/campaigns') || request.method !== 'GET') return false;
        // Every other campaign read is a trick until each was served; the rest come back with the secrets as modifiedBy.
        reads += 1;
        const trick = reads % 2 === 1 ? tricks.shift() : undefined;
        if (trick) {
          served.push(trick[0]);
          trick[1](request, response);
          return true;
        }
        const answer = await upstream();
        response.writeHead(answer.status, answer.headers).end(answer.body.replace(/"modifiedBy":"[^"]*"/g, `"modifiedBy":${JSON.stringify(`${bearer} ${form}`)}`));
        return true;
      };

      const gitUrl = new URL(`${gitServer.url}/remote.git`);
      gitUrl.username = 'gitops-bot';
      gitUrl.password = GIT_PASSWORD;
      const child = await harness.startControllerProcess({
        CXONE_DOMAIN: hostile.url,
        CXONE_CLIENT_ID: 'gitops',
        CXONE_CLIENT_SECRET: CLIENT_SECRET,
        GITOPS_REPO_URL: gitUrl.toString(),
        GITOPS_POLL_SECONDS: '1',
        GIT_WEBHOOK_SECRET: PUSH_SECRET,
        ALERT_WEBHOOK_URL: `${sink.url}/${ALERT_PATH_SECRET}`,
        ALERT_WEBHOOK_SECRET: ALERT_SECRET,
        HTTP_AUTH_TOKEN: AUTH_TOKEN,
        GITOPS_SCHEDULE: '*/1 * * * * *',
        LOG_LEVEL: 'debug',
      });
      const url = harness.url();
      const authorized = { authorization: `Bearer ${AUTH_TOKEN}` };
      await waitFor(async () => (await httpRequest(`${url}/readyz`)).status === 200, { timeoutMs: 60_000, what: 'ready' });
      await harness.push('Raise the answer rate of spring renewals', (work) => replaceInFile(path.join(work, 'retention/spring-renewals.yaml'), 'answer_rate: 0.12', 'answer_rate: 0.15'));
      const body = JSON.stringify({ ref: 'refs/heads/main' });
      const signature = `sha256=${createHmac('sha256', PUSH_SECRET).update(body).digest('hex')}`;
      expect((await httpRequest(`${url}/hooks/git`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': signature }, body })).status).to.equal(202);
      // A supervisor's edit of an observed campaign: a drift alert, whose modifiedBy the hostile CXone fills with the secrets.
      await httpRequest(`${harness.emulator.url}/emulator/campaigns/${OBSERVED}`, { method: 'PATCH', body: { predictiveDialerSettings: { parameterWeights: { predictive_factor: -0.15 } }, modifiedBy: 'ui:jane.doe' } });
      await waitFor(() => tokenRedirected, { timeoutMs: 60_000, what: 'every trick served' });
      await waitFor(() => sink.seen.some((text) => text.includes('changed outside Git')), { timeoutMs: 60_000, what: 'a drift alert' });
      await waitFor(() => harness.emulator.context.store.get('a1b2c3d4-e5f6-7890-abcd-ef1234567890')!.predictiveDialerSettings.parameterWeights.answer_rate === 0.15, { timeoutMs: 60_000, what: 'the apply' });
      const pages = await Promise.all(['/api/status', '/api/campaigns/spring-renewals', '/api/campaigns/renewals-winback', '/', '/campaigns/spring-renewals'].map(async (route) => `${route}: ${(await httpRequest(`${url}${route}`, { headers: authorized, timeoutMs: 60_000 })).text}`));
      const metrics = (await httpRequest(`${url}/metrics`)).text;
      await waitFor(async () => (await httpRequest<{ auditPending: number }>(`${url}/api/status`, { headers: authorized })).body.auditPending === 0, { timeoutMs: 60_000, what: 'the journal to be pushed' });
      expect(await child.stop('SIGTERM')).to.equal(0);
      harness.child = undefined;

      expect(elsewhere.received, 'no redirect was followed to another origin').to.deep.equal([]);
      expect(hostile.seen.map((request) => request.body).join('\n'), 'the hostile CXone was sent the client secret').to.include(CLIENT_SECRET);
      const tokens = harness.emulator.context.tokens.issuedTokens();
      expect(tokens.length).to.be.above(0);
      const journal = await readdir(path.join(harness.env.DATA_DIR!, 'journal')).then((names) => Promise.all(names.map((name) => readFile(path.join(harness.env.DATA_DIR!, 'journal', name), 'utf8'))));
      const places: Array<[string, string]> = [
        ['log lines', child.stdout() + child.stderr()],
        ['status answers and dashboard pages', pages.join('\n')],
        ['metrics', metrics],
        // The headers and bodies the sink received (not the URL it was sent to: that is the sink's own).
        ['alerts the sink received', sink.seen.map((text) => text.split(' ').slice(2).join(' ')).join('\n')],
        ['audit records', JSON.stringify(await harness.auditRecords())],
        ['audit commits', (await harness.audit()).map((entry) => entry.subject + JSON.stringify(entry.trailers)).join('\n')],
        ['journal files', journal.join('\n')],
      ];
      for (const [place, text] of places) if (place !== 'journal files') expect(text.length, `${place} were collected`).to.be.above(0);
      expect(child.stdout(), 'the hostile answers were logged').to.match(/redirect/i);
      expectNoSecret(places, [CLIENT_SECRET, GIT_PASSWORD, PUSH_SECRET, ALERT_SECRET, ALERT_PATH_SECRET, AUTH_TOKEN, ...tokens]);
    });
  });
});
