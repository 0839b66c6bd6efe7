/**
 * `cxone-gitops apply DIR` with CXONE_DIALECT=cxone over HTTPS when CXone refuses or races: a bad
 * access key (a clear message naming the variables, nothing written, no secret in the output), an
 * access token that expires in the middle of the apply (refreshed, applied), a file naming a skill
 * CXone does not have (its file and line; the other skill still applied), and a supervisor's edit
 * between our PUT and its read-back (a recorded conflict that re-plans, then the change holds).
 * The happy paths of the same command are `apply-skill-command.test.ts`.
 */
import { expect } from 'chai';
import path from 'node:path';
import { installLiveTraffic } from '../../../emulator/cxone/install-live-traffic.js';
import { git } from '../../support/controller-harness.js';
import { expireTokensAfterFirst } from '../../support/cxone-cli-fixture.js';
import { outboundSkillFile, startCxoneRunHarness, type CxoneRunHarness } from '../../support/cxone-run-harness.js';
import { runCli } from '../../support/spawn-cli.js';
import type { CxoneEmulatorOptions } from '../../../emulator/cxone/cxone-emulator-server.js';

const NAME = 'renewals-outbound';
const TRUE_PROFILE = { agents: 40, answerProbability: 0.7, machineProbability: 0.05 };
const WRONG_KEY_SECRET = 'not-the-access-key-secret-a41d3';
const skillFile = (name: string, skillId: number) =>
  outboundSkillFile({ name, skillId, generalSettings: '{ maximumRatio: 1, abandonRateThreshold: 2.5 }', profile: '{ agents: 40 }', analysis: '{ window: 2s, interval: 1s, minLiveAnswers: 200, maxWindow: 20s }' });

describe('cxone-gitops apply on OutboundSkill files when CXone refuses keys, expires tokens, lacks a skill or races (over HTTPS)', function () {
  this.timeout(120_000);
  let harness: CxoneRunHarness | undefined;

  const live = () => harness!.emulator.context.store.get(11)!.groups.generalSettings!;
  const puts = () => harness!.emulator.context.requests.query({ method: 'PUT', limit: 1_000_000 });
  const records = async (outcome: string) => (await harness!.auditRecords()).filter((record) => record.campaign === NAME && record.outcome === outcome);
  /** A checkout of the remote and `apply` on it, recording on the remote's audit branch. */
  const apply = async (extra: NodeJS.ProcessEnv = {}) => {
    const work = path.join(harness!.dir, `checkout-${Date.now()}`);
    await git(harness!.dir, 'clone', '--quiet', '--branch', 'main', harness!.remote, work);
    return runCli(['apply', work], { cwd: harness!.dir, env: { ...harness!.env, HOME: process.env.HOME ?? harness!.dir, ...extra } });
  };
  const start = async (files: Record<string, string>, emulator: Partial<CxoneEmulatorOptions> = {}) => {
    harness = await startCxoneRunHarness({
      files,
      emulator: { timeScale: 1800, skills: [{ skillId: 11, skillName: 'renewals', isRunning: true, generalSettings: { maximumRatio: 2, abandonRateThreshold: 2, maxWaitTimeSeconds: 77 }, trueProfile: TRUE_PROFILE }], ...emulator },
    });
  };
  afterEach(async () => {
    await harness?.close();
    harness = undefined;
  });

  it('with a bad access key exits 1 naming CXONE_ACCESS_KEY_ID and CXONE_ACCESS_KEY_SECRET, writes nothing and prints no secret', async () => {
    await start({ 'renewals.yaml': skillFile(NAME, 11) });
    const run = await apply({ CXONE_ACCESS_KEY_SECRET: WRONG_KEY_SECRET });
    expect(run.code).to.equal(1);
    expect(run.stderr).to.include('authentication failed (invalid_grant: Invalid access key id or access key secret)');
    expect(run.stderr).to.include('check CXONE_ACCESS_KEY_ID and CXONE_ACCESS_KEY_SECRET');
    expect(puts(), 'nothing written').to.deep.equal([]);
    const printed = run.stdout + run.stderr;
    for (const secret of [WRONG_KEY_SECRET, harness!.env.CXONE_CLIENT_SECRET!, harness!.env.CXONE_ACCESS_KEY_SECRET!]) expect(printed).to.not.include(secret);
  });

  it('refreshes an access token that expires between its listing of the skills and its write, and applies', async () => {
    await start({ 'renewals.yaml': skillFile(NAME, 11) }, { traffic: expireTokensAfterFirst('/skills/parameters', (app, ctx) => installLiveTraffic(app, ctx).stop) });
    const run = await apply();
    expect(run.code, run.stderr).to.equal(0);
    expect(live()).to.include({ maximumRatio: 1, abandonRateThreshold: 2.5, maxWaitTimeSeconds: 77 });
    expect(harness!.emulator.context.requests.query({ limit: 1_000_000 }).filter((entry) => entry.status === 401), 'the expired token refused once').to.have.length(1);
    expect(harness!.emulator.context.keys.granted).to.deep.equal({ password: 1, refresh_token: 1 });
    for (const token of harness!.emulator.context.keys.issuedTokens()) expect(run.stdout + run.stderr).to.not.include(token);
  });

  it('names the file and line of a skill CXone does not have, exits 1, and still applies the other skill', async () => {
    await start({ 'renewals.yaml': skillFile(NAME, 11), 'ghost.yaml': skillFile('ghost-outbound', 99) });
    const run = await apply();
    expect(run.code).to.equal(1);
    expect(run.stderr).to.match(/^ghost-outbound: Failed: CXone has no skill 99: check metadata\.skillId in \S+\/ghost\.yaml:5:12$/m);
    expect(run.stderr).to.match(new RegExp(`^${NAME}: Synced: applied`, 'm'));
    expect(live()).to.include({ maximumRatio: 1, abandonRateThreshold: 2.5 });
    expect(puts().filter((entry) => entry.path.includes('/skills/99/'))).to.deep.equal([]);
  });

  it('re-plans when a supervisor edit lands between its PUT and the read-back, records the conflict, and applies', async () => {
    await start({ 'renewals.yaml': skillFile(NAME, 11) });
    await harness!.admin('/emulator/skills/11/edit-after-next-put', { generalSettings: { abandonRateThreshold: 1.9 } });
    const run = await apply();
    expect(run.code, run.stderr).to.equal(0);
    expect(live()).to.include({ maximumRatio: 1, abandonRateThreshold: 2.5, maxWaitTimeSeconds: 77 });
    expect(puts(), 'the raced PUT and the re-planned one').to.have.length(2);
    const conflicts = await records('write-conflict');
    expect(conflicts).to.have.length(1);
    expect(conflicts[0]!.reason).to.include('skill 11: generalSettings changed right after our PUT (abandonRateThreshold)');
    expect(await records('applied'), 'one apply: the PUT that held').to.have.length(1);
    expect(await records('verified')).to.have.length(1);
  });
});
