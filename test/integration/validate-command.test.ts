import { cp, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { REPO_ROOT, runCli as run } from '../support/spawn-cli.js';

function runCli(args: string[], cwd = REPO_ROOT) {
  return run(args, { cwd });
}

describe('cxone-gitops validate', () => {
  let temp: string;

  beforeEach(async () => {
    temp = await mkdtemp(join(tmpdir(), 'cxone-gitops-validate-'));
  });

  afterEach(async () => {
    await rm(temp, { recursive: true, force: true });
  });

  it('accepts the example desired-state directory with exit code 0', async () => {
    const run = await runCli(['validate', 'desired-state']);
    expect(run).to.deep.equal({ code: 0, stdout: '7 files, 6 campaigns valid, 0 errors\n', stderr: '' });
  });

  it('accepts the OutboundSkill examples of desired-state-cxone/ and counts them as skills', async () => {
    const run = await runCli(['validate', 'desired-state-cxone']);
    expect(run.code).to.equal(0);
    expect(run.stdout).to.contain('4 files, 3 skills valid, 0 errors');
  });

  it('validates the current directory when no directory is given', async () => {
    const run = await runCli(['validate'], join(REPO_ROOT, 'desired-state'));
    expect(run).to.deep.equal({ code: 0, stdout: '7 files, 6 campaigns valid, 0 errors\n', stderr: '' });
  });

  it('exits 1 on a broken file, prints path:line:col: message, and still counts the other campaigns', async () => {
    const copy = join(temp, 'desired-state');
    await cp(join(REPO_ROOT, 'desired-state'), copy, { recursive: true });
    const spring = await readFile(join(copy, 'retention', 'spring-renewals.yaml'), 'utf8');
    const broken = spring.replace('name: spring-renewals', 'name: tutorial').replace('a1b2c3d4-e5f6', 'b1b2c3d4-e5f6').replace('predictive_factor: -0.10', 'predictive_factor: 0.25');
    await writeFile(join(copy, 'retention', 'tutorial.yaml'), broken);
    const run = await runCli(['validate', 'desired-state'], temp);
    expect(run.code).to.equal(1);
    expect(run.stderr).to.equal('');
    expect(run.stdout.split('\n')).to.deep.equal([
      'desired-state/retention/tutorial.yaml:14:24: spec.parameterWeights.predictive_factor is 0.25, above maxDeviationLimit 0.2: lower the weight or raise maxDeviationLimit (at most 0.5)',
      '8 files, 6 campaigns valid, 1 error',
      '',
    ]);
  });

  it('reports files that cannot be read at all, one line each, without a stack trace', async () => {
    await writeFile(join(temp, 'latin1.yaml'), Buffer.from('apiVersion: cxone-gitops/v1\n# Caf\xe9\n', 'latin1'));
    await writeFile(join(temp, 'big.yaml'), Buffer.alloc(1024 * 1024 + 1, 0x23));
    await writeFile(join(temp, 'outside.yaml'), 'kind: ControllerPolicy\n');
    const dir = join(temp, 'repo');
    await cp(join(REPO_ROOT, 'desired-state', 'sales'), dir, { recursive: true });
    await symlink(join(temp, 'outside.yaml'), join(dir, 'escape.yaml'));
    await cp(join(temp, 'latin1.yaml'), join(dir, 'latin1.yaml'));
    await cp(join(temp, 'big.yaml'), join(dir, 'big.yaml'));
    const run = await runCli(['validate', 'repo'], temp);
    expect(run.code).to.equal(1);
    expect(run.stdout.split('\n').map((line) => line.replace(temp, 'TMP'))).to.deep.equal([
      'repo/big.yaml:1:1: the file is 1048577 bytes, over the limit of 1048576 (1 MiB): a campaign file is a few hundred bytes; remove this file from the desired-state directory',
      'repo/escape.yaml:1:1: symbolic link leaves the desired-state directory (it points to TMP/outside.yaml): copy the file into the directory or remove the link',
      'repo/latin1.yaml:2:6: the file is not valid UTF-8 (byte 0xE9 at offset 33): save it as UTF-8',
      '5 files, 2 campaigns valid, 3 errors',
      '',
    ]);
    expect(run.stderr).to.equal('');
  });

  it('exits 1 with one line on stderr when the directory does not exist', async () => {
    const run = await runCli(['validate', 'no-such-dir'], temp);
    expect(run).to.deep.equal({
      code: 1,
      stdout: '',
      stderr: 'cxone-gitops: no-such-dir: no such file or directory: pass the desired-state directory or a file in it\n',
    });
  });

  it('accepts files, as an editor or a pre-commit hook passes them, and prints only their own problems', async () => {
    const copy = join(temp, 'desired-state');
    await cp(join(REPO_ROOT, 'desired-state'), copy, { recursive: true });
    const spring = await readFile(join(copy, 'retention', 'spring-renewals.yaml'), 'utf8');
    await writeFile(join(copy, 'retention', 'spring-renewals.yaml'), spring.replace('predictive_factor: -0.10', 'predictive_factor: 0.25'));
    const clean = await runCli(['validate', 'desired-state/sales/solar-leads.yaml', 'desired-state/cxone-gitops.yaml'], temp);
    expect(clean).to.deep.equal({ code: 0, stdout: '2 files, 2 valid, 0 errors\n', stderr: '' });
    const broken = await runCli(['validate', 'retention/spring-renewals.yaml', 'sales/solar-leads.yaml'], copy);
    expect(broken.code).to.equal(1);
    expect(broken.stdout.split('\n')).to.deep.equal([
      'retention/spring-renewals.yaml:14:24: spec.parameterWeights.predictive_factor is 0.25, above maxDeviationLimit 0.2: lower the weight or raise maxDeviationLimit (at most 0.5)',
      '2 files, 1 valid, 1 error',
      '',
    ]);
  });

  it('checks a file against the rest of its desired-state root: a name taken by another file is an error', async () => {
    const copy = join(temp, 'desired-state');
    await cp(join(REPO_ROOT, 'desired-state'), copy, { recursive: true });
    const spring = await readFile(join(copy, 'retention', 'spring-renewals.yaml'), 'utf8');
    await writeFile(join(copy, 'sales', 'copy.yaml'), spring.replace('a1b2c3d4-e5f6', 'f1b2c3d4-e5f6'));
    const run = await runCli(['validate', 'desired-state/sales/copy.yaml'], temp);
    expect(run.code).to.equal(1);
    expect(run.stdout).to.match(/^desired-state\/sales\/copy\.yaml:\d+:\d+: .*spring-renewals.*\n1 file, 0 valid, 1 error\n$/);
  });

  it('says a file it does not read (not YAML, or under a dot-directory) was not checked', async () => {
    const run = await runCli(['validate', 'README.md']);
    expect(run).to.deep.equal({
      code: 0,
      stdout: 'README.md:1:1: warning: not a desired-state file (only *.yaml and *.yml outside dot-directories are read): not checked\n1 file, 0 valid, 0 errors, 1 warning\n',
      stderr: '',
    });
  });

  it('reports an unclosed quote at the quote, not past the end of the file', async () => {
    await writeFile(join(temp, 'quote.yaml'), (await readFile(join(REPO_ROOT, 'desired-state/retention/spring-renewals.yaml'), 'utf8')).replace('name: spring-renewals', 'name: "spring-renewals'));
    const run = await runCli(['validate', 'quote.yaml'], temp);
    expect(run.code).to.equal(1);
    expect(run.stdout.split('\n')[0]).to.match(/^quote\.yaml:5:9: YAML syntax error: this double quote is never closed/);
  });
});
