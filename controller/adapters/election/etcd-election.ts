/**
 * Leader election on etcd (README "High availability"; docs/architecture.md): each replica grants
 * a lease, puts its candidate key `<prefix><lease id>` on it, and leads when its key has the lowest
 * create revision under the prefix (the algorithm of etcd's Go `concurrency.Election`). The lease is
 * kept alive by hand so the time of each keep-alive's *send* is known: the fence lets a write start
 * only with more than a safety margin of the lease left by the local monotonic clock. A leader that
 * loses its lease (keep-alives failing past it, etcd saying it expired, a pause longer than the
 * TTL) steps down at once, revokes what is left, and campaigns again with a new lease.
 */
import { setTimeout as delay } from 'node:timers/promises';
import type { Etcd3 } from 'etcd3';
import type { Logger } from '../logging/logger.js';
import { etcdElectionState, type EtcdElectionState, type Term } from './etcd-election-state.js';
import { NotLeaderError, type WriteFence } from './write-fence.js';

export interface EtcdElectionOptions {
  /** ETCD_ENDPOINTS, e.g. `http://etcd-0:2379`. */
  endpoints: readonly string[];
  /** LEADER_ELECTION_TTL in seconds. Default 15. */
  ttlSeconds?: number;
  /** Key prefix of this election (electionPrefix: one per repository and client id). */
  prefix: string;
  /** Who this replica is (shown to the others, in status and in logs). */
  holder: string;
  log: Logger;
  /** Monotonic clock, milliseconds. Default `performance.now`. */
  now?: () => number;
  /** TLS to etcd: the CA's certificates, and a client certificate and key when etcd asks for one. */
  tls?: { ca: Buffer; cert?: Buffer; key?: Buffer; serverName?: string };
  /** etcd's own user and password. */
  auth?: { username: string; password: string };
}

export interface LeadershipHandlers {
  /** This replica now leads; writing may start (through the fence). */
  onElected(): Promise<void> | void;
  /** This replica no longer leads (the fence already refuses every write). */
  onLost(reason: string): Promise<void> | void;
}

export interface EtcdElection {
  fence: WriteFence;
  isLeader(): boolean;
  /** The holder named by the current leader's key, as last read (undefined: nobody leads). */
  leader(): string | undefined;
  /** The etcd cluster's id, once etcd answered (tells two etcd clusters with one election key apart). */
  clusterId(): string | undefined;
  /** How many replicas campaign now, this one included (read from etcd). */
  candidates(): Promise<number>;
  /** Milliseconds of the lease left by the local count (0 when not leading). */
  leaseRemainingMs(): number;
  /** The etcd client (for keys the leader writes under its lease, e.g. PUT intents). */
  client: Etcd3;
  /** Puts `key` only while this replica's candidate key still exists (it still leads). */
  guardedPut(key: string, value: string, what: string): Promise<void>;
  guardedDelete(key: string, what: string): Promise<void>;
  /** Campaigns until closed, calling the handlers on every change of role. */
  start(handlers: LeadershipHandlers): void;
  /** Resolves once this replica has reached etcd and put its candidate key (or was closed). */
  campaigning(): Promise<void>;
  /** Gives the lead away (revokes the lease) and waits one TTL before campaigning again. */
  resign(): Promise<void>;
  /** Steps down (revoking the lease, so a standby takes over at once) and closes the client. */
  close(): Promise<void>;
}

class CandidateGoneError extends Error {
  override readonly name = 'CandidateGoneError';
  constructor() {
    super('our candidate key is gone from etcd: the lease expired');
  }
}

const hex = (leaseId: string): string => BigInt(leaseId).toString(16);

/** Lets a write start only while we lead with more than the safety margin of the lease left. */
function electionFence(state: EtcdElectionState): WriteFence {
  return {
    assertMayWrite(what) {
      if (!state.leading) throw new NotLeaderError(what, state.currentLeader ? `${state.currentLeader} is the leader` : 'no leader is elected yet');
      const refusal = state.clock.refusal();
      if (refusal) throw new NotLeaderError(what, refusal);
    },
  };
}

