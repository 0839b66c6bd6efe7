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
import { Etcd3, type Lease } from 'etcd3';
import type { Logger } from '../logging/logger.js';
import { createLeaseClock, type LeaseClock } from './lease-clock.js';
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

interface Term {
  lease: Lease;
  key: string;
  createRevision: string;
}

class CandidateGoneError extends Error {
  override readonly name = 'CandidateGoneError';
  constructor() {
    super('our candidate key is gone from etcd: the lease expired');
  }
}

const hex = (leaseId: string): string => BigInt(leaseId).toString(16);

// eslint-disable-next-line max-lines-per-function -- not split yet (docs/architecture.md, "Function length"): split it and drop this line
export function createEtcdElection(options: EtcdElectionOptions): EtcdElection {
  const ttlSeconds = options.ttlSeconds ?? 15;
  const ttlMs = ttlSeconds * 1000;
  const { log, prefix, holder } = options;
  // Keep-alives five times per TTL; writes stop with a third of the TTL left (docs/architecture.md).
  const keepAliveMs = Math.max(100, Math.floor(ttlMs / 5));
  const pollMs = Math.max(50, Math.min(250, Math.floor(ttlMs / 10)));
  const clock: LeaseClock = createLeaseClock({ ttlMs, marginMs: Math.floor(ttlMs / 3), now: options.now });
  const client = new Etcd3({
    hosts: [...options.endpoints],
    dialTimeout: Math.min(5000, ttlMs),
    ...(options.tls ? { credentials: { rootCertificate: options.tls.ca, ...(options.tls.key ? { privateKey: options.tls.key } : {}), ...(options.tls.cert ? { certChain: options.tls.cert } : {}) } } : {}),
    ...(options.tls?.serverName ? { grpcOptions: { 'grpc.ssl_target_name_override': options.tls.serverName } } : {}),
    ...(options.auth ? { auth: options.auth } : {}),
  });
  let term: Term | undefined;
  let leading = false;
  let currentLeader: string | undefined;
  let clusterId: string | undefined;
  let closed = false;
  let running: Promise<void> | undefined;
  let pauseBeforeCampaignMs = 0;
  let reachedEtcd!: () => void;
  const reached = new Promise<void>((resolve) => (reachedEtcd = resolve));

  const fence: WriteFence = {
    assertMayWrite(what) {
      if (!leading) throw new NotLeaderError(what, currentLeader ? `${currentLeader} is the leader` : 'no leader is elected yet');
      const refusal = clock.refusal();
      if (refusal) throw new NotLeaderError(what, refusal);
    },
  };

  /** Grants a lease and puts the candidate key on it. */
  async function enter(): Promise<Term> {
    const lease = client.lease(ttlSeconds, { autoKeepAlive: false });
    const sentAt = clock.now();
    const id = await lease.grant();
    clock.renewed(sentAt, ttlSeconds);
    const key = `${prefix}${hex(id)}`;
    await client.if(key, 'Create', '==', 0).then(client.put(key).value(holder).lease(id)).commit();
    const own = await client.get(key).exec();
    const createRevision = own.kvs[0]?.create_revision;
    if (!createRevision) throw new Error(`the candidate key ${key} vanished right after it was put`);
    clusterId = own.header.cluster_id;
    reachedEtcd();
    return { lease, key, createRevision };
  }

  /** One keep-alive; false when etcd says the lease is gone or our own count ran out. */
  async function keepAlive(current: Term): Promise<boolean> {
    const sentAt = clock.now();
    try {
      const answer = await current.lease.keepaliveOnce({ deadline: Date.now() + Math.max(500, clock.remainingMs()) });
      const ttl = Number(answer.TTL ?? 0);
      if (ttl <= 0) return false;
      clock.renewed(sentAt, ttl);
    } catch (error) {
      log.warn({ err: error, leftMs: Math.round(clock.remainingMs()) }, 'lease keep-alive failed');
    }
    return clock.remainingMs() > 0;
  }

  /** Whose key is first under the prefix; `mine` when it is ours. */
  async function firstCandidate(current: Term): Promise<{ mine: boolean; holder?: string }> {
    const all = await client.getAll().prefix(prefix).sort('Create', 'Ascend').exec();
    const first = all.kvs[0];
    const mineExists = all.kvs.some((kv) => kv.key.toString() === current.key);
    if (!mineExists) throw new CandidateGoneError();
    return { mine: first?.key.toString() === current.key, holder: first?.value.toString() };
  }

  async function stepDown(current: Term, reason: string, handlers: LeadershipHandlers): Promise<void> {
    const wasLeading = leading;
    leading = false;
    currentLeader = undefined;
    clock.lost();
    term = undefined;
    await current.lease.revoke().catch(() => undefined);
    if (wasLeading) {
      log.warn({ holder, reason }, 'leadership lost: stepped down, campaigning again');
      await handlers.onLost(reason);
    }
  }

  /** One term: campaign, lead while the lease lives, step down. */
  async function runTerm(handlers: LeadershipHandlers): Promise<void> {
    const current = await enter();
    term = current;
    let lastKeepAlive = clock.now();
    try {
      while (!closed) {
        // First our own count: a lease that ran out while we were paused is never renewed into a term.
        if (clock.remainingMs() <= 0) return await stepDown(current, 'the lease ran out by the local clock (paused or cut off from etcd)', handlers);
        if (clock.now() - lastKeepAlive >= keepAliveMs || clock.remainingMs() <= keepAliveMs) {
          lastKeepAlive = clock.now();
          if (!(await keepAlive(current))) return await stepDown(current, 'the lease expired', handlers);
        }
        const first = await firstCandidate(current).catch((error: unknown) => {
          if (error instanceof CandidateGoneError) throw error;
          // etcd unreachable for a moment (a member down): the lease clock alone decides.
          log.warn({ err: error }, 'cannot read the election from etcd');
          return undefined;
        });
        if (first) currentLeader = first.holder;
        if (!first) {
          await delay(pollMs);
          continue;
        }
        if (first.mine && !leading && clock.refusal() === undefined) {
          leading = true;
          log.info({ holder, key: current.key, ttlSeconds }, 'elected leader');
          await handlers.onElected();
        }
        await delay(leading ? Math.min(pollMs * 2, keepAliveMs) : pollMs);
      }
    } catch (error) {
      if (!closed) await stepDown(current, error instanceof Error ? error.message : String(error), handlers);
      if (!closed) throw error;
    }
  }

  async function guarded(what: string, operation: (txn: ReturnType<Etcd3['if']>) => ReturnType<Etcd3['if']>): Promise<void> {
    fence.assertMayWrite(what);
    const current = term;
    if (!current) throw new NotLeaderError(what, 'this controller holds no lease');
    const answer = await operation(client.if(current.key, 'Create', '==', current.createRevision)).commit();
    if (!answer.succeeded) throw new NotLeaderError(what, 'our candidate key is gone from etcd');
  }

  return {
    fence,
    client,
    isLeader: () => leading,
    leader: () => currentLeader,
    clusterId: () => clusterId,
    candidates: async () => Number((await client.getAll().prefix(prefix).count()) ?? 0),
    leaseRemainingMs: () => (leading ? Math.max(0, clock.remainingMs()) : 0),
    guardedPut: (key, value, what) => guarded(what, (txn) => txn.then(client.put(key).value(value))),
    guardedDelete: (key, what) => guarded(what, (txn) => txn.then(client.delete().key(key))),
    campaigning: () => reached,
    start(handlers) {
      running ??= (async () => {
        while (!closed) {
          try {
            if (pauseBeforeCampaignMs > 0) await delay(pauseBeforeCampaignMs);
            pauseBeforeCampaignMs = 0;
            await runTerm(handlers);
          } catch (error) {
            if (closed) break;
            log.warn({ err: error, endpoints: options.endpoints }, 'etcd election interrupted: campaigning again');
            await delay(pollMs * 4);
          }
        }
      })();
    },
    async resign() {
      pauseBeforeCampaignMs = ttlMs;
      leading = false;
      clock.lost();
      await term?.lease.revoke().catch(() => undefined);
    },
    async close() {
      closed = true;
      leading = false;
      clock.lost();
      reachedEtcd();
      await running?.catch(() => undefined);
      await term?.lease.revoke().catch(() => undefined);
      client.close();
    },
  };
}
