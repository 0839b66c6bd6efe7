/**
 * The etcd election's settings, its client and its state (docs/architecture.md, "High availability
 * and one writer"): the lease clock, the current term (lease and candidate key), whether we lead,
 * whom we last read as leader, and the campaign loop's own flags.
 */
import { Etcd3, type Lease } from 'etcd3';
import type { Logger } from '../logging/logger.js';
import type { EtcdElectionOptions } from './etcd-election.js';
import { createLeaseClock, type LeaseClock } from './lease-clock.js';

/** One term of candidacy: our lease and the candidate key put on it. */
export interface Term {
  lease: Lease;
  key: string;
  createRevision: string;
}

/** One election's settings (defaults applied), its etcd client and what changes while it campaigns. */
export interface EtcdElectionState {
  readonly options: EtcdElectionOptions;
  readonly log: Logger;
  readonly prefix: string;
  readonly holder: string;
  readonly ttlSeconds: number;
  readonly ttlMs: number;
  /** Between keep-alives: five per TTL. */
  readonly keepAliveMs: number;
  /** Between reads of the election. */
  readonly pollMs: number;
  readonly clock: LeaseClock;
  readonly client: Etcd3;
  term: Term | undefined;
  leading: boolean;
  currentLeader: string | undefined;
  clusterId: string | undefined;
  closed: boolean;
  running: Promise<void> | undefined;
  /** Set by `resign`: the next campaign waits this long first. */
  pauseBeforeCampaignMs: number;
  /** Resolves `reached`: etcd answered and our candidate key is put (or the election closed). */
  readonly reachedEtcd: () => void;
  readonly reached: Promise<void>;
}

/** The etcd client for `options` (TLS, etcd's own auth, a dial timeout of at most the TTL). */
function etcdClient(options: EtcdElectionOptions, ttlMs: number): Etcd3 {
  return new Etcd3({
    hosts: [...options.endpoints],
    dialTimeout: Math.min(5000, ttlMs),
    ...(options.tls ? { credentials: { rootCertificate: options.tls.ca, ...(options.tls.key ? { privateKey: options.tls.key } : {}), ...(options.tls.cert ? { certChain: options.tls.cert } : {}) } } : {}),
    ...(options.tls?.serverName ? { grpcOptions: { 'grpc.ssl_target_name_override': options.tls.serverName } } : {}),
    ...(options.auth ? { auth: options.auth } : {}),
  });
}

/** The state of an election not yet started. */
export function etcdElectionState(options: EtcdElectionOptions): EtcdElectionState {
  const ttlSeconds = options.ttlSeconds ?? 15;
  const ttlMs = ttlSeconds * 1000;
  let reachedEtcd!: () => void;
  const reached = new Promise<void>((resolve) => (reachedEtcd = resolve));
  return {
    options,
    log: options.log,
    prefix: options.prefix,
    holder: options.holder,
    ttlSeconds,
    ttlMs,
    // Keep-alives five times per TTL; writes stop with a third of the TTL left (docs/architecture.md).
    keepAliveMs: Math.max(100, Math.floor(ttlMs / 5)),
    pollMs: Math.max(50, Math.min(250, Math.floor(ttlMs / 10))),
    clock: createLeaseClock({ ttlMs, marginMs: Math.floor(ttlMs / 3), now: options.now }),
    client: etcdClient(options, ttlMs),
    term: undefined,
    leading: false,
    currentLeader: undefined,
    clusterId: undefined,
    closed: false,
    running: undefined,
    pauseBeforeCampaignMs: 0,
    reachedEtcd,
    reached,
  };
}