/** Grants a lease and puts the candidate key on it. */
async function enter(state: EtcdElectionState): Promise<Term> {
  const { client, clock, ttlSeconds } = state;
  const lease = client.lease(ttlSeconds, { autoKeepAlive: false });
  const sentAt = clock.now();
  const id = await lease.grant();
  clock.renewed(sentAt, ttlSeconds);
  const key = `${state.prefix}${hex(id)}`;
  await client.if(key, 'Create', '==', 0).then(client.put(key).value(state.holder).lease(id)).commit();
  const own = await client.get(key).exec();
  const createRevision = own.kvs[0]?.create_revision;
  if (!createRevision) throw new Error(`the candidate key ${key} vanished right after it was put`);
  state.clusterId = own.header.cluster_id;
  state.reachedEtcd();
  return { lease, key, createRevision };
}

/** One keep-alive; false when etcd says the lease is gone or our own count ran out. */
async function keepAlive(state: EtcdElectionState, current: Term): Promise<boolean> {
  const { clock } = state;
  const sentAt = clock.now();
  try {
    const answer = await current.lease.keepaliveOnce({ deadline: Date.now() + Math.max(500, clock.remainingMs()) });
    const ttl = Number(answer.TTL ?? 0);
    if (ttl <= 0) return false;
    clock.renewed(sentAt, ttl);
  } catch (error) {
    state.log.warn({ err: error, leftMs: Math.round(clock.remainingMs()) }, 'lease keep-alive failed');
  }
  return clock.remainingMs() > 0;
}

/** Whose key is first under the prefix; `mine` when it is ours. */
async function firstCandidate(state: EtcdElectionState, current: Term): Promise<{ mine: boolean; holder?: string }> {
  const all = await state.client.getAll().prefix(state.prefix).sort('Create', 'Ascend').exec();
  const first = all.kvs[0];
  const mineExists = all.kvs.some((kv) => kv.key.toString() === current.key);
  if (!mineExists) throw new CandidateGoneError();
  return { mine: first?.key.toString() === current.key, holder: first?.value.toString() };
}

/** Ends the term: the fence refuses at once, the lease is revoked, and a leader is told it lost. */
async function stepDown(state: EtcdElectionState, current: Term, reason: string, handlers: LeadershipHandlers): Promise<void> {
  const wasLeading = state.leading;
  state.leading = false;
  state.currentLeader = undefined;
  state.clock.lost();
  state.term = undefined;
  await current.lease.revoke().catch(() => undefined);
  if (wasLeading) {
    state.log.warn({ holder: state.holder, reason }, 'leadership lost: stepped down, campaigning again');
    await handlers.onLost(reason);
  }
}

/** The first candidate, or undefined when etcd cannot be read for a moment (our key gone still throws). */
async function readFirstCandidate(state: EtcdElectionState, current: Term): Promise<{ mine: boolean; holder?: string } | undefined> {
  return firstCandidate(state, current).catch((error: unknown) => {
    if (error instanceof CandidateGoneError) throw error;
    // etcd unreachable for a moment (a member down): the lease clock alone decides.
    state.log.warn({ err: error }, 'cannot read the election from etcd');
    return undefined;
  });
}

