/**
 * I5 (docs/architecture.md, "The safety invariants"): on the same inputs — the desired state, live
 * and the audit branch's history — `plan --format json` names the action the controller takes.
 * A first controller builds the history (applies, a paused verification), is stopped, then Git and
 * live are changed; `plan` runs, and a second controller starts on the very same inputs.
 */
import { expect } from 'chai';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { replaceInFile, startHarness, type Harness } from '../support/controller-harness.js';
import { createGitRunner } from '../../controller/adapters/git/git-runner.js';
import { httpRequest } from '../support/http-request.js';
import { runCli } from '../support/spawn-cli.js';
import { waitFor } from '../support/wait-for.js';

const SCENARIOS = [
  { scenario: 'fresh: no status on the audit branch, changed outside Git (sync.policy observe)', name: 'early-arrears', action: 'observe' },
  { scenario: 'adopted by the controller, untouched since', name: 'late-stage-recovery', action: 'none' },
  { scenario: 'applied and verified, untouched since', name: 'broadband-upsell', action: 'none' },
  { scenario: 'applied, then changed outside Git (drifted)', name: 'spring-renewals', action: 'heal' },
  { scenario: 'applied, then edited by a supervisor while Git changed too', name: 'solar-leads', action: 'update' },
  { scenario: 'held: its apply was paused (or blocked by the gate): needs a human', name: 'winback-lapsed', action: 'held' },
] as const;
const IDS: Record<string, string> = {
  'early-arrears': '0e9d8c7b-6a5f-4e3d-8c2b-1a0f9e8d7c6b',
  'spring-renewals': 'a1b2c3d4-e5f6-7890-abcd-ef1234567890',
  'solar-leads': '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d',
};

interface PlanJson {
  history: { source: string; message: string } | null;
  campaigns: Array<{ name: string; action: string }>;
}

