import { expect } from 'chai';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT, runCli } from '../support/spawn-cli.js';

describe('cxone-gitops simulate FILE on an OutboundSkill (pc-v1)', function () {
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
});
