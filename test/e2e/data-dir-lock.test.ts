/**
 * Two `cxone-gitops run` processes on one DATA_DIR (issue 10): the second refuses to start naming
 * the holder, a SIGKILLed holder's lock is taken over at the next start, a graceful stop releases it.
 */
import { expect } from 'chai';
import { readdir, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startHarness, type Harness } from '../support/controller-harness.js';
import { spawnCli, type CliProcess } from '../support/spawn-cli.js';
import { waitFor } from '../support/wait-for.js';

describe('one controller per DATA_DIR: two controller processes on one data directory', function () {
  this.timeout(120_000);
  let harness: Harness;
  const children: CliProcess[] = [];
  const lockDir = (): string => path.join(harness.env.DATA_DIR!, 'lock');
  const lockFiles = async (): Promise<string[]> => (await readdir(lockDir())).filter((name) => name.endsWith('.json'));
  const spawnRun = (): CliProcess => {
    // No heartbeat: the lock alone must keep the second one out.
    const child = spawnCli(['run'], { env: { PATH: process.env.PATH ?? '', ...harness.env, GITOPS_HEARTBEAT_SECONDS: '0', LOG_LEVEL: 'info' } });
    children.push(child);
    return child;
  };
  const ready = async (child: CliProcess): Promise<void> => {
    const match = await child.waitForLine(/listening on (http:\/\/\S+?)["\s]/, 30_000);
    await waitFor(async () => (await fetch(`${match[1]!}/readyz`)).status === 200, { timeoutMs: 30_000, what: '/readyz 200' });
  };

  before(async () => {
    harness = await startHarness();
  });
  after(async () => {
    for (const child of children) await child.stop('SIGKILL');
    await harness?.close();
  });

  let first: CliProcess;
  it('refuses a second controller on the same DATA_DIR, naming the holder (host, pid, since), with exit 1', async () => {
    first = spawnRun();
    await ready(first);
    const [file] = await lockFiles();
    const lock = JSON.parse(await readFile(path.join(lockDir(), file!), 'utf8')) as { since: string };

    const second = spawnRun();
    expect(await second.exited).to.equal(1);
    expect(second.stderr()).to.include(`another controller already runs on DATA_DIR ${harness.env.DATA_DIR}: ${os.hostname()} (pid ${first.child.pid}), since ${lock.since}.`);
    expect(second.stdout(), 'the second never served').to.not.include('listening on');
    expect(first.child.exitCode, 'the first goes on').to.equal(null);
    expect(await lockFiles(), 'the holder\'s lock is untouched').to.deep.equal([file]);
  });

  it('takes over the lock a SIGKILLed controller left at the next start, saying whose it was', async () => {
    const deadPid = first.child.pid;
    await first.stop('SIGKILL');
    first = spawnRun();
    await ready(first);
    expect(first.stdout()).to.include('took over the DATA_DIR lock of a controller that is gone').and.include(`(pid ${deadPid})`);
    const files = await lockFiles();
    expect(files).to.have.length(1);
    expect(JSON.parse(await readFile(path.join(lockDir(), files[0]!), 'utf8'))).to.include({ pid: first.child.pid, host: os.hostname() });
  });

  it('releases the lock at a graceful stop', async () => {
    expect(await first.stop('SIGTERM')).to.equal(0);
    expect(await lockFiles()).to.deep.equal([]);
  });
});
