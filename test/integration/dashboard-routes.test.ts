import { expect } from 'chai';
import { startStatusServer, type StatusServer } from '../../controller/adapters/http/status-server.js';
import { silentLogger } from '../../controller/adapters/logging/logger.js';
import { SecretRegistry } from '../../controller/adapters/logging/secret-registry.js';
import type { AuditRecord } from '../../controller/domain/audit-record.js';
import type { Controller } from '../../controller/reconcile/controller.js';
import { httpRequest } from '../support/http-request.js';
import { appliedRecord, campaignState, controllerStatus } from '../support/dashboard-fixtures.js';

const TOKEN = 'dashboard-token-93c1-0123456789abcdef';

/** A controller facade: two campaigns, and an audit history that can be made to fail. */
function facade(history: (name: string, limit?: number) => Promise<AuditRecord[]>): Controller {
  const status = controllerStatus([campaignState(), campaignState({ name: 'early-arrears', status: 'Drifted', reason: 'changed by secret-value-7', labels: { team: 'collections' } })]);
  return {
    ready: () => true,
    status: () => status,
    campaign: (name: string) => status.campaigns.find((c) => c.name === name),
    notifyPush: () => undefined,
    history,
  } satisfies Partial<Controller> as Controller;
}

describe('the dashboard routes of the status server', () => {
  let server: StatusServer | undefined;
  const calls: Array<{ name: string; limit?: number }> = [];
  const records = [appliedRecord('2026-11-24T10:00:00.000Z', { answer_rate: 0.12 }), appliedRecord('2026-11-24T11:00:00.000Z', { answer_rate: 0.15 }, 'applied', [2, 3])];
  const history = async (name: string, limit?: number) => {
    calls.push({ name, limit });
    return records;
  };

  afterEach(async () => {
    await server?.close();
    server = undefined;
    calls.length = 0;
  });

  it('serves the campaign page and the history API, with the page security headers', async () => {
    const secrets = new SecretRegistry();
    secrets.add('secret-value-7');
    server = await startStatusServer({ controller: facade(history), port: 0, secrets, log: silentLogger });
    const page = await httpRequest<string>(`${server.url}/campaigns/spring-renewals`);
    expect(page.status).to.equal(200);
    expect(page.headers['content-type']).to.match(/^text\/html/);
    expect(page.headers['content-security-policy']).to.match(/^default-src 'none'; script-src 'sha256-/);
    expect(page.text).to.match(/<polyline class="series" data-key="answer_rate"/);
    expect(calls).to.deep.equal([{ name: 'spring-renewals', limit: undefined }]);

    const api = await httpRequest<{ campaign: string; records: AuditRecord[] }>(`${server.url}/api/campaigns/spring-renewals/history?limit=5`);
    expect(api.status).to.equal(200);
    expect(api.body.records.map((r) => r.toVersion)).to.deep.equal([2, 3]);
    expect(calls.at(-1)).to.deep.equal({ name: 'spring-renewals', limit: 5 });
    expect((await httpRequest(`${server.url}/api/campaigns/spring-renewals/history?limit=0`)).status).to.equal(400);
    expect((await httpRequest(`${server.url}/api/campaigns/nope/history`)).status).to.equal(404);

    const dashboard = await httpRequest<string>(`${server.url}/?status=Drifted&team=collections`);
    expect(dashboard.headers['content-security-policy']).to.equal(page.headers['content-security-policy']);
    expect(dashboard.text).to.include('<tr data-status="Synced" data-team="retention" data-campaign="spring-renewals" hidden>');
    expect(dashboard.text).to.include('<tr data-status="Drifted" data-team="collections" data-campaign="early-arrears">');
    expect(dashboard.text, 'secrets are scrubbed').to.not.include('secret-value-7');
  });

  it('names no live version on the campaign page and the index when the dialect names none (namesVersions: false, skills)', async () => {
    server = await startStatusServer({ controller: facade(history), port: 0, namesVersions: false, log: silentLogger });
    for (const url of [`${server.url}/campaigns/spring-renewals`, `${server.url}/`]) {
      const text = (await httpRequest<string>(url)).text;
      expect(text, url).not.to.include('live version');
      expect(text, url).not.to.include('data-label="version"');
    }
    await server.close();
    server = await startStatusServer({ controller: facade(history), port: 0, log: silentLogger });
    expect((await httpRequest<string>(`${server.url}/campaigns/spring-renewals`)).text, 'the tutorial names its versions').to.include('live version');
  });

  it('answers an unknown campaign with a 404 page that escapes the name', async () => {
    server = await startStatusServer({ controller: facade(history), port: 0, log: silentLogger });
    const page = await httpRequest<string>(`${server.url}/campaigns/${encodeURIComponent('<script>x</script>')}`);
    expect(page.status).to.equal(404);
    expect(page.headers['content-type']).to.match(/^text\/html/);
    expect(page.text).to.include('&lt;script&gt;x&lt;/script&gt;');
    expect(page.text).to.not.include('<script>x');
  });

  it('still serves the campaign page when the audit history cannot be read', async () => {
    server = await startStatusServer({ controller: facade(() => Promise.reject(new Error('git fetch failed'))), port: 0, log: silentLogger });
    const page = await httpRequest<string>(`${server.url}/campaigns/early-arrears`);
    expect(page.status).to.equal(200);
    expect(page.text).to.include('The audit history could not be read: git fetch failed.');
  });

  it('requires the bearer token for the campaign page and the history API as for / and /api/*', async () => {
    server = await startStatusServer({ controller: facade(history), port: 0, requireAuth: true, authToken: TOKEN, log: silentLogger });
    for (const path of ['/', '/campaigns/spring-renewals', '/campaigns/nope', '/api/campaigns/spring-renewals/history']) {
      const missing = await httpRequest(`${server.url}${path}`);
      expect(missing.status, `${path} without a token`).to.equal(401);
      expect(missing.headers['www-authenticate']).to.equal('Bearer');
      expect((await httpRequest(`${server.url}${path}`, { headers: { authorization: 'Bearer wrong-token-xxxx' } })).status, `${path} with a wrong token`).to.equal(401);
    }
    expect(calls, 'nothing read before authentication').to.deep.equal([]);
    const bearer = { authorization: `Bearer ${TOKEN}` };
    expect((await httpRequest(`${server.url}/campaigns/spring-renewals`, { headers: bearer })).status).to.equal(200);
    expect((await httpRequest(`${server.url}/api/campaigns/spring-renewals/history`, { headers: bearer })).status).to.equal(200);
  });
});
