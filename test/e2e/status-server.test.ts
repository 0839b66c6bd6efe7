import { expect } from 'chai';
import { startStatusServer, type StatusServer } from '../../controller/adapters/http/status-server.js';
import { silentLogger } from '../../controller/adapters/logging/logger.js';
import type { Controller, ControllerStatus } from '../../controller/reconcile/controller.js';
import { startHarness, type Harness } from '../support/controller-harness.js';
import { httpRequest } from '../support/http-request.js';
import { promtool } from '../support/promtool.js';
import { waitFor } from '../support/wait-for.js';

/** The six campaigns of desired-state/, with the team label each carries. */
const SEEDED = {
  'broadband-upsell': 'sales',
  'early-arrears': 'collections',
  'late-stage-recovery': 'collections',
  'solar-leads': 'sales',
  'spring-renewals': 'retention',
  'winback-lapsed': 'retention',
} as const;

/** Prometheus text exposition: the samples of one metric as label maps with their values. */
function samples(text: string, metric: string): Array<{ labels: Record<string, string>; value: number }> {
  const result: Array<{ labels: Record<string, string>; value: number }> = [];
  for (const line of text.split('\n')) {
    const match = new RegExp(`^${metric}(?:\\{(.*)\\})? (\\S+)$`).exec(line);
    if (!match) continue;
    const labels = Object.fromEntries([...(match[1] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1]!, m[2]!]));
    result.push({ labels, value: Number(match[2]) });
  }
  return result;
}

