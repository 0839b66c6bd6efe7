import { expect } from 'chai';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { PlanJson } from '../../controller/report/plan-report.js';
import { loadDesiredStateCampaigns, liveCampaignFor } from '../../emulator/desired-state-campaigns.js';
import { DEFAULT_CLIENT, startEmulator, type RunningEmulator } from '../../emulator/emulator-server.js';
import { generateCampaigns } from '../../emulator/generated-campaigns.js';
import { createSelfSignedCertificate } from '../../emulator/tls-certificate.js';
import { httpRequest } from '../support/http-request.js';
import { REPO_ROOT, runCli } from '../support/spawn-cli.js';
import { loadDesiredState } from '../../controller/adapters/fs/load-desired-state.js';

describe('cxone-gitops plan and simulate (as a user runs them)', function () {
  this.timeout(60_000);
  let tmp: string;
  let emulator: RunningEmulator;
  let inSyncCampaigns: unknown[];

  const envFor = (url: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({
    PATH: process.env.PATH,
    CXONE_DOMAIN: url,
    CXONE_CLIENT_ID: DEFAULT_CLIENT.clientId,
    CXONE_CLIENT_SECRET: DEFAULT_CLIENT.clientSecret,
    ...extra,
  });
  const plan = (args: string[], env: NodeJS.ProcessEnv = envFor(emulator.url)) => runCli(['plan', ...args], { env, cwd: tmp });
  const planJson = async (args: string[] = []) => {
    const run = await plan(['desired-state', '--format', 'json', ...args]);
    return { ...run, json: JSON.parse(run.stdout) as PlanJson };
  };
  const edit = (id: string, weights: Record<string, number>) =>
    httpRequest(`${emulator.url}/emulator/campaigns/${id}`, { method: 'PATCH', body: { predictiveDialerSettings: { parameterWeights: weights }, modifiedBy: 'ui:jane.doe' } });

  before(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'cxone-plan-'));
    await cp(path.join(REPO_ROOT, 'desired-state'), path.join(tmp, 'desired-state'), { recursive: true });
    const { validation } = await loadDesiredState(path.join(REPO_ROOT, 'desired-state'));
    inSyncCampaigns = validation.campaigns.map((campaign) => liveCampaignFor(campaign));
  });
  after(() => rm(tmp, { recursive: true, force: true }));
  beforeEach(async () => {
    emulator = await startEmulator({ rateLimitPerMinute: 0, campaigns: inSyncCampaigns });
  });
  afterEach(() => emulator.close());

  it('exits 0 and reports every campaign in sync when live matches Git', async () => {
    const run = await plan(['desired-state']);
    expect(run.code, run.stderr).to.equal(0);
    expect(run.stdout).to.match(/= spring-renewals \(live v1\)\s+Synced/);
    expect(run.stdout).to.include('Plan: 0 to apply');
    expect(run.stdout, 'plain text when not on a TTY').to.not.include('\u001b[');
  });

  it('exits 2 with a field diff, bound to the live version, after an out-of-band edit', async () => {
    await edit('a1b2c3d4-e5f6-7890-abcd-ef1234567890', { predictive_factor: 0.05 });
    const { code, json } = await planJson();
    expect(code).to.equal(2);
    const spring = json.campaigns.find((c) => c.name === 'spring-renewals')!;
    expect(spring).to.deep.include({ action: 'heal', status: 'Drifted', liveVersion: 2, drifted: true });
    expect(spring.changes).to.deep.equal([{ field: 'parameterWeights.predictive_factor', before: 0.05, after: -0.1 }]);
    expect(spring.lastModified!.by).to.equal('ui:jane.doe');
    expect(json.summary).to.include({ toApply: 1, inSync: 5 });
    expect(json.formatVersion).to.equal(1);
  });

  it('renders markdown for a pull-request comment and writes --out', async () => {
    await edit('a1b2c3d4-e5f6-7890-abcd-ef1234567890', { predictive_factor: 0.05 });
    const out = path.join(tmp, 'plan.md');
    const run = await plan(['desired-state', '--format', 'markdown', '--out', out]);
    expect(run.code).to.equal(2);
    expect(run.stdout).to.equal('');
    const markdown = await readFile(out, 'utf8');
    expect(markdown.split('\n')[0]).to.equal('<!-- cxone-gitops-plan -->');
    expect(markdown).to.match(/\| 🩹 \| `spring-renewals` \| Drifted \| 2 \| 1 \|/);
    expect(markdown).to.include('<details><summary>');
    expect(markdown).to.include('| `parameterWeights.predictive_factor` | 0.05 | -0.1 |');
  });

  it('adds the simulated abandon bound before → after with --simulate, flagging a proposal over the limit', async () => {
    const file = path.join(tmp, 'desired-state/retention/spring-renewals.yaml');
    const original = await readFile(file, 'utf8');
    try {
      await writeFile(file, original.replace('predictive_factor: -0.10', 'predictive_factor: 0.20'));
      const { code, json } = await planJson(['--simulate']);
      expect(code).to.equal(2);
      const simulation = json.campaigns.find((c) => c.name === 'spring-renewals')!.simulation!;
      expect(simulation.limit).to.equal(0.03);
      expect(simulation.after.abandonRateUpper95).to.be.above(simulation.before.abandonRateUpper95);
      expect(simulation.breaksLimit).to.equal(simulation.after.abandonRateUpper95 > 0.03);
      expect(json.campaigns.find((c) => c.name === 'early-arrears')!.simulation, 'in-sync campaigns are not simulated').to.equal(null);
    } finally {
      await writeFile(file, original);
    }
  });

  it('simulates many changed campaigns at once with the same predictions whatever SIMULATION_WORKERS is', async () => {
    // Every campaign edited live, so every one is changed and simulated before → after.
    for (const campaign of inSyncCampaigns as Array<{ id: string }>) await edit(campaign.id, { predictive_factor: 0.01 });
    const simulations = async (workers: string) => {
      const run = await plan(['desired-state', '--format', 'json', '--simulate'], envFor(emulator.url, { SIMULATION_WORKERS: workers }));
      expect(run.code, run.stderr).to.equal(2);
      const json = JSON.parse(run.stdout) as PlanJson;
      return json.campaigns.map((campaign) => [campaign.name, campaign.simulation]);
    };
    const single = await simulations('1');
    expect(single.filter(([, simulation]) => simulation !== null)).to.have.length(inSyncCampaigns.length);
    expect(await simulations('2')).to.deep.equal(single);
    expect(await simulations('3')).to.deep.equal(single);
  });

  it('exits 1 for an invalid file while still planning the others', async () => {
    const bad = path.join(tmp, 'desired-state/sales/tutorial.yaml');
    await writeFile(bad, (await readFile(path.join(tmp, 'desired-state/sales/solar-leads.yaml'), 'utf8')).replace('name: solar-leads', 'name: tutorial').replace('9a8b7c6d-5e4f', '1a8b7c6d-5e4f').replace('answer_rate: 0.10', 'answer_rate: 0.25'));
    try {
      const { code, json } = await planJson();
      expect(code).to.equal(1);
      expect(json.summary.invalidFiles).to.equal(1);
      expect(json.campaigns).to.have.length(6);
      expect(json.diagnostics[0]).to.include({ path: 'desired-state/sales/tutorial.yaml', severity: 'error' });
      expect(json.diagnostics[0]!.message).to.match(/answer_rate is 0.25, above maxDeviationLimit 0.2/);
    } finally {
      await rm(bad);
    }
  });

  it('exits 1 naming every missing setting, and on an API failure without leaking the secret', async () => {
    const missing = await plan(['desired-state'], { PATH: process.env.PATH });
    expect(missing.code).to.equal(1);
    expect(missing.stderr).to.include('CXONE_DOMAIN').and.include('CXONE_CLIENT_ID').and.include('CXONE_CLIENT_SECRET');
    const wrong = await plan(['desired-state'], envFor(emulator.url, { CXONE_CLIENT_SECRET: 'definitely-wrong-secret' }));
    expect(wrong.code).to.equal(1);
    expect(wrong.stderr).to.match(/authentication failed.*CXONE_CLIENT_SECRET/);
    expect(wrong.stdout + wrong.stderr).to.not.include('definitely-wrong-secret');
  });

  it('follows paging: one list request per page, not one GET per campaign', async () => {
    const before = emulator.context.requests.lastSeq;
    await plan(['desired-state']);
    const calls = emulator.context.requests.query({ since: before });
    expect(calls.map((c) => `${c.method} ${c.path}`)).to.deep.equal(['POST /api/v2/oauth/token', 'GET /api/v2/outbound/campaigns']);
  });

  it('keeps working when the token expires during a plan: refreshes once after the 401', async () => {
    // Two pages, each answered after 700 ms, with tokens that live 1 s: the second page meets an expired token.
    for (const campaign of generateCampaigns(1200, 5)) emulator.context.store.upsert(campaign);
    await httpRequest(`${emulator.url}/emulator/faults`, { method: 'POST', body: { tokenTtlSeconds: 1, latencyMs: 700 } });
    const before = emulator.context.requests.lastSeq;
    const run = await plan(['desired-state', '--format', 'json']);
    expect(run.code, run.stderr).to.equal(0);
    const calls = emulator.context.requests.query({ since: before });
    expect(calls.filter((c) => c.status === 401), 'the expired token was refused once').to.have.length(1);
    expect(calls.filter((c) => c.path === '/api/v2/oauth/token')).to.have.length(2);
    expect(calls.filter((c) => c.path === '/api/v2/outbound/campaigns' && c.status === 200)).to.have.length(2);
  });

  it('binds the plan to the live version: a change after the plan makes its apply fail with 409', async () => {
    await edit('a1b2c3d4-e5f6-7890-abcd-ef1234567890', { predictive_factor: 0.05 });
    const { json } = await planJson();
    const spring = json.campaigns.find((c) => c.name === 'spring-renewals')!;
    await edit('a1b2c3d4-e5f6-7890-abcd-ef1234567890', { predictive_factor: 0.07 }); // someone else, after the plan
    const again = await planJson();
    expect(again.json.campaigns.find((c) => c.name === 'spring-renewals')!.liveVersion).to.equal(spring.liveVersion! + 1);
    const token = await httpRequest<{ access_token: string }>(`${emulator.url}/api/v2/oauth/token`, {
      method: 'POST',
      body: { grant_type: 'client_credentials', client_id: DEFAULT_CLIENT.clientId, client_secret: DEFAULT_CLIENT.clientSecret },
    });
    const stale = await httpRequest<{ message: string }>(`${emulator.url}/api/v2/outbound/campaigns/${spring.campaignId}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${token.body.access_token}` },
      body: { version: spring.liveVersion, predictiveDialerSettings: { algorithmId: 'CXONE_PREDICTIVE_V3', parameterWeights: { predictive_factor: -0.1 }, validationSplit: 0.8, maxDeviationLimit: 0.2, convergenceThreshold: 0.05 } },
    });
    expect(stale.status).to.equal(409);
  });

  it('plans over HTTPS trusting a private CA through NODE_EXTRA_CA_CERTS', async () => {
    const tls = await createSelfSignedCertificate();
    const ca = path.join(tmp, 'ca.pem');
    await writeFile(ca, tls.cert);
    const secure = await startEmulator({ tls, rateLimitPerMinute: 0, campaigns: (await loadDesiredStateCampaigns(path.join(REPO_ROOT, 'desired-state'), 1)).campaigns });
    try {
      const host = secure.url.replace('https://', '');
      const trusted = await plan(['desired-state'], envFor(host, { NODE_EXTRA_CA_CERTS: ca }));
      expect(trusted.code, trusted.stderr).to.equal(2); // --from seeds drift
      const untrusted = await plan(['desired-state'], envFor(host));
      expect(untrusted.code).to.equal(1);
      expect(untrusted.stderr).to.match(/certificate is not trusted \([A-Z_]+\).*NODE_EXTRA_CA_CERTS/);
    } finally {
      await secure.close();
    }
  });

  it('simulate prints the prediction with its profile, exits 2 over the limit and 1 for an invalid file', async () => {
    const ok = await runCli(['simulate', 'desired-state/retention/spring-renewals.yaml'], { cwd: tmp });
    expect(ok.code).to.equal(0);
    expect(ok.stdout).to.match(/profile: 60 agents/).and.match(/PASS: predicted abandon bound/);
    const over = await runCli(['simulate', 'desired-state/collections/late-stage-recovery.yaml', '--format', 'json'], { cwd: tmp });
    expect(over.code).to.equal(2);
    const result = JSON.parse(over.stdout) as { pass: boolean; summary: { abandonRateUpper95: number; model: string } };
    expect(result.pass).to.equal(false);
    expect(result.summary.model).to.equal('dialer-des/v2');
    expect(result.summary.abandonRateUpper95).to.be.above(0.03);
    const missing = await runCli(['simulate', 'desired-state/nope.yaml'], { cwd: tmp });
    expect(missing.code).to.equal(1);
  });
});
