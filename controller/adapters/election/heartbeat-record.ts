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
}

/** Who is asking. */
export interface HeartbeatSelf {
  instanceId: string;
  host: string;
  pid: number;
  session: string;
}

export type HeartbeatVerdict =
  | { kind: 'free' }
  | { kind: 'ours'; reason: string }
  | { kind: 'stale'; record: HeartbeatRecord; ageSeconds: number }
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
  return record as unknown as HeartbeatRecord;
}

/**
 * Whether `found` (the remote's heartbeat, undefined when there is none) lets `self` start:
 * - free: no heartbeat; ours: our own beat, or our earlier life on this DATA_DIR (same host, its
 *   process gone or our own pid, as after a container restart);
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
  if (ageSeconds >= found.staleAfterSeconds) return { kind: 'stale', record: found, ageSeconds };
  return { kind: 'held', record: found, ageSeconds, sameDataDir };
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