describe('the status server and /metrics of a running controller (emulator + local Git remote)', function () {
  this.timeout(60_000);
  let harness: Harness;
  /** What the running controller reported, once every seeded campaign was reconciled. */
  let reconciled: ControllerStatus;

  before(async () => {
    harness = await startHarness();
    await harness.startController();
    reconciled = await waitFor(
      async () => {
        const status = await harness.status();
        const done = status.ready && status.campaigns.length === Object.keys(SEEDED).length && status.campaigns.every((c) => c.lastReconcileAt !== undefined);
        return done && status.queue.queued === 0 && status.queue.running === 0 ? status : undefined;
      },
      { timeoutMs: 30_000, what: 'the start-up sweep to reconcile every seeded campaign' },
    );
  });
  after(() => harness.close());

  describe('/metrics', () => {
    it('exposes cxone_gitops_campaign_info for every seeded campaign with its team and status', async () => {
      const response = await httpRequest<string>(`${harness.url()}/metrics`);
      expect(response.status).to.equal(200);
      expect(response.headers['content-type']).to.match(/^text\/plain/);
      const info = samples(response.text, 'cxone_gitops_campaign_info');
      expect(info.map((s) => s.labels.campaign).sort()).to.deep.equal(Object.keys(SEEDED));
      for (const sample of info) {
        const state = reconciled.campaigns.find((c) => c.name === sample.labels.campaign)!;
        expect(sample.value).to.equal(1);
        expect(sample.labels).to.deep.include({ team: SEEDED[sample.labels.campaign as keyof typeof SEEDED], campaign_id: state.campaignId, status: state.status });
      }
    });

    it('counts the CXone API requests of the start-up sweep in cxone_gitops_api_requests_total by route, method and code', async () => {
      const text = (await httpRequest<string>(`${harness.url()}/metrics`)).text;
      const requests = samples(text, 'cxone_gitops_api_requests_total');
      const count = (route: string, method: string) =>
        requests.filter((s) => s.labels.route === route && s.labels.method === method && s.labels.code === '200').reduce((sum, s) => sum + s.value, 0);
      expect(count('/api/v2/oauth/token', 'POST'), 'the token request').to.be.at.least(1);
      expect(count('/api/v2/outbound/campaigns', 'GET'), 'the sweep lists the campaigns').to.be.at.least(1);
      // The emulator saw exactly what the metric counts (nothing else talks to it in this test).
      const seen = harness.emulator.context.requests.query({ method: 'GET', pathPrefix: '/api/v2/outbound/campaigns' }).filter((r) => r.path === '/api/v2/outbound/campaigns' && r.status === 200);
      expect(count('/api/v2/outbound/campaigns', 'GET')).to.equal(seen.length);
      expect(samples(text, 'cxone_gitops_api_circuit_state').find((s) => s.labels.state === 'closed')?.value).to.equal(1);
      expect(samples(text, 'cxone_gitops_audit_journal_depth')).to.have.length(1);
    });

    it('passes promtool check metrics, and says when a sweep last read the campaigns', async () => {
      const text = (await httpRequest<string>(`${harness.url()}/metrics`)).text;
      const { code, output } = await promtool(['check', 'metrics'], { stdin: text });
      expect(code, output).to.equal(0);
      expect(output.trim(), 'no lint finding at all').to.equal('');
      const [sweep] = samples(text, 'cxone_gitops_last_successful_sweep_timestamp_seconds');
      expect(sweep!.value * 1000).to.equal(Date.parse(reconciled.lastSuccessfulSweepAt!));
    });
  });

  describe('bearer-token authentication (requireAuth)', () => {
    const TOKEN = 'test-token-4f1c2b-0123456789abcdef';
    let server: StatusServer | undefined;
    /** A controller facade serving the running controller's reconciled status. */
    const facade = (): Controller =>
      ({
        ready: () => true,
        readiness: () => ({ ready: true }),
        status: () => reconciled,
        campaign: (name: string) => reconciled.campaigns.find((c) => c.name === name),
        notifyPush: () => undefined,
      }) satisfies Partial<Controller> as Controller;
    const metrics = async () => ({ contentType: 'text/plain; version=0.0.4; charset=utf-8', body: 'cxone_gitops_audit_journal_depth 0\n' });

    afterEach(async () => {
      await server?.close();
      server = undefined;
    });

    it('refuses to start when auth is required and no HTTP_AUTH_TOKEN is configured', async () => {
      let error: unknown;
      try {
        server = await startStatusServer({ controller: facade(), host: '127.0.0.1', port: 0, requireAuth: true, log: silentLogger });
      } catch (caught) {
        error = caught;
      }
      expect(error, 'startStatusServer must refuse').to.be.instanceOf(Error);
      expect((error as Error).message).to.match(/HTTP_AUTH_TOKEN/);
    });

    it('answers /api/* and the dashboard 401 without the token and 200 with it, and leaves /healthz, /readyz and /metrics open', async () => {
      server = await startStatusServer({ controller: facade(), host: '127.0.0.1', port: 0, requireAuth: true, authToken: TOKEN, metrics, log: silentLogger });
      const url = server.url;
      expect(url).to.match(/^http:\/\/127\.0\.0\.1:\d+$/);
      const bearer = { authorization: `Bearer ${TOKEN}` };

      for (const path of ['/api/status', '/api/campaigns/spring-renewals', '/']) {
        const missing = await httpRequest(`${url}${path}`);
        expect(missing.status, `${path} without a token`).to.equal(401);
        expect(missing.headers['www-authenticate'], `${path} challenge`).to.equal('Bearer');
        const wrong = await httpRequest(`${url}${path}`, { headers: { authorization: `Bearer ${TOKEN.slice(0, -1)}x` } });
        expect(wrong.status, `${path} with a wrong token`).to.equal(401);
        const shorter = await httpRequest(`${url}${path}`, { headers: { authorization: 'Bearer x' } });
        expect(shorter.status, `${path} with a token of another length`).to.equal(401);
        expect((await httpRequest(`${url}${path}`, { headers: bearer })).status, `${path} with the token`).to.equal(200);
      }
      const status = await httpRequest<ControllerStatus>(`${url}/api/status`, { headers: bearer });
      expect(status.body.campaigns.map((c) => c.name)).to.deep.equal(Object.keys(SEEDED));
      const dashboard = await httpRequest<string>(`${url}/`, { headers: bearer });
      expect(dashboard.headers['content-type']).to.match(/^text\/html/);
      expect(dashboard.text).to.include('spring-renewals');

      for (const path of ['/healthz', '/readyz', '/metrics']) {
        expect((await httpRequest(`${url}${path}`)).status, `${path} is open`).to.equal(200);
      }
    });

    it('keeps /api/* and the dashboard open on loopback when auth is not required (the default)', async () => {
      server = await startStatusServer({ controller: facade(), host: '127.0.0.1', port: 0, log: silentLogger });
      expect((await httpRequest(`${server.url}/api/status`)).status).to.equal(200);
      expect((await httpRequest(`${server.url}/`)).status).to.equal(200);
    });
  });
});
