/**
 * DATA_DIR's lock on a real temporary directory (issue 10): the holder is named, a dead holder's
 * lock is taken over, and of several starters racing for one stale lock exactly one wins.
 */
import { expect } from 'chai';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DataDirLockedError, lockDataDir, type DataDirLockOptions } from '../../../../controller/adapters/fs/data-dir-lock.js';
import { silentLogger } from '../../../../controller/adapters/logging/logger.js';

const SINCE = new Date('2026-12-01T22:00:00.000Z');

describe('the DATA_DIR lock', () => {
  let dataDir: string;
  beforeEach(async () => {
    dataDir = path.join(await mkdtemp(path.join(os.tmpdir(), 'cxone-lock-')), 'data');
  });
  afterEach(async () => rm(path.dirname(dataDir), { recursive: true, force: true }));

  const as = (pid: number, alive: readonly number[], extra: Partial<DataDirLockOptions> = {}): DataDirLockOptions => ({
    log: silentLogger, host: 'node-a', pid, bootId: 'boot-1', isAlive: (candidate) => alive.includes(candidate), now: () => SINCE, ...extra,
  });
  const refusalOf = async (promise: Promise<unknown>): Promise<DataDirLockedError> => {
    try {
      await promise;
    } catch (error) {
      if (error instanceof DataDirLockedError) return error;
      throw error;
    }
    throw new Error('the second lock was granted');
  };

  it('refuses a second holder while the first lives, naming its host, pid and since, and what to do', async () => {
    const first = await lockDataDir(dataDir, as(1111, [1111]));
    const refusal = await refusalOf(lockDataDir(dataDir, as(2222, [1111, 2222])));
    expect(refusal.message).to.equal(
      `another controller already runs on DATA_DIR ${dataDir}: node-a (pid 1111), since 2026-12-01T22:00:00.000Z. ` +
        'Two controllers on one DATA_DIR would corrupt its clone and journal: stop the other one, or give this one its own DATA_DIR ' +
        '(several controllers of one repository: LEADER_ELECTION=etcd, README "High availability").',
    );
    expect(JSON.parse(await readFile(first.file, 'utf8'))).to.include({ host: 'node-a', pid: 1111 });
  });

  it('takes over the lock of a process that is gone (SIGKILL), and then refuses others in its name', async () => {
    await lockDataDir(dataDir, as(1111, [1111]));
    const second = await lockDataDir(dataDir, as(2222, [2222]));
    expect(JSON.parse(await readFile(second.file, 'utf8'))).to.include({ pid: 2222 });
    expect((await refusalOf(lockDataDir(dataDir, as(3333, [2222, 3333])))).message).to.include('node-a (pid 2222)');
    expect((await readdir(path.join(dataDir, 'lock'))).filter((name) => name.endsWith('.json')), 'one generation left').to.have.length(1);
  });

  it('takes over a lock of its own pid (a container\'s pid 1 in an earlier life) and of an earlier boot', async () => {
    await lockDataDir(dataDir, as(1, [1]));
    const restarted = await lockDataDir(dataDir, as(1, [1]));
    expect(JSON.parse(await readFile(restarted.file, 'utf8'))).to.include({ pid: 1 });
    const rebooted = await lockDataDir(dataDir, as(7, [1, 7], { bootId: 'boot-2' }));
    expect(JSON.parse(await readFile(rebooted.file, 'utf8'))).to.include({ pid: 7, bootId: 'boot-2' });
  });

  it('never takes over a lock of another host, saying how to clear it if that controller is dead', async () => {
    await lockDataDir(dataDir, as(1111, [], { host: 'node-b' }));
    const refusal = await refusalOf(lockDataDir(dataDir, as(2222, [2222])));
    expect(refusal.message).to.include('node-b (pid 1111)').and.include(`if it is not running, delete ${path.join(dataDir, 'lock')} and start again`);
  });

  it('of eight starters racing for one stale lock, exactly one gets it and the others name it', async () => {
    await lockDataDir(dataDir, as(1111, [1111]));
    const racers = [2001, 2002, 2003, 2004, 2005, 2006, 2007, 2008];
    const results = await Promise.allSettled(racers.map((pid) => lockDataDir(dataDir, as(pid, racers))));
    const winners = results.flatMap((result, index) => (result.status === 'fulfilled' ? [racers[index]!] : []));
    expect(winners).to.have.length(1);
    for (const result of results) {
      if (result.status === 'rejected') expect((result.reason as Error).message).to.include(`node-a (pid ${winners[0]})`);
    }
  });

  it('releases only its own lock: after a stop the next controller starts at once', async () => {
    const first = await lockDataDir(dataDir, as(1111, [1111]));
    await first.release();
    const next = await lockDataDir(dataDir, as(2222, [1111, 2222]));
    expect(JSON.parse(await readFile(next.file, 'utf8'))).to.include({ pid: 2222 });
    await first.release();
    expect(JSON.parse(await readFile(next.file, 'utf8')), 'a stale release leaves the successor\'s lock').to.include({ pid: 2222 });
  });

  it('refuses a lock file it cannot read, naming it and what to delete', async () => {
    await mkdir(path.join(dataDir, 'lock'), { recursive: true });
    await writeFile(path.join(dataDir, 'lock', '3.json'), 'garbage');
    expect((await refusalOf(lockDataDir(dataDir, as(2222, [2222])))).message).to.equal(
      `${path.join(dataDir, 'lock', '3.json')} is not a lock this controller can read (it is not JSON): if no controller runs on DATA_DIR ${dataDir}, delete ${path.join(dataDir, 'lock')} and start again`,
    );
  });
});