describe('plan and the controller decide alike (I5)', function () {
  this.timeout(180_000);
  let harness: Harness;
  let scratch: string;

  before(async () => {
    harness = await startHarness();
    scratch = await mkdtemp(path.join(os.tmpdir(), 'cxone-plan-i5-'));
  });
  after(async () => {
    await harness.close();
    await rm(scratch, { recursive: true, force: true });
  });

  const status = async (name: string) => (await harness.status()).campaigns.find((campaign) => campaign.name === name);
  const supervisorEdit = (name: string, weights: Record<string, number>) =>
    httpRequest(`${harness.emulator.url}/emulator/campaigns/${IDS[name]}`, { method: 'PATCH', body: { predictiveDialerSettings: { parameterWeights: weights }, modifiedBy: 'ui:jane.doe' } });
  const setFaults = (faults: Record<string, number>) => httpRequest(`${harness.emulator.url}/emulator/faults`, { method: 'POST', body: faults });

  async function plan(dir: string, env: Record<string, string>): Promise<PlanJson> {
    const run = await runCli(['plan', dir, '--format', 'json'], { env: { PATH: process.env.PATH ?? '', ...env, LOG_LEVEL: 'silent' } });
    expect(run.code, run.stderr).to.be.oneOf([0, 2]);
    return JSON.parse(run.stdout) as PlanJson;
  }

  it('gives the same action for fresh, adopted, applied, drifted, supervisor-edited and held campaigns', async () => {
    // The history: applies of broadband-upsell, spring-renewals and solar-leads, verified; a hold on
    // winback-lapsed (its simulation fails, so its verification ends inconclusive: Paused).
    await harness.startController();
    await waitFor(async () => (await harness.status()).ready, { what: 'the first controller to be ready' });
    await harness.push('apply three campaigns', async (work) => {
      await replaceInFile(path.join(work, 'retention/spring-renewals.yaml'), 'answer_rate: 0.12', 'answer_rate: 0.14');
      await replaceInFile(path.join(work, 'sales/solar-leads.yaml'), 'answer_rate: 0.10', 'answer_rate: 0.13');
      await replaceInFile(path.join(work, 'sales/broadband-upsell.yaml'), 'answer_rate: 0.20', 'answer_rate: 0.22');
    });
    const applied = ['spring-renewals', 'solar-leads', 'broadband-upsell'];
    for (const name of applied) await waitFor(async () => (await status(name))?.statusReason === 'Applied', { timeoutMs: 40_000, what: `${name} applied and verified` });
    await setFaults({ simulationFailureRate: 1 });
    await harness.push('apply winback-lapsed', (work) => replaceInFile(path.join(work, 'retention/winback-lapsed.yaml'), 'answer_rate: 0.30', 'answer_rate: 0.28'));
    await waitFor(async () => (await status('winback-lapsed'))?.hold !== undefined, { timeoutMs: 40_000, what: 'winback-lapsed held' });
    await setFaults({ simulationFailureRate: 0 });
    await harness.stopController();

    // While no controller runs: a supervisor edits three campaigns, and Git changes solar-leads.
    // (early-arrears is observe-only: neither heals it.)
    await supervisorEdit('early-arrears', { call_rate: 0.05 });
    await supervisorEdit('spring-renewals', { call_rate: -0.05 });
    await supervisorEdit('solar-leads', { call_rate: 0.02 });
    await harness.push('solar-leads again', (work) => replaceInFile(path.join(work, 'sales/solar-leads.yaml'), 'answer_rate: 0.13', 'answer_rate: 0.16'));

    const checkout = path.join(scratch, 'checkout');
    await createGitRunner({ baseDir: scratch }).run(['clone', '--quiet', '--branch', 'main', harness.remote, checkout]);
    const withUrl = await plan(checkout, harness.env);
    expect(withUrl.history?.source, withUrl.history?.message).to.equal('audit-branch');
    // Without GITOPS_REPO_URL the checkout's origin is read; outside a checkout, plan says it has no history.
    const { GITOPS_REPO_URL: _url, ...withoutUrl } = harness.env;
    expect((await plan(checkout, withoutUrl)).history?.source).to.equal('audit-branch');
    const bare = path.join(scratch, 'no-git');
    await cp(checkout, bare, { recursive: true, filter: (source) => !source.split(path.sep).includes('.git') });
    const blind = await plan(bare, withoutUrl);
    expect(blind.history?.source).to.equal('none');
    expect(blind.history?.message).to.match(/GITOPS_REPO_URL is not set .* planned without the last applied state/);

    const started = Date.now();
    await harness.startController();
    const rows: string[] = [];
    for (const { scenario, name, action } of SCENARIOS) {
      const decided = await waitFor(async () => {
        const state = await status(name);
        return state?.lastReconcileAt && Date.parse(state.lastReconcileAt) >= started && state.status !== 'Verifying' ? state : undefined;
      }, { timeoutMs: 60_000, what: `${name} reconciled by the second controller` });
      const planned = withUrl.campaigns.find((campaign) => campaign.name === name)?.action;
      rows.push(`${scenario}: plan ${String(planned)}, controller ${String(decided.lastDecision)}`);
      expect(planned, `${scenario} (${name}): plan --format json (${String(withUrl.history?.message)})`).to.equal(action);
      expect(decided.lastDecision, `${scenario} (${name}): the controller (${decided.reason})`).to.equal(action);
    }
    // What the controller did matches the action's name: a heal or an update was written as such.
    const writes = SCENARIOS.filter((row) => row.action === 'heal' || row.action === 'update');
    const records = await waitFor(async () => {
      const all = await harness.auditRecords();
      return all.filter((record) => record.outcome === 'applied' && Date.parse(String(record.time)) >= started).length >= writes.length ? all : undefined;
    }, { timeoutMs: 30_000, what: 'the second controller\'s applies on the audit branch' });
    for (const { name, action } of writes) {
      const applied = records.filter((record) => record.campaign === name && record.outcome === 'applied' && Date.parse(String(record.time)) >= started);
      expect(applied.map((record) => record.kind), `${name}'s write`).to.deep.equal([action]);
    }
    console.log(`      ${rows.join('\n      ')}`);
  });
});
