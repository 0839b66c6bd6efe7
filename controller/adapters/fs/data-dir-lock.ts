/**
 * One controller per DATA_DIR (README, "One controller without an election"): two processes on
 * one data directory would both fetch into its clone, append to its journal and push its audit
 * worktree, and corrupt them. `run` takes the lock in `DATA_DIR/lock/` before anything else there.
 *
 * - The lock is a generation: the file `lock/<n>.json` with the highest n is the holder. A file is
 *   created complete or not at all: written to a temporary file, then hard-linked to its name (a
 *   link fails if the name exists: an atomic create-if-absent). Nobody ever deletes or renames the
 *   holder's file but the holder itself, so a live holder's lock cannot vanish under it.
 * - A generation left by a controller that died (SIGKILL, an OOM kill, a reboot) is stale when it
 *   names this host and a process that no longer exists, our own pid (a container's pid 1 of an
 *   earlier life), or another boot of this host. It is taken over by creating generation n+1: of
 *   several starters racing for one stale lock exactly one creates it, the others then see it held.
 *   The winner, once it sees its generation on top, deletes the ones below it.
 * - A lock naming another host (a shared volume) is never taken over: whether it lives cannot be
 *   told from here; the message says how to clear it.
 */
import { randomUUID } from 'node:crypto';
import { link, mkdir, readdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { StalledError } from '../../domain/errors.js';
import type { Logger } from '../logging/logger.js';
import { processAlive } from '../election/heartbeat-record.js';

/** What `DATA_DIR/lock` says. */
export interface DataDirLockRecord {
  host: string;
  pid: number;
  /** When the holder took the lock (ISO time). */
  since: string;
  /** Linux's boot id when known: a lock of another boot is stale. */
  bootId?: string;
  /** Random per lock taken: tells our lock from a successor's at release. */
  token: string;
}

/** Another controller runs on this DATA_DIR: this one must not start. */
export class DataDirLockedError extends StalledError {
  override readonly name = 'DataDirLockedError';
}

export interface DataDirLock {
  readonly file: string;
  readonly record: DataDirLockRecord;
  /** Deletes the lock if it is still ours. */
  release(): Promise<void>;
}

export interface DataDirLockOptions {
  log: Logger;
  /** Default `os.hostname()`. */
  host?: string;
  /** Default `process.pid`. */
  pid?: number;
  /** Default: Linux's `/proc/sys/kernel/random/boot_id`, undefined elsewhere. */
  bootId?: string;
  /** Default: `process.kill(pid, 0)` succeeds or answers EPERM. */
  isAlive?: (pid: number) => boolean;
  /** Default `new Date()`. */
  now?: () => Date;
}

/** The lock's directory in DATA_DIR. */
export const LOCK_DIR = 'lock';

function linuxBootId(): string | undefined {
  try {
    return readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}

function parseLock(text: string): DataDirLockRecord | string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return 'it is not JSON';
  }
  const record = value as Partial<DataDirLockRecord> | null;
  if (typeof record !== 'object' || record === null || typeof record.host !== 'string' || typeof record.since !== 'string' || typeof record.token !== 'string' || !Number.isInteger(record.pid)) {
    return 'it does not name a host, pid, since and token';
  }
  return record as DataDirLockRecord;
}

/** `host (pid N), since <time>`: the holder as the refusal names it. */
export function lockHolder(record: DataDirLockRecord): string {
  return `${record.host} (pid ${record.pid}), since ${record.since}`;
}

/** The generations in the lock directory, highest first. */
async function generations(dir: string): Promise<number[]> {
  const names = await readdir(dir);
  return names.flatMap((name) => /^([1-9][0-9]{0,15})\.json$/.exec(name)?.[1] ?? []).map(Number).sort((x, y) => y - x);
}

/** Takes DATA_DIR's lock, or throws DataDirLockedError naming the controller that holds it. */
export async function lockDataDir(dataDir: string, options: DataDirLockOptions): Promise<DataDirLock> {
  const host = options.host ?? os.hostname();
  const pid = options.pid ?? process.pid;
  const bootId = 'bootId' in options ? options.bootId : linuxBootId();
  const isAlive = options.isAlive ?? processAlive;
  const dir = path.join(dataDir, LOCK_DIR);
  await mkdir(dir, { recursive: true });
  const record: DataDirLockRecord = { host, pid, since: (options.now?.() ?? new Date()).toISOString(), ...(bootId ? { bootId } : {}), token: randomUUID() };
  const staged = path.join(dir, `${record.token}.tmp`);
  await writeFile(staged, `${JSON.stringify(record)}\n`);
  try {
    for (let attempt = 1; attempt <= 20; attempt += 1) {
      const [top] = await generations(dir);
      let stale: DataDirLockRecord | undefined;
      if (top !== undefined) {
        const file = path.join(dir, `${top}.json`);
        const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => (error.code === 'ENOENT' ? undefined : Promise.reject(error)));
        if (text === undefined) continue;
        const found = parseLock(text);
        if (typeof found === 'string') {
          throw new DataDirLockedError(`${file} is not a lock this controller can read (${found}): if no controller runs on DATA_DIR ${dataDir}, delete ${dir} and start again`);
        }
        const gone = found.host === host && (found.pid === pid || (bootId !== undefined && found.bootId !== undefined && found.bootId !== bootId) || !isAlive(found.pid));
        if (!gone) throw refusal(dataDir, dir, found, host);
        stale = found;
      }
      const mine = (top ?? 0) + 1;
      try {
        await link(staged, path.join(dir, `${mine}.json`));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EEXIST') continue;
        throw error;
      }
      const file = path.join(dir, `${mine}.json`);
      // A listing older than a holder's cleanup can make a free name below the holder's: not ours then.
      const now = await generations(dir);
      if (now[0] !== mine) {
        await unlink(file).catch(() => undefined);
        continue;
      }
      if (stale) options.log.warn({ dataDir, previous: lockHolder(stale) }, 'took over the DATA_DIR lock of a controller that is gone');
      for (const older of now.filter((n) => n < mine)) await unlink(path.join(dir, `${older}.json`)).catch(() => undefined);
      return { file, record, release: () => releaseLock(file, record.token, options.log) };
    }
    throw new DataDirLockedError(`could not take the lock in ${dir}: other processes keep taking it; run one controller per DATA_DIR`);
  } finally {
    await unlink(staged).catch(() => undefined);
  }
}

function refusal(dataDir: string, dir: string, found: DataDirLockRecord, host: string): DataDirLockedError {
  const dead = found.host === host
    ? ''
    : ` It runs on another host, so whether it is alive cannot be told from here: if it is not running, delete ${dir} and start again.`;
  return new DataDirLockedError(
    `another controller already runs on DATA_DIR ${dataDir}: ${lockHolder(found)}. ` +
      `Two controllers on one DATA_DIR would corrupt its clone and journal: stop the other one, or give this one its own DATA_DIR ` +
      `(several controllers of one repository: LEADER_ELECTION=etcd, README "High availability").${dead}`,
  );
}

async function releaseLock(file: string, token: string, log: Logger): Promise<void> {
  const text = await readFile(file, 'utf8').catch(() => undefined);
  const found = text === undefined ? undefined : parseLock(text);
  if (typeof found === 'object' && found.token === token) {
    await unlink(file);
    return;
  }
  log.warn({ file }, 'the DATA_DIR lock is no longer ours at stop: left as it is');
}
