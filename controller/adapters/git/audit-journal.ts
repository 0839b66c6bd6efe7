/**
 * The local journal of audit records (`${dataDir}/journal/audit.jsonl`, one JSON entry a line):
 * a record is durable once its line is fsync'd, and leaves the journal only when it is on the audit
 * branch, through an atomic rewrite (write a temporary file, fsync, rename, fsync the directory).
 * A torn, unreadable or invalid line (a crash mid-write, a bad `time`, a status name that is not a
 * file name) is set aside in `audit.jsonl.corrupt` with a `file:line: what is wrong` error, and dropped.
 *
 * The lines stay on disk: memory holds each entry's id and where its line is in the file, so a
 * backlog of tens of thousands of records (a first start adopts every campaign) costs a few dozen
 * bytes each, not the 3 kB of its line (docs/architecture.md, "Scale"). Reads and rewrites go
 * through the file in chunks, in the journal's one queue, so an offset is never read stale.
 */
import { appendFile, open, readFile, type FileHandle } from 'node:fs/promises';
import { appendDurably, ensureDirectoryOf, replaceDurably, truncateDurably } from '../fs/durable-file.js';
import type { Logger } from '../logging/logger.js';
import { auditEntryProblem, type AuditEntry } from './audit-record.js';

export interface AuditJournal {
  readonly file: string;
  /**
   * The entries not yet pushed, oldest first: the first `limit`, or those whose line holds
   * `containing` (a superset of those about a campaign: pass its name as JSON). Read from the file
   * and parsed on each call. With `maxBytes`, no more than that many bytes of journal lines (but
   * always the first entry).
   */
  entries(options?: { limit?: number; containing?: string; maxBytes?: number }): Promise<AuditEntry[]>;
  size(): number;
  has(id: string): boolean;
  /**
   * Appends and fsyncs; an id already in the journal is not appended again. Appends made while a
   * write is under way go together in the next write, with one fsync (each resolves once durable).
   */
  append(entry: AuditEntry): Promise<void>;
  /** Drops the given record ids (they are on the branch) with an atomic rewrite. */
  remove(ids: ReadonlySet<string>): Promise<void>;
}

/** An entry as the journal holds it: its id and the bytes of its line (newline included) in the file. */
interface HeldEntry {
  id: string;
  start: number;
  end: number;
}

/** Reads at most this many bytes of the file at a time. */
const CHUNK_BYTES = 1024 * 1024;

/** Consecutive entries whose lines lie in one read of at most CHUNK_BYTES (at least one entry). */
function nextSpan(entries: readonly HeldEntry[], from: number): HeldEntry[] {
  const first = entries[from]!;
  let to = from + 1;
  while (to < entries.length && entries[to]!.end - first.start <= CHUNK_BYTES) to += 1;
  return entries.slice(from, to);
}

/** Each of `entries` (in file order) with the text of its line, reading the file a chunk at a time. */
async function* linesOf(handle: FileHandle, entries: readonly HeldEntry[]): AsyncGenerator<[HeldEntry, string]> {
  for (let from = 0; from < entries.length; ) {
    const span = nextSpan(entries, from);
    const base = span[0]!.start;
    const bytes = Buffer.alloc(span.at(-1)!.end - base);
    await handle.read(bytes, 0, bytes.length, base);
    for (const entry of span) yield [entry, bytes.toString('utf8', entry.start - base, entry.end - base)];
    from += span.length;
  }
}

/** Writes the lines of `kept` to `target` in chunks: a run of adjacent lines is copied in one piece. */
function copyLines(source: FileHandle, kept: readonly HeldEntry[]): (target: FileHandle) => Promise<void> {
  return async (target) => {
    for (let from = 0; from < kept.length; ) {
      let to = from + 1;
      while (to < kept.length && kept[to]!.start === kept[to - 1]!.end && kept[to]!.end - kept[from]!.start <= CHUNK_BYTES) to += 1;
      const bytes = Buffer.alloc(kept[to - 1]!.end - kept[from]!.start);
      await source.read(bytes, 0, bytes.length, kept[from]!.start);
      await target.write(bytes);
      from = to;
    }
  };
}

/** `kept` as they lie once their lines are written one after the other from the start of the file. */
function packed(kept: readonly HeldEntry[]): HeldEntry[] {
  let at = 0;
  return kept.map(({ id, start, end }) => {
    const moved = { id, start: at, end: at + (end - start) };
    at = moved.end;
    return moved;
  });
}

function lineProblem(line: string): string | undefined {
  try {
    return auditEntryProblem(JSON.parse(line));
  } catch {
    return 'not valid JSON (a line torn by a crash?)';
  }
}

/**
 * The entries of the journal left by a previous run, first occurrence of each id; bad lines are set
 * aside in `FILE.corrupt` with `file:line: what is wrong`, never a crash at every start. The file is
 * rewritten to hold exactly the entries kept (one after the other, each ending in a newline).
 */