/** One term: campaign, lead while the lease lives, step down. */
async function runTerm(state: EtcdElectionState, handlers: LeadershipHandlers): Promise<void> {
  const { clock, keepAliveMs, pollMs } = state;
  const current = await enter(state);
  state.term = current;
  let lastKeepAlive = clock.now();
  try {
    while (!state.closed) {
      // First our own count: a lease that ran out while we were paused is never renewed into a term.
      if (clock.remainingMs() <= 0) return await stepDown(state, current, 'the lease ran out by the local clock (paused or cut off from etcd)', handlers);
      if (clock.now() - lastKeepAlive >= keepAliveMs || clock.remainingMs() <= keepAliveMs) {
        lastKeepAlive = clock.now();
        if (!(await keepAlive(state, current))) return await stepDown(state, current, 'the lease expired', handlers);
      }
      const first = await readFirstCandidate(state, current);
      if (first) state.currentLeader = first.holder;
      if (!first) {
        await delay(pollMs);
        continue;
      }
      if (first.mine && !state.leading && clock.refusal() === undefined) {
        state.leading = true;
        state.log.info({ holder: state.holder, key: current.key, ttlSeconds: state.ttlSeconds }, 'elected leader');
        await handlers.onElected();
      }
      await delay(state.leading ? Math.min(pollMs * 2, keepAliveMs) : pollMs);
    }
  } catch (error) {
    if (!state.closed) await stepDown(state, current, error instanceof Error ? error.message : String(error), handlers);
    if (!state.closed) throw error;
  }
}

/** Terms one after another until closed; an interrupted term is logged and campaigned again. */
async function campaign(state: EtcdElectionState, handlers: LeadershipHandlers): Promise<void> {
  while (!state.closed) {
    try {
      if (state.pauseBeforeCampaignMs > 0) await delay(state.pauseBeforeCampaignMs);
      state.pauseBeforeCampaignMs = 0;
      await runTerm(state, handlers);
    } catch (error) {
      if (state.closed) break;
      state.log.warn({ err: error, endpoints: state.options.endpoints }, 'etcd election interrupted: campaigning again');
      await delay(state.pollMs * 4);
    }
  }
}

/** Runs `operation` in a transaction that holds only while our candidate key is the one of this term. */
async function guarded(state: EtcdElectionState, fence: WriteFence, what: string, operation: (txn: ReturnType<Etcd3['if']>) => ReturnType<Etcd3['if']>): Promise<void> {
  fence.assertMayWrite(what);
  const current = state.term;
  if (!current) throw new NotLeaderError(what, 'this controller holds no lease');
  const answer = await operation(state.client.if(current.key, 'Create', '==', current.createRevision)).commit();
  if (!answer.succeeded) throw new NotLeaderError(what, 'our candidate key is gone from etcd');
}

/** Gives the lead away (revokes the lease); the next campaign waits one TTL. */
async function resign(state: EtcdElectionState): Promise<void> {
  state.pauseBeforeCampaignMs = state.ttlMs;
  state.leading = false;
  state.clock.lost();
  await state.term?.lease.revoke().catch(() => undefined);
}

/** Stops campaigning, revokes the lease and closes the client. */
async function close(state: EtcdElectionState): Promise<void> {
  state.closed = true;
  state.leading = false;
  state.clock.lost();
  state.reachedEtcd();
  await state.running?.catch(() => undefined);
  await state.term?.lease.revoke().catch(() => undefined);
  state.client.close();
}

export function createEtcdElection(options: EtcdElectionOptions): EtcdElection {
  const state = etcdElectionState(options);
  const { client, prefix } = state;
  const fence = electionFence(state);
  return {
    fence,
    client,
    isLeader: () => state.leading,
    leader: () => state.currentLeader,
    clusterId: () => state.clusterId,
    candidates: async () => Number((await client.getAll().prefix(prefix).count()) ?? 0),
    leaseRemainingMs: () => (state.leading ? Math.max(0, state.clock.remainingMs()) : 0),
    guardedPut: (key, value, what) => guarded(state, fence, what, (txn) => txn.then(client.put(key).value(value))),
    guardedDelete: (key, what) => guarded(state, fence, what, (txn) => txn.then(client.delete().key(key))),
    campaigning: () => state.reached,
    start(handlers) {
      state.running ??= campaign(state, handlers);
    },
    resign: () => resign(state),
    close: () => close(state),
  };
}
