/**
 * The local journal of audit records (`${dataDir}/journal/audit.jsonl`, one JSON entry a line):
 * a record is durable once its line is fsync'd, and leaves the journal only when it is on the audit
 * branch, through an atomic rewrite (write a temporary file, fsync, rename, fsync the directory).
 * A torn, unreadable or invalid line (a crash mid-write, a bad `time`, a status name that is not a
 * file name) is set aside in `audit.jsonl.corrupt` with a `file:line: what is wrong` error, and dropped.
 */
import { appendFile } from 'node:fs/promises';
import { appendDurably, ensureDirectoryOf, readTextIfExists, replaceDurably } from '../fs/durable-file.js';
import type { Logger } from '../logging/logger.js';
import { auditEntryProblem, type AuditEntry } from './audit-record.js';

export interface AuditJournal {
  readonly file: string;
  /**
   * The entries not yet pushed, oldest first: the first `limit`, or those whose line holds
   * `containing` (a superset of those about a campaign: pass its name as JSON). Parsed on each call.
   * With `maxBytes`, no more than that many characters of journal lines (but always the first entry).
   */
  entries(options?: { limit?: number; containing?: string; maxBytes?: number }): AuditEntry[];
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

/**
 * An entry as the journal holds it: its JSON line, not the parsed object. A backlog of thousands
 * of records (a 10,000-campaign first start adopts them all) costs a third of the memory this way,
 * and a rewrite joins the lines instead of serialising every entry again in one long turn of the
 * event loop (docs/architecture.md, "Scale").
 */
interface HeldEntry {
  id: string;
  line: string;
}

function serialise(entries: readonly HeldEntry[]): string {
  return entries.map((entry) => entry.line).join('');
}

/** The first of `entries` whose lines hold at most `maxBytes` characters in all (at least one). */
function withinBytes(entries: HeldEntry[], maxBytes: number | undefined): HeldEntry[] {
  if (maxBytes === undefined) return entries;
  let bytes = 0;
  const end = entries.findIndex((entry, index) => (bytes += entry.line.length) > maxBytes && index > 0);
  return end === -1 ? entries : entries.slice(0, end);
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
 * aside in `FILE.corrupt` with `file:line: what is wrong`, never a crash at every start.
 */
async function readJournal(file: string, log: Logger): Promise<HeldEntry[]> {
  const text = await readTextIfExists(file);
  const entries: HeldEntry[] = [];
  const bad: string[] = [];
  const seen = new Set<string>();
  for (const [index, line] of text.split('\n').entries()) {
    if (line.trim() === '') continue;
    const problem = lineProblem(line);
    if (problem !== undefined) {
      bad.push(line);
      log.error({ where: `${file}:${index + 1}: ${problem}`, quarantine: `${file}.corrupt` }, 'invalid audit journal line set aside');
      continue;
    }
    const { id } = (JSON.parse(line) as AuditEntry).record;
    if (!seen.has(id)) entries.push({ id, line: `${line}\n` });
    seen.add(id);
  }
  if (bad.length > 0 || (text !== '' && !text.endsWith('\n'))) {
    if (bad.length > 0) await appendFile(`${file}.corrupt`, bad.map((line) => `${line}\n`).join(''));
    await replaceDurably(file, serialise(entries));
  }
  return entries;
}

/** Reads the journal left by a previous run (if any) and returns it ready for appends. */
export async function openAuditJournal(file: string, log: Logger): Promise<AuditJournal> {
  await ensureDirectoryOf(file);
  let entries: HeldEntry[] = await readJournal(file, log);
  let chain: Promise<unknown> = Promise.resolve();

  const serial = <T>(task: () => Promise<T>): Promise<T> => {
    const next = chain.then(task, task);
    chain = next.catch(() => undefined);
    return next;
  };

  const rewrite = (): Promise<void> => replaceDurably(file, serialise(entries));

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
      // A partial line must not glue itself to the next append: restore the file from memory.
      await rewrite().catch(() => undefined);
      for (const { entry, failed } of group) {
        unwritten.delete(entry.record.id);
        failed(error);
      }
      return;
    }
    for (const [index, { entry, done }] of group.entries()) {
      entries.push({ id: entry.record.id, line: lines[index]! });
      ids.add(entry.record.id);
      unwritten.delete(entry.record.id);
      done();
    }
  }

  return {
    file,
    entries({ limit, containing, maxBytes } = {}) {
      const chosen = containing === undefined ? entries.slice(0, limit) : entries.filter((entry) => entry.line.includes(containing)).slice(0, limit);
      return withinBytes(chosen, maxBytes).map((entry) => JSON.parse(entry.line) as AuditEntry);
    },
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
        const previous = entries;
        entries = entries.filter((entry) => !removed.has(entry.id));
        try {
          await rewrite();
        } catch (error) {
          entries = previous;
          throw error;
        }
        for (const id of removed) ids.delete(id);
      });
    },
  };
}
