/**
 * One writer without leader election (README "High availability", "One controller without an
 * election"; docs/architecture.md): the controller holds a heartbeat branch on the desired-state
 * remote, the one thing every controller of a repository shares, whatever pod or disk it runs on.
 * The branch `cxone-gitops/heartbeat/<client id hash>` is one commit with `heartbeat.json`, replaced
 * every interval by a push with `--force-with-lease` on the commit we last wrote: git's compare-and-
 * swap, so two controllers can never both believe they hold it.
 *
 * At start a fresh heartbeat of someone else refuses the start, naming its holder; a stale one
 * (no beat for STALE_AFTER_INTERVALS intervals, by its writer's clock against ours) is taken over.
 * While running, the fence refuses every write once our last confirmed beat is older than the
 * stale limit minus one interval, so nobody can take the heartbeat over while we still write; a
 * beat rejected because someone else took the branch is fatal (the caller exits non-zero). A
 * graceful stop deletes the branch (again on our lease), so a successor starts at once.
 *
 * Under LEADER_ELECTION=etcd the leader holds it too, for each term (mixed deployments: an elected
 * and an unelected controller see each other); its beats name the election, and the next leader
 * of the same election takes a predecessor's heartbeat over at once, fresh or not.
 */
import { randomUUID, createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { StalledError } from '../../domain/errors.js';
import type { Logger } from '../logging/logger.js';
import { createGitRunner, type GitRunner } from '../git/git-runner.js';
import { isGitPushRejectedError } from '../git/git-errors.js';
import type { GitRemoteAccess } from '../git/git-remote-access.js';
import { openLocalClone } from '../git/local-clone.js';
import { remoteAccess, resolveRepositoryUrl } from '../git/repository-url.js';
import { describeHolder, judgeHeartbeat, parseHeartbeat, processAlive, sameElection, STALE_AFTER_INTERVALS, type HeartbeatElection, type HeartbeatRecord } from './heartbeat-record.js';
import { instanceHolder, type InstanceHolder } from './instance-holder.js';
import type { Config } from '../../config.js';
import { NotLeaderError, type WriteFence } from './write-fence.js';

export interface GitHeartbeatOptions {
  repoUrl: string;
  access?: GitRemoteAccess;
  dataDir: string;
  clientId: string;
  self: InstanceHolder;
  /** GITOPS_HEARTBEAT_SECONDS. Default 30 (stale after 90 s). */
  intervalSeconds?: number;
  log: Logger;
  /** Wall clock, milliseconds (the beat's timestamp). Default `Date.now`. */
  now?: () => number;
  /** Monotonic milliseconds (our own count of the last confirmed beat). Default `performance.now`. */
  monotonic?: () => number;
  /** Under LEADER_ELECTION=etcd: the election's key id, and the etcd cluster id once etcd answered. */
  election?: { id: string; cluster(): string | undefined };
}

export interface GitHeartbeat {
  /** The remote branch holding the heartbeat. */
  branch: string;
  fence: WriteFence;
  /** Reads the heartbeat without taking it; throws SecondControllerError when it would refuse us. */
  check(): Promise<void>;
  /** Takes the heartbeat, or throws SecondControllerError naming the controller that holds it. */
  acquire(): Promise<void>;
  /** Beats every interval until released; `onLost` when a controller outside our election took the branch. */
  run(onLost: (error: SecondControllerError) => void): void;
  /** Stops beating; deletes the branch (only if it is still ours) unless `remove` is false. Can be acquired again. */
  release(options?: { remove?: boolean }): Promise<void>;
}

/** Another controller writes for this repository and client id: this one must not. */
export class SecondControllerError extends StalledError {
  override readonly name = 'SecondControllerError';
}

/** The heartbeat branch of a client id: hashed, so the client id is not spelled out on the remote. */
export function heartbeatBranch(clientId: string): string {
  return `cxone-gitops/heartbeat/${createHash('sha256').update(clientId).digest('hex').slice(0, 16)}`;
}

const FILE = 'heartbeat.json';

export function createGitHeartbeat(options: GitHeartbeatOptions): GitHeartbeat {
  const { log, self } = options;
  const intervalSeconds = options.intervalSeconds ?? 30;
  const staleAfterSeconds = intervalSeconds * STALE_AFTER_INTERVALS;
  const now = options.now ?? Date.now;
  const monotonic = options.monotonic ?? (() => performance.now());
  const branch = heartbeatBranch(options.clientId);
  const ref = `refs/heads/${branch}`;
  const repo = resolveRepositoryUrl(options.repoUrl);
  const session = randomUUID();
  const startedAt = new Date(now()).toISOString();
  let git: GitRunner | undefined;
  // One hold: from acquire() to release(); under an election one per term of leadership.
  let stopping = new AbortController();
  let ours: string | undefined;
  let confirmedAt: number | undefined;
  let lostTo: string | undefined;
  let running: Promise<void> | undefined;
  const election = (): HeartbeatElection | undefined => {
    if (!options.election) return undefined;
    const cluster = options.election.cluster();
    return { id: options.election.id, ...(cluster ? { cluster } : {}) };
  };

  async function runner(): Promise<GitRunner> {
    if (git) return git;
    const created = createGitRunner({
      baseDir: join(options.dataDir, 'heartbeat'),
      context: { remote: repo.display, urlSetting: 'GITOPS_REPO_URL', branch },
      secrets: repo.secrets,
      access: remoteAccess(repo, options.access),
      config: ['user.name=cxone-gitops', 'user.email=cxone-gitops@localhost', 'commit.gpgsign=false'],
      log,
    });
    await openLocalClone(created, repo.url, log);
    git = created;
    return created;
  }

  /** The remote's heartbeat commit and what it says (undefined: no heartbeat branch). */
  async function read(): Promise<{ oid?: string; record?: HeartbeatRecord | string }> {
    const g = await runner();
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
    const text = await g.run(['show', `${oid}:${FILE}`]).catch((error: unknown) => `(no ${FILE}: ${error instanceof Error ? error.message : String(error)})`);
    return { oid, record: parseHeartbeat(text) };
  }

  /** Replaces the branch with a new beat if it is still `expected` (undefined: must not exist). */
  async function beat(expected: string | undefined): Promise<void> {
    const g = await runner();
    const record: HeartbeatRecord = { holder: self.holder, instanceId: self.instanceId, host: self.host, pid: self.pid, session, startedAt, beatAt: new Date(now()).toISOString(), intervalSeconds, staleAfterSeconds, ...(options.election ? { election: election() } : {}) };
    await writeFile(join(g.baseDir, FILE), `${JSON.stringify(record, null, 2)}\n`);
    await g.run(['add', FILE]);
    const tree = (await g.run(['write-tree'])).trim();
    const commit = (await g.run(['commit-tree', tree, '-m', `cxone-gitops heartbeat: ${self.holder}`])).trim();
    const sentAt = monotonic();
    await g.run(['push', '--verbose', '--no-verify', `--force-with-lease=${ref}:${expected ?? ''}`, 'origin', `${commit}:${ref}`]);
    ours = commit;
    confirmedAt = sentAt;
  }

  function refusal(record: HeartbeatRecord, ageSeconds: number, sameDataDir: boolean): SecondControllerError {
    const where = sameDataDir ? ' on the same DATA_DIR' : '';
    const ourElection = election();
    const todo = !ourElection
      ? record.election
        ? 'stop this one, or run it with LEADER_ELECTION=etcd and the same ETCD_ENDPOINTS so that it stands by'
        : 'stop the other one, or run both with LEADER_ELECTION=etcd (README "High availability")'
      : record.election
        ? `the other leads an etcd election other than ours (election ${record.election.id}, etcd cluster ${record.election.cluster ?? 'unknown'}; ours ${ourElection.id}, etcd cluster ${ourElection.cluster ?? 'unknown'}): give every replica the same GITOPS_REPO_URL, CXONE_CLIENT_ID and ETCD_ENDPOINTS`
        : 'stop the other one, or run it with LEADER_ELECTION=etcd and the same ETCD_ENDPOINTS so that it stands by';
    return new SecondControllerError(
      `another controller already writes for ${repo.display} and CXONE_CLIENT_ID ${options.clientId}: ${describeHolder(record)}${where}, last heartbeat ${Math.max(0, Math.round(ageSeconds))} s ago on branch ${branch}. ` +
        `Two controllers would both write to CXone: ${todo}. ` +
        `If it is dead, its heartbeat goes stale ${record.staleAfterSeconds} s after its last beat and this controller can then start.`,
    );
  }

  /** The remote's heartbeat and what it means for us; throws when it refuses us. */
  async function judge(): Promise<{ oid?: string; verdict: ReturnType<typeof judgeHeartbeat> }> {
    const found = await read();
    const verdict = judgeHeartbeat(found.record, { ...self, session, election: election() }, now(), processAlive);
    if (verdict.kind === 'held') throw refusal(verdict.record, verdict.ageSeconds, verdict.sameDataDir);
    if (verdict.kind === 'unreadable') {
      throw new SecondControllerError(`the heartbeat on branch ${branch} of ${repo.display} is unreadable (${verdict.detail}): if no other controller runs for CXONE_CLIENT_ID ${options.clientId}, delete that branch and start again`);
    }
    return { oid: found.oid, verdict };
  }

  async function acquire(): Promise<void> {
    stopping = new AbortController();
    running = undefined;
    lostTo = undefined;
    ours = undefined;
    confirmedAt = undefined;
    for (let attempt = 1; ; attempt += 1) {
      const { oid, verdict } = await judge();
      try {
        await beat(oid);
        if (verdict.kind === 'stale') log.warn({ branch, previous: verdict.record.holder, ageSeconds: Math.round(verdict.ageSeconds) }, `took over the stale heartbeat of ${verdict.record.holder}`);
        else if (verdict.kind === 'predecessor') log.info({ branch, previous: verdict.record.holder, ageSeconds: Math.round(verdict.ageSeconds) }, `took over the heartbeat of the previous leader ${verdict.record.holder}`);
        else log.info({ branch, holder: self.holder, intervalSeconds, staleAfterSeconds, ...(verdict.kind === 'ours' ? { reason: verdict.reason } : {}) }, 'holding the single-writer heartbeat');
        return;
      } catch (error) {
        // Someone pushed between our read and our push: read again (a fresh heartbeat then refuses).
        if (!isGitPushRejectedError(error) || attempt >= 3) throw error;
      }
    }
  }

  /** After a rejected beat: still ours (an earlier push of ours landed), or lost to someone else. */
  async function afterRejection(onLost: (error: SecondControllerError) => void): Promise<boolean> {
    const found = await read();
    if (typeof found.record === 'object' && found.record.session === session) {
      ours = found.oid;
      return true;
    }
    const holder = typeof found.record === 'object' ? found.record.holder : found.oid ? `an unreadable heartbeat (${found.oid})` : 'nobody (the branch was deleted)';
    lostTo = holder;
    if (typeof found.record === 'object' && sameElection(found.record.election, election())) {
      // The next leader of our own election: the election already took our lease; nothing is fatal.
      log.info({ branch, holder }, `the next leader ${holder} took the heartbeat over`);
      return false;
    }
    const error = new SecondControllerError(`the single-writer heartbeat on branch ${branch} of ${repo.display} was taken by ${holder}: this controller stopped writing and exits; run one controller, or several with LEADER_ELECTION=etcd (README "High availability")`);
    log.error({ branch, holder }, error.message);
    onLost(error);
    return false;
  }

  async function loop(signal: AbortSignal, onLost: (error: SecondControllerError) => void): Promise<void> {
    while (!signal.aborted) {
      try {
        await delay(intervalSeconds * 1000, undefined, { signal });
      } catch {
        return;
      }
      try {
        await beat(ours);
      } catch (error) {
        if (signal.aborted) return;
        if (isGitPushRejectedError(error)) {
          if (!(await afterRejection(onLost).catch(() => true))) return;
          continue;
        }
        const sinceSeconds = confirmedAt === undefined ? undefined : Math.round((monotonic() - confirmedAt) / 1000);
        log.warn({ branch, err: error, sinceLastBeatSeconds: sinceSeconds, writesStopAfterSeconds: staleAfterSeconds - intervalSeconds }, 'the heartbeat did not reach the Git remote');
      }
    }
  }

  const fence: WriteFence = {
    assertMayWrite(what) {
      const rule = 'one controller writes per repository and client id (README "High availability")';
      if (lostTo) throw new NotLeaderError(what, `${lostTo} took the single-writer heartbeat`, rule);
      if (confirmedAt === undefined) throw new NotLeaderError(what, 'this controller does not hold the single-writer heartbeat', rule);
      const sinceMs = monotonic() - confirmedAt;
      if (sinceMs > (staleAfterSeconds - intervalSeconds) * 1000) throw new NotLeaderError(what, `no heartbeat reached the Git remote for ${Math.round(sinceMs / 1000)} s`, rule);
    },
  };

  return {
    branch,
    fence,
    check: async () => void (await judge()),
    acquire,
    run(onLost) {
      running ??= loop(stopping.signal, onLost);
    },
    async release({ remove = true } = {}) {
      stopping.abort();
      await running;
      const expected = ours;
      const lost = lostTo !== undefined;
      ours = undefined;
      confirmedAt = undefined;
      if (!expected || lost || !remove) return;
      await git?.run(['push', '--verbose', '--no-verify', `--force-with-lease=${ref}:${expected}`, 'origin', `:${ref}`]).catch((error: unknown) => log.warn({ branch, err: error }, 'could not delete the heartbeat branch; a successor waits until it is stale'));
    },
  };
}

/** The heartbeat `run` and `apply` hold (`acquire()` takes it or names the holder); under an election, the leader's. */
export async function heartbeatFor(config: Config, log: Logger, extra: Pick<GitHeartbeatOptions, 'election'> & { repoUrl?: string } = {}): Promise<GitHeartbeat> {
  return createGitHeartbeat({
    election: extra.election,
    repoUrl: extra.repoUrl ?? config.git.repoUrl!,
    access: config.git.access,
    dataDir: config.dataDir,
    clientId: config.cxone.clientId ?? '',
    self: await instanceHolder(config.dataDir),
    intervalSeconds: config.heartbeatSeconds,
    log: log.child({ component: 'heartbeat' }),
  });
}
