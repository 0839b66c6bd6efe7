import { expect } from 'chai';
import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadDesiredState } from '../../controller/adapters/fs/load-desired-state.js';
import { liveCampaignFor } from '../../emulator/desired-state-campaigns.js';
import { DEFAULT_CLIENT, startEmulator, type RunningEmulator } from '../../emulator/emulator-server.js';
import { httpRequest } from '../support/http-request.js';
import { REPO_ROOT, runCli } from '../support/spawn-cli.js';

describe('cxone-gitops adopt (as a user runs it)', function () {
  this.timeout(30_000);
  let tmp: string;
  let emulator: RunningEmulator;

  beforeEach(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'cxone-adopt-'));
    await cp(path.join(REPO_ROOT, 'desired-state'), path.join(tmp, 'desired-state'), { recursive: true });
    const { validation } = await loadDesiredState(path.join(REPO_ROOT, 'desired-state'));
    emulator = await startEmulator({ rateLimitPerMinute: 0, campaigns: validation.campaigns.map((campaign) => liveCampaignFor(campaign)) });
  });
  afterEach(async () => {
    await emulator.close();
    await rm(tmp, { recursive: true, force: true });
  });

  const env = () => ({ PATH: process.env.PATH, CXONE_DOMAIN: emulator.url, CXONE_CLIENT_ID: DEFAULT_CLIENT.clientId, CXONE_CLIENT_SECRET: DEFAULT_CLIENT.clientSecret });
  const edit = (weights: Record<string, number>) =>
    httpRequest(`${emulator.url}/emulator/campaigns/a1b2c3d4-e5f6-7890-abcd-ef1234567890`, { method: 'PATCH', body: { predictiveDialerSettings: { parameterWeights: weights }, modifiedBy: 'ui:jane.doe' } });

  it('writes the live value into the file, keeping its comments, after which plan is in sync', async () => {
    await edit({ predictive_factor: 0.05 });
    const run = await runCli(['adopt', 'spring-renewals', 'desired-state'], { cwd: tmp, env: env() });
    expect(run.code, run.stderr).to.equal(0);
    expect(run.stdout).to.include('spec.parameterWeights.predictive_factor: -0.1 → 0.05').and.include('changed by ui:jane.doe').and.include('git checkout -b adopt-spring-renewals');
    const text = await readFile(path.join(tmp, 'desired-state/retention/spring-renewals.yaml'), 'utf8');
    expect(text).to.include('predictive_factor: 0.05').and.include('# Spring renewals');
    const plan = await runCli(['plan', 'desired-state'], { cwd: tmp, env: env() });
    expect(plan.stdout).to.match(/= spring-renewals \(live v2\)\s+Synced/);
  });

  it('refuses live settings that would make the file invalid, unless forced', async () => {
    await edit({ predictive_factor: 0.3 });
    const refused = await runCli(['adopt', 'spring-renewals', 'desired-state'], { cwd: tmp, env: env() });
    expect(refused.code).to.equal(1);
    expect(refused.stderr).to.match(/predictive_factor is 0.3, above maxDeviationLimit 0.2/).and.match(/nothing written/);
    expect(await readFile(path.join(tmp, 'desired-state/retention/spring-renewals.yaml'), 'utf8')).to.include('predictive_factor: -0.10');
    const forced = await runCli(['adopt', 'spring-renewals', 'desired-state', '--force'], { cwd: tmp, env: env() });
    expect(forced.code).to.equal(0);
  });

  it('names an unknown campaign', async () => {
    const run = await runCli(['adopt', 'nope', 'desired-state'], { cwd: tmp, env: env() });
    expect(run.code).to.equal(1);
    expect(run.stderr).to.match(/no valid campaign named nope/);
  });
});
