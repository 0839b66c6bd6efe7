/**
 * The single-writer heartbeat without leader election (README "High availability", "One
 * controller without an election"): what a heartbeat says, and whether the one found on the Git
 * remote lets this controller start. Pure: the clock and the process check are passed in.
 */

export interface HeartbeatRecord {
  /** For people: `host (pid N, instance abcd1234)`. */
  holder: string;
  instanceId: string;
  host: string;
  pid: number;
  /** Random per process start: tells our own beats from those of an earlier life. */
  session: string;
  startedAt: string;
  /** The writer's wall clock when it wrote this beat. */
  beatAt: string;
  intervalSeconds: number;
  /** The writer stops writing before this much time passes without a beat; after it, the beat is stale. */
  staleAfterSeconds: number;
  /** Written by the leader of an etcd election (LEADER_ELECTION=etcd): which one. Absent without election. */
  election?: HeartbeatElection;
}

/** An etcd election: its key id (repository and client id) and the etcd cluster's id when known. */
export interface HeartbeatElection {
  id: string;
  cluster?: string;
}

/** Who is asking. */
export interface HeartbeatSelf {
  instanceId: string;
  host: string;
  pid: number;
  session: string;
  /** Set when the asker runs under LEADER_ELECTION=etcd. */
  election?: HeartbeatElection;
}

export type HeartbeatVerdict =
  | { kind: 'free' }
  | { kind: 'ours'; reason: string }
  | { kind: 'stale'; record: HeartbeatRecord; ageSeconds: number }
  /** The heartbeat of an earlier leader of the asker's own election: a new leader takes it over. */
  | { kind: 'predecessor'; record: HeartbeatRecord; ageSeconds: number }
  | { kind: 'held'; record: HeartbeatRecord; ageSeconds: number; sameDataDir: boolean }
  | { kind: 'unreadable'; detail: string };

/** How many heartbeat intervals without a beat make a heartbeat stale. */
export const STALE_AFTER_INTERVALS = 3;

/** Parses a heartbeat file; a string describing what is wrong when it is not one. */
export function parseHeartbeat(text: string): HeartbeatRecord | string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return `not JSON (${error instanceof Error ? error.message : String(error)})`;
  }
  if (typeof value !== 'object' || value === null) return 'not a JSON object';
  const record = value as Record<string, unknown>;
  for (const field of ['holder', 'instanceId', 'host', 'session', 'startedAt', 'beatAt']) {
    if (typeof record[field] !== 'string') return `"${field}" is missing or not a string`;
  }
  for (const field of ['pid', 'intervalSeconds', 'staleAfterSeconds']) {
    if (typeof record[field] !== 'number' || !Number.isFinite(record[field]) || record[field] <= 0) return `"${field}" is missing or not a positive number`;
  }
  if (Number.isNaN(Date.parse(record.beatAt as string))) return `"beatAt" is not a date`;
  if (record.election !== undefined) {
    const election = record.election as Record<string, unknown> | null;
    if (typeof election !== 'object' || election === null || typeof election.id !== 'string' || (election.cluster !== undefined && typeof election.cluster !== 'string')) return '"election" is not an object with a string "id"';
  }
  return record as unknown as HeartbeatRecord;
}

/**
 * Whether `found` (the remote's heartbeat, undefined when there is none) lets `self` start:
 * - free: no heartbeat; ours: our own beat, or our earlier life on this DATA_DIR (same host, its
 *   process gone or our own pid, as after a container restart);
 * - predecessor: written by a leader of our own etcd election (same key, same etcd cluster when
 *   both are known): the asker, once elected, takes it over, fresh or not, since the election
 *   already stopped the writer (its lease is gone);
 * - stale: its writer's last beat is older than the writer's own stale limit by our clock;
 * - held: someone else beats, refuse to start.
 */
export function judgeHeartbeat(found: HeartbeatRecord | string | undefined, self: HeartbeatSelf, nowMs: number, isAlive: (pid: number) => boolean): HeartbeatVerdict {
  if (found === undefined) return { kind: 'free' };
  if (typeof found === 'string') return { kind: 'unreadable', detail: found };
  if (found.session === self.session) return { kind: 'ours', reason: 'our own heartbeat' };
  const sameDataDir = found.instanceId === self.instanceId;
  if (sameDataDir && found.host === self.host && (found.pid === self.pid || !isAlive(found.pid))) {
    return { kind: 'ours', reason: 'the heartbeat of an earlier run on this DATA_DIR, whose process is gone' };
  }
  const ageSeconds = (nowMs - Date.parse(found.beatAt)) / 1000;
  if (sameElection(found.election, self.election)) return { kind: 'predecessor', record: found, ageSeconds };
  if (ageSeconds >= found.staleAfterSeconds) return { kind: 'stale', record: found, ageSeconds };
  return { kind: 'held', record: found, ageSeconds, sameDataDir };
}

/** Whether two heartbeats come from one etcd election (a cluster id known on one side only does not tell them apart). */
export function sameElection(a: HeartbeatElection | undefined, b: HeartbeatElection | undefined): boolean {
  if (!a || !b || a.id !== b.id) return false;
  return a.cluster === undefined || b.cluster === undefined || a.cluster === b.cluster;
}

/** The holder for people: `host (pid N, instance x)`, and whether it leads an etcd election. */
export function describeHolder(record: HeartbeatRecord): string {
  return record.election ? `${record.holder}, the leader of an etcd election (LEADER_ELECTION=etcd)` : `${record.holder}, running without LEADER_ELECTION`;
}

/** Whether a process with `pid` exists on this host (EPERM: it exists, owned by someone else). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
