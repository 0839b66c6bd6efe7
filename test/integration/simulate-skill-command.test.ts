import { expect } from 'chai';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT, runCli } from '../support/spawn-cli.js';

describe('cxone-gitops simulate FILE on an OutboundSkill (pc-v2), and --model', function () {
  this.timeout(60_000);
  let temp: string;

  beforeEach(async () => {
    temp = await mkdtemp(join(tmpdir(), 'cxone-gitops-simulate-skill-'));
    await cp(join(REPO_ROOT, 'desired-state-cxone'), join(temp, 'desired-state-cxone'), { recursive: true });
  });
  afterEach(() => rm(temp, { recursive: true, force: true }));

  it('predicts the example skill with dialer-des/pc-v2 and passes it (exit 0)', async () => {
    const run = await runCli(['simulate', 'desired-state-cxone/retention/renewals-outbound.yaml', '--duration', '1800', '--replications', '4'], { cwd: temp });
    expect(run.code, run.stderr).to.equal(0);
    expect(run.stdout).to.match(/^desired-state-cxone\/retention\/renewals-outbound\.yaml: dialer-des\/pc-v2, 4 replications of 1800 s, seed \d+\n/);
    expect(run.stdout).to.match(/upper 95% bound [\d.]+%, limit 3\.00%/);
    expect(run.stdout).to.include('PASS');
  });

  it('fails (exit 2) an overdialling change on a profile where most dials are answered, and says so in JSON', async () => {
    const path = join(temp, 'desired-state-cxone', 'retention', 'renewals-outbound.yaml');
    const text = (await readFile(path, 'utf8'))
      .replace('maximumRatio: 2 ', 'maximumRatio: 3 ')
      .replace('aggressiveness: conservative', 'aggressiveness: aggressive  ')
      .replace('maxConcurrentCallsPerAgent: 2', 'maxConcurrentCallsPerAgent: 3')
      .replace('beginDampenPercentage: 80', 'beginDampenPercentage: 100')
      .replace('percentageOfAgentsBeforeOverdial: 50', 'percentageOfAgentsBeforeOverdial: 0')
      .replace('profile: { agents: 40 }', 'profile: { agents: 40, answerProbability: 0.8, machineProbability: 0.05 }');
    await writeFile(path, text);
    const run = await runCli(['simulate', 'desired-state-cxone/retention/renewals-outbound.yaml', '--duration', '1800', '--replications', '4', '--format', 'json'], { cwd: temp });
    expect(run.code, run.stdout + run.stderr).to.equal(2);
    const out = JSON.parse(run.stdout) as { skill: string; pass: boolean; summary: { model: string; abandonRateUpper95: number; meanRatio: { mean: number } } };
    expect(out).to.include({ skill: 'renewals-outbound', pass: false });
    expect(out.summary.model).to.equal('dialer-des/pc-v2');
    expect(out.summary.abandonRateUpper95).to.be.above(0.03);
  });

  it('--model reproduces an older model (pc-v1 for a skill, v1 for a campaign) and refuses the other kind of file\'s model (exit 1)', async () => {
    await cp(join(REPO_ROOT, 'desired-state'), join(temp, 'desired-state'), { recursive: true });
    const skill = 'desired-state-cxone/retention/renewals-outbound.yaml';
    const campaign = 'desired-state/retention/spring-renewals.yaml';
    const args = ['--duration', '600', '--replications', '3', '--format', 'json'];
    const old = await runCli(['simulate', skill, ...args, '--model', 'dialer-des/pc-v1'], { cwd: temp });
    expect(old.code, old.stderr).to.equal(0);
    expect((JSON.parse(old.stdout) as { summary: { model: string } }).summary.model).to.equal('dialer-des/pc-v1');
    const v1 = await runCli(['simulate', campaign, ...args, '--model', 'dialer-des/v1'], { cwd: temp });
    expect([0, 2], v1.stderr).to.include(v1.code);
    expect((JSON.parse(v1.stdout) as { summary: { model: string } }).summary.model).to.equal('dialer-des/v1');
    const wrongKind = await runCli(['simulate', campaign, '--model', 'dialer-des/pc-v2'], { cwd: temp });
    expect(wrongKind.code).to.equal(1);
    expect(wrongKind.stderr).to.include(`${campaign}: --model: model must be one of dialer-des/v1, dialer-des/v2 (got "dialer-des/pc-v2": dialer-des/pc-v2 is a model of OutboundSkill files, not of campaigns)`);
    const unknown = await runCli(['simulate', skill, '--model', 'dialer-des/v9'], { cwd: temp });
    expect(unknown.code).to.equal(1);
    expect(unknown.stderr).to.match(/--model.*dialer-des\/v1, dialer-des\/v2, dialer-des\/pc-v1, dialer-des\/pc-v2/);
  });
});
