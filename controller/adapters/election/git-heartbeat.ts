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
import { setTimeout as delay } from 'node:timers/promises';
import { StalledError } from '../../domain/errors.js';
import type { Logger } from '../logging/logger.js';
import { isGitPushRejectedError } from '../git/git-errors.js';
import type { GitRemoteAccess } from '../git/git-remote-access.js';
import { resolveRepositoryUrl } from '../git/repository-url.js';
import { describeHolder, judgeHeartbeat, processAlive, sameElection, STALE_AFTER_INTERVALS, type HeartbeatRecord } from './heartbeat-record.js';
import { heartbeatElection, readHeartbeat, writeBeat, type HeartbeatState } from './heartbeat-remote.js';
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

/** The state of a heartbeat not yet acquired. */
function heartbeatState(options: GitHeartbeatOptions): HeartbeatState {
  const intervalSeconds = options.intervalSeconds ?? 30;
  const now = options.now ?? Date.now;
  const branch = heartbeatBranch(options.clientId);
  return {
    options,
    log: options.log,
    self: options.self,
    intervalSeconds,
    staleAfterSeconds: intervalSeconds * STALE_AFTER_INTERVALS,
    now,
    monotonic: options.monotonic ?? (() => performance.now()),
    branch,
    ref: `refs/heads/${branch}`,
    repo: resolveRepositoryUrl(options.repoUrl),
    session: randomUUID(),
    startedAt: new Date(now()).toISOString(),
    git: undefined,
    stopping: new AbortController(),
    ours: undefined,
    confirmedAt: undefined,
    lostTo: undefined,
    running: undefined,
  };
}

/** The error that refuses our start while `record`'s controller holds the heartbeat, with what to do. */
function refusal(state: HeartbeatState, record: HeartbeatRecord, ageSeconds: number, sameDataDir: boolean): SecondControllerError {
  const where = sameDataDir ? ' on the same DATA_DIR' : '';
  const ourElection = heartbeatElection(state);
  const todo = !ourElection
    ? record.election
      ? 'stop this one, or run it with LEADER_ELECTION=etcd and the same ETCD_ENDPOINTS so that it stands by'
      : 'stop the other one, or run both with LEADER_ELECTION=etcd (README "High availability")'
    : record.election
      ? `the other leads an etcd election other than ours (election ${record.election.id}, etcd cluster ${record.election.cluster ?? 'unknown'}; ours ${ourElection.id}, etcd cluster ${ourElection.cluster ?? 'unknown'}): give every replica the same GITOPS_REPO_URL, CXONE_CLIENT_ID and ETCD_ENDPOINTS`
      : 'stop the other one, or run it with LEADER_ELECTION=etcd and the same ETCD_ENDPOINTS so that it stands by';
  return new SecondControllerError(
    `another controller already writes for ${state.repo.display} and CXONE_CLIENT_ID ${state.options.clientId}: ${describeHolder(record)}${where}, last heartbeat ${Math.max(0, Math.round(ageSeconds))} s ago on branch ${state.branch}. ` +
      `Two controllers would both write to CXone: ${todo}. ` +
      `If it is dead, its heartbeat goes stale ${record.staleAfterSeconds} s after its last beat and this controller can then start.`,
  );
}

/** The remote's heartbeat and what it means for us; throws when it refuses us. */
async function judge(state: HeartbeatState): Promise<{ oid?: string; verdict: ReturnType<typeof judgeHeartbeat> }> {
  const found = await readHeartbeat(state);
  const verdict = judgeHeartbeat(found.record, { ...state.self, session: state.session, election: heartbeatElection(state) }, state.now(), processAlive);
  if (verdict.kind === 'held') throw refusal(state, verdict.record, verdict.ageSeconds, verdict.sameDataDir);
  if (verdict.kind === 'unreadable') {
    throw new SecondControllerError(`the heartbeat on branch ${state.branch} of ${state.repo.display} is unreadable (${verdict.detail}): if no other controller runs for CXONE_CLIENT_ID ${state.options.clientId}, delete that branch and start again`);
  }
  return { oid: found.oid, verdict };
}

/** Starts a new hold: takes the heartbeat (a stale one or a predecessor's over), or throws naming its holder. */
async function acquire(state: HeartbeatState): Promise<void> {
  const { log, branch } = state;
  state.stopping = new AbortController();
  state.running = undefined;
  state.lostTo = undefined;
  state.ours = undefined;
  state.confirmedAt = undefined;
  for (let attempt = 1; ; attempt += 1) {
    const { oid, verdict } = await judge(state);
    try {
      await writeBeat(state, oid);
      if (verdict.kind === 'stale') log.warn({ branch, previous: verdict.record.holder, ageSeconds: Math.round(verdict.ageSeconds) }, `took over the stale heartbeat of ${verdict.record.holder}`);
      else if (verdict.kind === 'predecessor') log.info({ branch, previous: verdict.record.holder, ageSeconds: Math.round(verdict.ageSeconds) }, `took over the heartbeat of the previous leader ${verdict.record.holder}`);
      else log.info({ branch, holder: state.self.holder, intervalSeconds: state.intervalSeconds, staleAfterSeconds: state.staleAfterSeconds, ...(verdict.kind === 'ours' ? { reason: verdict.reason } : {}) }, 'holding the single-writer heartbeat');
      return;
    } catch (error) {
      // Someone pushed between our read and our push: read again (a fresh heartbeat then refuses).
      if (!isGitPushRejectedError(error) || attempt >= 3) throw error;
    }
  }
}

