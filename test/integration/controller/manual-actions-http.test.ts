import { expect } from 'chai';
import path from 'node:path';
import { replaceInFile, startHarness, type Harness } from '../../support/controller-harness.js';
import { httpRequest } from '../../support/http-request.js';
import { waitFor } from '../../support/wait-for.js';

const TOKEN = 'manual-actions-token-0123456789abcdef';
const SPRING = 'spring-renewals';
const DENY_ALL_DAY = 'apiVersion: cxone-gitops/v1\nkind: ControllerPolicy\nspec:\n  sync:\n    policy: enforce\n  syncWindows:\n    - kind: deny\n      schedule: "0 0 * * *"\n      duration: 24h\n      timeZone: UTC\n      campaigns: ["*"]\n';

interface ActionAnswer {
  error?: string;
  message?: string;
  status?: string;
  statusReason?: string;
  reason?: string;
  record?: string;
  finished?: boolean;
}

describe('manual actions over real HTTP on loopback (the in-process controller and its status server)', function () {
  this.timeout(60_000);
  let harness: Harness;

  const action = (name: string, verb: string, body: unknown, headers: Record<string, string> = { authorization: `Bearer ${TOKEN}` }) =>
    httpRequest<ActionAnswer>(`${harness.url()}/api/campaigns/${name}/actions/${verb}`, { method: 'POST', headers, body });
  const campaign = async (name: string) => (await harness.status()).campaigns.find((c) => c.name === name);
  const raiseAnswerRate = () => harness.push('Raise the answer rate of spring renewals', (work) => replaceInFile(path.join(work, 'retention/spring-renewals.yaml'), 'answer_rate: 0.12', 'answer_rate: 0.15'));
  const faults = (body: Record<string, unknown>) => httpRequest(`${harness.emulator.url}/emulator/faults`, { method: 'POST', body });
  const start = async (extra: Record<string, string>, policy?: string) => {
    harness = await startHarness({ policy });
    await harness.startController(extra);
    await waitFor(async () => (await harness.status()).ready, { what: 'the controller to be ready' });
  };

  afterEach(() => harness.close());

  it('refuses every action on loopback when no token is configured, and shows the commands instead of buttons', async () => {
    await start({});
    const refused = await action(SPRING, 'sync', { actor: 'jane' }, {});
    expect(refused.status).to.equal(403);
    expect(refused.body.message).to.match(/HTTP_AUTH_TOKEN/);
    const page = await httpRequest<string>(`${harness.url()}/campaigns/${SPRING}`);
    expect(page.body).to.include('cxone-gitops sync spring-renewals');
    expect(page.body).to.not.include('<form method="post"');
  });

  it('refuses an action without the bearer token, with a wrong one and with a non-ASCII one, though bound to loopback', async () => {
    await start({ HTTP_AUTH_TOKEN: TOKEN });
    expect((await action(SPRING, 'sync', { actor: 'jane' }, {})).status).to.equal(401);
    expect((await action(SPRING, 'sync', { actor: 'jane' }, { authorization: 'Bearer manual-actions-token-0123456789abcdee' })).status).to.equal(401);
    expect((await action(SPRING, 'sync', { actor: 'jane' }, { authorization: 'Bearer manual-actions-token-0123456789abcdeé' })).status).to.equal(401);
    expect((await action(SPRING, 'reboot', { actor: 'jane' })).status).to.equal(404);
    expect((await action(SPRING, 'sync', { reason: 'no actor' })).status).to.equal(400);
    expect((await action('no-such-campaign', 'sync', { actor: 'jane' })).status).to.equal(404);
    const notHeld = await action(SPRING, 'resume', { actor: 'jane' });
    expect(notHeld.status).to.equal(409);
    expect(notHeld.body.message).to.match(/is not held/);
    expect((await harness.auditRecords()).filter((r) => r.actor !== undefined), 'a refused action leaves no record').to.have.length(0);
  });

  it('retries the verification of a Paused apply and records the actor and reason on the audit branch', async () => {
    await start({ HTTP_AUTH_TOKEN: TOKEN });
    await faults({ simulationFailureRate: 1 });
    await raiseAnswerRate();
    await waitFor(async () => (await campaign(SPRING))?.status === 'Paused', { timeoutMs: 20_000, what: 'spring-renewals to be Paused' });
    await faults({ simulationFailureRate: 0 });
    const retried = await action(SPRING, 'retry', { actor: 'jane.doe', reason: 'the simulator is back', wait: 20 });
    expect(retried.status, JSON.stringify(retried.body)).to.equal(200);
    expect(retried.body).to.include({ status: 'Synced', statusReason: 'Applied', finished: true });
    const records = await waitFor(async () => {
      const all = await harness.auditRecords();
      return all.some((r) => r.outcome === 'retried') ? all : undefined;
    }, { timeoutMs: 20_000, what: 'the retried record on the audit branch' });
    expect(records.find((r) => r.outcome === 'retried')).to.include({ id: retried.body.record, actor: 'jane.doe', via: 'api', statusBefore: 'Paused', campaign: SPRING });
    expect(records.filter((r) => r.outcome === 'applied'), 'no second write').to.have.length(1);
  });

  it('syncs inside a deny window only with force and a reason', async () => {
    await start({ HTTP_AUTH_TOKEN: TOKEN }, DENY_ALL_DAY);
    await raiseAnswerRate();
    await waitFor(async () => (await campaign(SPRING))?.statusReason === 'WindowClosed', { timeoutMs: 20_000, what: 'spring-renewals to be Blocked by the window' });
    const refused = await action(SPRING, 'sync', { actor: 'jane.doe' });
    expect(refused.status).to.equal(409);
    expect(refused.body.message).to.match(/--force and --reason/);
    expect((await action(SPRING, 'sync', { actor: 'jane.doe', force: true })).status, 'force without a reason').to.equal(400);
    const forced = await action(SPRING, 'sync', { actor: 'jane.doe', force: true, reason: 'incident 42', wait: 20 });
    expect(forced.status, JSON.stringify(forced.body)).to.equal(200);
    expect(forced.body.status).to.equal('Synced');
    expect(harness.emulator.context.store.get('a1b2c3d4-e5f6-7890-abcd-ef1234567890')?.predictiveDialerSettings.parameterWeights.answer_rate).to.equal(0.15);
  });

  it('takes the dashboard form only with the session token, from the same origin, with HTTP_AUTH_TOKEN typed in', async () => {
    await start({ HTTP_AUTH_TOKEN: TOKEN });
    const page = await httpRequest<string>(`${harness.url()}/campaigns/${SPRING}`, { headers: { authorization: `Bearer ${TOKEN}` } });
    const cookie = String(page.headers['set-cookie']).split(';')[0]!;
    expect(cookie).to.match(/^cxone_gitops_session=/);
    expect(String(page.headers['set-cookie'])).to.match(/HttpOnly; SameSite=Strict/);
    const csrf = /name="csrf" value="([^"]+)"/.exec(page.body)?.[1];
    expect(csrf, 'the form carries the session token').to.be.a('string');
    expect(page.body).to.include('formaction="/campaigns/spring-renewals/actions/sync"');
    const origin = harness.url();
    // With HTTP_AUTH_TOKEN set, a browser reaches the dashboard through a proxy that adds the bearer token (README, "Limits").
    const post = (fields: Record<string, string>, headers: Record<string, string>, bearer = true) =>
      httpRequest<string>(`${harness.url()}/campaigns/${SPRING}/actions/sync`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...(bearer ? { authorization: `Bearer ${TOKEN}` } : {}), ...headers },
        body: new URLSearchParams(fields).toString(),
      });
    const fields = { csrf: csrf!, actor: 'jane.doe', reason: 'from the page', token: TOKEN };
    expect((await post(fields, { cookie, origin, 'sec-fetch-site': 'same-origin' }, false)).status, 'no bearer token').to.equal(401);
    expect((await post(fields, { origin, 'sec-fetch-site': 'same-origin' })).status, 'no session cookie').to.equal(403);
    expect((await post(fields, { cookie, origin: 'http://evil.example', 'sec-fetch-site': 'cross-site' })).status, 'cross-site').to.equal(403);
    expect((await post(fields, { cookie, origin: 'http://evil.example' })).status, 'another origin').to.equal(403);
    expect((await post({ ...fields, csrf: 'forged' }, { cookie, origin, 'sec-fetch-site': 'same-origin' })).status, 'a forged form token').to.equal(403);
    expect((await post({ ...fields, token: 'wrong' }, { cookie, origin, 'sec-fetch-site': 'same-origin' }, false)).status, 'a wrong token and no bearer').to.equal(401);
    const taken = await post(fields, { cookie, origin: 'null', 'sec-fetch-site': 'same-origin' });
    expect(taken.status, taken.body).to.equal(200);
    expect(taken.body).to.include('sync by jane.doe recorded');
    const records = await waitFor(async () => {
      const all = await harness.auditRecords();
      return all.some((r) => r.outcome === 'sync-requested') ? all : undefined;
    }, { timeoutMs: 20_000, what: 'the sync record' });
    expect(records.find((r) => r.outcome === 'sync-requested')).to.include({ actor: 'jane.doe', via: 'dashboard' });
  });
});