async function readJournal(file: string, log: Logger): Promise<{ entries: HeldEntry[]; bytes: number }> {
  const content = await readFile(file).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return Buffer.alloc(0);
    throw error;
  });
  const entries: HeldEntry[] = [];
  const bad: string[] = [];
  const seen = new Set<string>();
  let clean = true;
  for (let start = 0, index = 0; start < content.length; index += 1) {
    const newline = content.indexOf(0x0a, start);
    const end = newline === -1 ? content.length : newline + 1;
    const line = content.toString('utf8', start, newline === -1 ? end : newline);
    const at = start;
    start = end;
    if (newline === -1) clean = false;
    if (line.trim() === '') continue;
    const problem = lineProblem(line);
    if (problem !== undefined) {
      bad.push(line);
      log.error({ where: `${file}:${index + 1}: ${problem}`, quarantine: `${file}.corrupt` }, 'invalid audit journal line set aside');
      continue;
    }
    const { id } = (JSON.parse(line) as AuditEntry).record;
    if (!seen.has(id)) entries.push({ id, start: at, end: newline === -1 ? end + 1 : end });
    seen.add(id);
  }
  if (bad.length === 0 && clean) return { entries, bytes: content.length };
  if (bad.length > 0) await appendFile(`${file}.corrupt`, bad.map((line) => `${line}\n`).join(''));
  const kept = Buffer.concat(entries.map(({ start, end }) => (end > content.length ? Buffer.concat([content.subarray(start), Buffer.from('\n')]) : content.subarray(start, end))));
  await replaceDurably(file, kept);
  return { entries: packed(entries), bytes: kept.length };
}

async function withFile<T>(file: string, use: (handle: FileHandle) => Promise<T>): Promise<T> {
  const handle = await open(file, 'r');
  try {
    return await use(handle);
  } finally {
    await handle.close();
  }
}

/** The first of `held` (oldest first) up to `limit`, or those whose line holds `containing`, within `maxBytes`: read from `file` and parsed. */
async function readEntries(file: string, held: readonly HeldEntry[], { limit, containing, maxBytes }: { limit?: number; containing?: string; maxBytes?: number }): Promise<AuditEntry[]> {
  const most = limit ?? Number.POSITIVE_INFINITY;
  const candidates = containing === undefined ? held.slice(0, most) : held;
  const chosen: AuditEntry[] = [];
  if (candidates.length === 0 || most <= 0) return chosen;
  let taken = 0;
  await withFile(file, async (handle) => {
    for await (const [entry, line] of linesOf(handle, candidates)) {
      if (containing !== undefined && !line.includes(containing)) continue;
      taken += entry.end - entry.start;
      if (maxBytes !== undefined && taken > maxBytes && chosen.length > 0) return;
      chosen.push(JSON.parse(line) as AuditEntry);
      if (chosen.length >= most) return;
    }
  });
  return chosen;
}

/** Reads the journal left by a previous run (if any) and returns it ready for appends. */
export async function openAuditJournal(file: string, log: Logger): Promise<AuditJournal> {
  await ensureDirectoryOf(file);
  const opened = await readJournal(file, log);
  let entries: HeldEntry[] = opened.entries;
  /** The length of the file as the journal wrote it: where the next append starts. */
  let bytes = opened.bytes;
  let chain: Promise<unknown> = Promise.resolve();

  const serial = <T>(task: () => Promise<T>): Promise<T> => {
    const next = chain.then(task, task);
    chain = next.catch(() => undefined);
    return next;
  };

  if (entries.length > 0) log.info({ file, records: entries.length }, 'audit journal holds records not yet pushed');

  const ids = new Set(entries.map((entry) => entry.id));
  /** Appends waiting for the next write: all of them go in one write and one fsync (group commit). */
  let waiting: Array<{ entry: AuditEntry; done: () => void; failed: (error: unknown) => void }> = [];
  /** Ids waiting or being written, until durable or failed: the same id arriving meanwhile joins it. */
  const unwritten = new Map<string, Promise<void>>();

  async function writeWaiting(): Promise<void> {
    const group = waiting;
    waiting = [];
    const lines = group.map(({ entry }) => `${JSON.stringify(entry)}\n`);
    try {
      await appendDurably(file, lines.join(''));
    } catch (error) {
      // A partial line must not glue itself to the next append: cut the file back to what it held.
      await truncateDurably(file, bytes).catch(() => undefined);
      for (const { entry, failed } of group) {
        unwritten.delete(entry.record.id);
        failed(error);
      }
      return;
    }
    for (const [index, { entry, done }] of group.entries()) {
      const end = bytes + Buffer.byteLength(lines[index]!);
      entries.push({ id: entry.record.id, start: bytes, end });
      bytes = end;
      ids.add(entry.record.id);
      unwritten.delete(entry.record.id);
      done();
    }
  }

  return {
    file,
    entries: (options = {}) => serial(() => readEntries(file, entries, options)),
    size: () => entries.length,
    has: (id) => ids.has(id),
    append(entry) {
      const id = entry.record.id;
      if (ids.has(id)) return Promise.resolve();
      const queued = unwritten.get(id);
      if (queued) return queued;
      const durable = new Promise<void>((done, failed) => waiting.push({ entry, done, failed }));
      unwritten.set(id, durable);
      // The first append of a group schedules its write; those arriving before it starts join it.
      if (waiting.length === 1) void serial(writeWaiting);
      return durable;
    },
    remove(removed) {
      return serial(async () => {
        if (!entries.some((entry) => removed.has(entry.id))) return;
        const kept = entries.filter((entry) => !removed.has(entry.id));
        await withFile(file, (source) => replaceDurably(file, copyLines(source, kept)));
        entries = packed(kept);
        bytes = entries.at(-1)?.end ?? 0;
        for (const id of removed) ids.delete(id);
      });
    },
  };
}