/** After a rejected beat: still ours (an earlier push of ours landed), or lost to someone else. */
async function afterRejection(state: HeartbeatState, onLost: (error: SecondControllerError) => void): Promise<boolean> {
  const { log, branch } = state;
  const found = await readHeartbeat(state);
  if (typeof found.record === 'object' && found.record.session === state.session) {
    state.ours = found.oid;
    return true;
  }
  const holder = typeof found.record === 'object' ? found.record.holder : found.oid ? `an unreadable heartbeat (${found.oid})` : 'nobody (the branch was deleted)';
  state.lostTo = holder;
  if (typeof found.record === 'object' && sameElection(found.record.election, heartbeatElection(state))) {
    // The next leader of our own election: the election already took our lease; nothing is fatal.
    log.info({ branch, holder }, `the next leader ${holder} took the heartbeat over`);
    return false;
  }
  const error = new SecondControllerError(`the single-writer heartbeat on branch ${branch} of ${state.repo.display} was taken by ${holder}: this controller stopped writing and exits; run one controller, or several with LEADER_ELECTION=etcd (README "High availability")`);
  log.error({ branch, holder }, error.message);
  onLost(error);
  return false;
}

/** Beats every interval until `signal` aborts or the branch is lost. */
async function loop(state: HeartbeatState, signal: AbortSignal, onLost: (error: SecondControllerError) => void): Promise<void> {
  const { intervalSeconds, staleAfterSeconds } = state;
  while (!signal.aborted) {
    try {
      await delay(intervalSeconds * 1000, undefined, { signal });
    } catch {
      return;
    }
    try {
      await writeBeat(state, state.ours);
    } catch (error) {
      if (signal.aborted) return;
      if (isGitPushRejectedError(error)) {
        if (!(await afterRejection(state, onLost).catch(() => true))) return;
        continue;
      }
      const sinceSeconds = state.confirmedAt === undefined ? undefined : Math.round((state.monotonic() - state.confirmedAt) / 1000);
      state.log.warn({ branch: state.branch, err: error, sinceLastBeatSeconds: sinceSeconds, writesStopAfterSeconds: staleAfterSeconds - intervalSeconds }, 'the heartbeat did not reach the Git remote');
    }
  }
}

/** Refuses every write once our last confirmed beat is older than the stale limit minus one interval. */
function heartbeatFence(state: HeartbeatState): WriteFence {
  return {
    assertMayWrite(what) {
      const rule = 'one controller writes per repository and client id (README "High availability")';
      if (state.lostTo) throw new NotLeaderError(what, `${state.lostTo} took the single-writer heartbeat`, rule);
      if (state.confirmedAt === undefined) throw new NotLeaderError(what, 'this controller does not hold the single-writer heartbeat', rule);
      const sinceMs = state.monotonic() - state.confirmedAt;
      if (sinceMs > (state.staleAfterSeconds - state.intervalSeconds) * 1000) throw new NotLeaderError(what, `no heartbeat reached the Git remote for ${Math.round(sinceMs / 1000)} s`, rule);
    },
  };
}

/** Stops beating; deletes the branch on our lease unless it was lost or `remove` is false. */
async function release(state: HeartbeatState, { remove = true }: { remove?: boolean } = {}): Promise<void> {
  state.stopping.abort();
  await state.running;
  const expected = state.ours;
  const lost = state.lostTo !== undefined;
  state.ours = undefined;
  state.confirmedAt = undefined;
  if (!expected || lost || !remove) return;
  const { ref, branch, log } = state;
  await state.git?.run(['push', '--verbose', '--no-verify', `--force-with-lease=${ref}:${expected}`, 'origin', `:${ref}`]).catch((error: unknown) => log.warn({ branch, err: error }, 'could not delete the heartbeat branch; a successor waits until it is stale'));
}

export function createGitHeartbeat(options: GitHeartbeatOptions): GitHeartbeat {
  const state = heartbeatState(options);
  return {
    branch: state.branch,
    fence: heartbeatFence(state),
    check: async () => void (await judge(state)),
    acquire: () => acquire(state),
    run(onLost) {
      state.running ??= loop(state, state.stopping.signal, onLost);
    },
    release: (releaseOptions) => release(state, releaseOptions),
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
