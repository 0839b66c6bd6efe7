/**
 * The demo's printed steps work on every run (README, "Quick start"): run as printed, by a shell
 * with no Git identity, on a first start and again on a second start that reuses `.demo/`.
 */
import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { AUDIT_BRANCH, demoSteps } from '../../../emulator/commands/demo-steps.js';
import { resetDemoState } from '../../../emulator/commands/reset-demo-state.js';
import { REPO_ROOT } from '../../support/spawn-cli.js';

const run = promisify(execFile);

/** The three shell lines of "Make a change the GitOps way", exactly as the demo prints them. */
function changeSteps(printed: string): string[] {
  const lines = printed.split('\n');
  const start = lines.indexOf('Make a change the GitOps way:');
  return lines.slice(start + 1, start + 4).map((line) => line.trim());
}

describe('the demo on a reused .demo/ (a second npm start)', function () {
  this.timeout(60_000);
  let root: string;
  // No Git identity and no global configuration, as in a fresh container.
  const env = (): NodeJS.ProcessEnv => ({ PATH: process.env.PATH ?? '', HOME: path.join(root, 'no-home'), TMPDIR: path.join(root, 'tmp'), GIT_CONFIG_NOSYSTEM: '1' });
  const git = async (...args: string[]): Promise<string> => (await run('git', args, { env: env() })).stdout.trim();
  const followSteps = async (printed: string): Promise<string> => (await run('sh', ['-c', `set -e; ${changeSteps(printed).join(' && ')} && grep answer_rate retention/spring-renewals.yaml`], { env: env() })).stdout;
  const stepsFor = (state: { remote: string; created: boolean }): string =>
    demoSteps({ emulatorUrl: 'https://127.0.0.1:1', remote: state.remote, dashboardUrl: 'http://127.0.0.1:2', campaigns: 6, created: state.created, dir: '.demo' });

  beforeEach(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'cxone-demo-rerun-'));
    await mkdir(path.join(root, 'tmp'));
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  it('seeds the remote on the first start, and on the second keeps its commits, drops its audit branch and the data directory, and the printed steps change the file and push again', async () => {
    const first = await resetDemoState(root, path.join(REPO_ROOT, 'desired-state'));
    expect(first.created, 'the first start seeds the remote').to.equal(true);
    expect(await followSteps(stepsFor(first)), 'the first run\'s sed changes the weight').to.contain('answer_rate: 0.15');
    // What a first run leaves behind: an audit branch on the remote and the controller's data.
    const head = await git('--git-dir', first.remote, 'rev-parse', 'main');
    await git('--git-dir', first.remote, 'update-ref', `refs/heads/${AUDIT_BRANCH}`, head);
    await mkdir(first.dataDir, { recursive: true });
    await writeFile(path.join(first.dataDir, 'left-over'), 'x');

    const second = await resetDemoState(root, path.join(REPO_ROOT, 'desired-state'));
    expect(second.created, 'the second start reuses the remote').to.equal(false);
    expect(stepsFor(second)).to.contain('reused; the audit branch starts afresh');
    expect(await git('--git-dir', second.remote, 'rev-parse', 'main'), 'the first run\'s commit is kept').to.equal(head);
    expect(await git('--git-dir', second.remote, 'branch', '--list', AUDIT_BRANCH), 'the audit branch is gone').to.equal('');
    expect(existsSync(second.dataDir), 'the data directory starts afresh').to.equal(false);

    expect(await followSteps(stepsFor(second)), 'the second run\'s sed toggles the weight back, so the commit is not empty').to.contain('answer_rate: 0.12');
    expect(await git('--git-dir', second.remote, 'log', '--format=%an|%s', '-1', 'main')).to.equal('Demo User|Change the answer-rate weight of spring renewals');
    expect(await git('--git-dir', second.remote, 'rev-list', '--count', 'main'), 'seed + two changes').to.equal('3');
  });
});
