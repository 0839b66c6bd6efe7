/**
 * The single-writer heartbeat's state and its Git side (docs/architecture.md, "High availability
 * and one writer"): the local clone of the desired-state remote, reading the heartbeat branch and
 * writing one beat on it with `--force-with-lease` on the commit we last wrote.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '../logging/logger.js';
import { createGitRunner, type GitRunner } from '../git/git-runner.js';
import { openLocalClone } from '../git/local-clone.js';
import { remoteAccess, type RepositoryUrl } from '../git/repository-url.js';
import { parseHeartbeat, type HeartbeatElection, type HeartbeatRecord } from './heartbeat-record.js';
import type { InstanceHolder } from './instance-holder.js';
import type { GitHeartbeatOptions } from './git-heartbeat.js';

/** One heartbeat's settings and its current hold (from acquire() to release(); under an election one per term of leadership). */
export interface HeartbeatState {
  readonly options: GitHeartbeatOptions;
  readonly log: Logger;
  readonly self: InstanceHolder;
  readonly intervalSeconds: number;
  readonly staleAfterSeconds: number;
  /** Wall clock, milliseconds (the beat's timestamp). */
  readonly now: () => number;
  /** Monotonic milliseconds (our own count of the last confirmed beat). */
  readonly monotonic: () => number;
  readonly branch: string;
  readonly ref: string;
  readonly repo: RepositoryUrl;
  /** This process's id in its beats: a beat of our session after a rejected push is still ours. */
  readonly session: string;
  readonly startedAt: string;
  git: GitRunner | undefined;
  stopping: AbortController;
  /** The commit we last wrote (the lease of the next push). */
  ours: string | undefined;
  /** Monotonic time our last confirmed beat was sent. */
  confirmedAt: number | undefined;
  /** Who took the branch from us, once someone did. */
  lostTo: string | undefined;
  running: Promise<void> | undefined;
}

export const HEARTBEAT_FILE = 'heartbeat.json';

/** The election our beats name (undefined without one). */
export function heartbeatElection(state: HeartbeatState): HeartbeatElection | undefined {
  const { election } = state.options;
  if (!election) return undefined;
  const cluster = election.cluster();
  return { id: election.id, ...(cluster ? { cluster } : {}) };
}

/** The local clone the heartbeat is written from, opened on first use. */
export async function heartbeatRunner(state: HeartbeatState): Promise<GitRunner> {
  if (state.git) return state.git;
  const { options, repo, branch, log } = state;
  const created = createGitRunner({
    baseDir: join(options.dataDir, 'heartbeat'),
    context: { remote: repo.display, urlSetting: 'GITOPS_REPO_URL', branch },
    secrets: repo.secrets,
    access: remoteAccess(repo, options.access),
    config: ['user.name=cxone-gitops', 'user.email=cxone-gitops@localhost', 'commit.gpgsign=false'],
    log,
  });
  await openLocalClone(created, repo.url, log);
  state.git = created;
  return created;
}

/** The remote's heartbeat commit and what it says (undefined: no heartbeat branch). */
export async function readHeartbeat(state: HeartbeatState): Promise<{ oid?: string; record?: HeartbeatRecord | string }> {
  const { ref } = state;
  const g = await heartbeatRunner(state);
  const listed = (await g.run(['ls-remote', 'origin', ref])).split(/\s/)[0]?.trim();
  if (!listed) return {};
  // The beat may be replaced (or deleted) after ls-remote: read the commit the fetch brought.
  const fetched = await g.run(['fetch', '--verbose', '--no-tags', 'origin', `+${ref}:refs/remotes/origin/heartbeat`]).then(
    () => true,
    async (error: unknown) => {
      if ((await g.run(['ls-remote', 'origin', ref])).trim() === '') return false;
      throw error;
    },
  );
  if (!fetched) return {};
  const oid = (await g.run(['rev-parse', 'refs/remotes/origin/heartbeat'])).trim();
  const text = await g.run(['show', `${oid}:${HEARTBEAT_FILE}`]).catch((error: unknown) => `(no ${HEARTBEAT_FILE}: ${error instanceof Error ? error.message : String(error)})`);
  return { oid, record: parseHeartbeat(text) };
}

/** Replaces the branch with a new beat if it is still `expected` (undefined: must not exist). */
export async function writeBeat(state: HeartbeatState, expected: string | undefined): Promise<void> {
  const { self, options, ref } = state;
  const g = await heartbeatRunner(state);
  const record: HeartbeatRecord = { holder: self.holder, instanceId: self.instanceId, host: self.host, pid: self.pid, session: state.session, startedAt: state.startedAt, beatAt: new Date(state.now()).toISOString(), intervalSeconds: state.intervalSeconds, staleAfterSeconds: state.staleAfterSeconds, ...(options.election ? { election: heartbeatElection(state) } : {}) };
  await writeFile(join(g.baseDir, HEARTBEAT_FILE), `${JSON.stringify(record, null, 2)}\n`);
  await g.run(['add', HEARTBEAT_FILE]);
  const tree = (await g.run(['write-tree'])).trim();
  const commit = (await g.run(['commit-tree', tree, '-m', `cxone-gitops heartbeat: ${self.holder}`])).trim();
  const sentAt = state.monotonic();
  await g.run(['push', '--verbose', '--no-verify', `--force-with-lease=${ref}:${expected ?? ''}`, 'origin', `${commit}:${ref}`]);
  state.ours = commit;
  state.confirmedAt = sentAt;
}
