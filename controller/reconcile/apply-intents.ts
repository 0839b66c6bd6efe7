/**
 * Write-ahead intents of writes (I1 in docs/architecture.md), so that no accepted write is left
 * without its audit record — not when the process is killed between CXone's answer and the
 * journal, not when the answer is lost, not when the journal write fails. Before each write the
 * intent (the record to write if it happened, and what it means for the status) is appended with
 * fsync; once the record is journaled the intent is dropped. An intent still pending is settled by
 * the campaign's next reconcile (recover-writes.ts), from a fresh observation: the write happened
 * (its record is written, and an apply goes on to its verification), did not happen (dropped), or
 * nobody can tell because the campaign moved on since (recorded `uncertain`). While the campaign
 * cannot be read the intent stays and the reconcile is retried.
 */
import { appendFile } from 'node:fs/promises';
import { auditEntryProblem } from '../adapters/git/audit-record.js';
import { silentLogger, type Logger } from '../adapters/logging/logger.js';
import { appendDurably, ensureDirectoryOf, readTextIfExists, replaceDurably } from '../adapters/fs/durable-file.js';
import type { Hold, PendingVerification } from '../domain/campaign-state.js';
import type { CampaignUpdate, LiveDialerSettings } from '../domain/live-campaign.js';
import type { AuditRecord } from '../domain/audit-record.js';

/** What an accepted write means for the campaign's status, so a recovered write settles the same way. */
export type IntentEffect<W = CampaignUpdate> =
  | { kind: 'apply'; verification: Omit<PendingVerification<W>, 'appliedVersion' | 'appliedAt'>; weights: Record<string, number> }
  | { kind: 'rollback'; hold: Hold; revision?: string; weights: Record<string, number> };

/** `S`: what the write carries (dialect-specific, as in the audit record); `W`: the dialect's write. */
export interface ApplyIntent<S = LiveDialerSettings, W = CampaignUpdate> {
  /** The id of the audit record this PUT will produce. */
  id: string;
  campaignId: string;
  /** The version the PUT carries; if it happened, the campaign is now at this + 1. */
  fromVersion: number;
  settings: S;
  /** The record to write if the PUT happened. */
  record: AuditRecord;
  /** What it means for the status (absent in intents written before it existed: record only). */
  effect?: IntentEffect<W>;
  /** ISO time the write was sent (absent in intents written before it existed). */
  sentAt?: string;
  /**
   * ISO time CXone's answer (or the re-read after a lost one) showed the write accepted: the apply's
   * time, where its live analysis starts. Marked right after the answer, before anything else, so a
   * process killed before its `applied` record is journaled or pushed leaves it to whoever settles
   * the intent (a restart, or the next leader).
   */
  acceptedAt?: string;
}

export interface IntentLog {
  begin(intent: ApplyIntent): Promise<void>;
  /** CXone accepted the write of intent `id` at `at` (ISO): kept on the intent until it ends. */
  accepted(id: string, at: string): Promise<void>;
  end(id: string): Promise<void>;
  pending(): ApplyIntent[];
  /**
   * Whether this process may judge its open intents now (default: always). Under leader election
   * the next leader takes them over once the lease is lost and judges them from its own read; a
   * replica that lost the lease must leave a lost answer to it, since a write the new leader made
   * with the same values reads like its own (same actor, version + 1). I1 in docs/architecture.md.
   */
  mayJudge?(): boolean;
}

/** Whether the process may judge the log's open intents now: yes unless the log says no (`IntentLog.mayJudge`). */
export function mayJudgeIntents(log: IntentLog | undefined): boolean {
  return log?.mayJudge?.() !== false;
}

/**
 * When CXone accepted the intent's write, as best known: the marked time, else the time it was sent
 * (the killed process never saw the answer; the write landed at most one round trip later).
 */
export function acceptedTimeOf(intent: Pick<ApplyIntent, 'acceptedAt' | 'sentAt'>): string | undefined {
  return intent.acceptedAt ?? intent.sentAt;
}

/**
 * What the record of an intent judged applied adds when the write is not proven ours: with
 * versions, the version and modifier prove it (nothing added); without (skills), live fields equal
 * to the write prove only that they are live, so the write must also have been acknowledged
 * (`acceptedAt`): a PUT never answered may never have arrived while someone set the same values,
 * and its record is `uncertain` (I1 in docs/architecture.md).
 */
export function unprovenMark(intent: Pick<ApplyIntent, 'acceptedAt' | 'record'>, versionedWrites: boolean): { uncertain?: true; reason?: string } {
  if (versionedWrites || intent.acceptedAt !== undefined) return {};
  const why = 'its settings are live, but CXone never acknowledged this PUT and the API keeps no version: someone may have set the same values';
  return { uncertain: true, reason: `${String(intent.record.reason ?? '')}; ${why}` };
}

/** The pending intents of one campaign, oldest first. */
export function pendingIntentsOf<S = LiveDialerSettings, W = CampaignUpdate>(log: IntentLog | undefined, campaignId: string): ApplyIntent<S, W>[] {
  // The journal is JSON lines of every dialect's intents; those of one object were written by its
  // own dialect (docs/architecture.md, "The dialect seam"), so they carry its types.
  return (log?.pending() ?? []).filter((intent) => intent.campaignId === campaignId) as unknown as ApplyIntent<S, W>[];
}

/** Journals `intent` (of any dialect) before its write. */
export function beginIntent<S, W>(log: IntentLog | undefined, intent: ApplyIntent<S, W>): Promise<void> | undefined {
  return log?.begin(intent as unknown as ApplyIntent);
}

/** What is wrong with a parsed line as an intent, or undefined (docs/architecture.md, "Journal quarantine"). */
export function intentProblem(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'not a JSON object';
  const intent = value as Record<string, unknown>;
  for (const field of ['id', 'campaignId']) if (typeof intent[field] !== 'string' || intent[field] === '') return `${field} must be a non-empty string`;
  if (!Number.isInteger(intent.fromVersion)) return 'fromVersion must be a whole number';
  // Settings are the dialect's (predictive weights, a skill's groups): an object, whatever its fields.
  const settings = intent.settings as Record<string, unknown> | undefined;
  if (typeof settings !== 'object' || settings === null || Array.isArray(settings)) return 'an intent without settings';
  for (const field of ['sentAt', 'acceptedAt']) {
    const time = intent[field];
    if (time !== undefined && (typeof time !== 'string' || Number.isNaN(Date.parse(time)))) return `${field} ${JSON.stringify(time)} is not an ISO 8601 date`;
  }
  const record = auditEntryProblem({ record: intent.record });
  if (record !== undefined) return record;
  if (intent.effect !== undefined && (typeof intent.effect !== 'object' || intent.effect === null || !['apply', 'rollback'].includes(String((intent.effect as { kind?: unknown }).kind)))) return 'effect.kind must be apply or rollback';
  return undefined;
}

function readIntent(line: string): { intent?: ApplyIntent; problem?: string } {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    // A line torn by a crash mid-write: its PUT was never sent.
    return { problem: 'not valid JSON (a line torn by a crash?)' };
  }
  const problem = intentProblem(value);
  return problem === undefined ? { intent: value as ApplyIntent } : { problem };
}

/**
 * Intents in `file` (one JSON line each), written durably (adapters/fs/durable-file.ts) on every
 * change. A line that is not an intent is set aside in `<file>.corrupt`, logged as `file:line: what
 * is wrong`, and left out, so one poison line never stops every start.
 */
export async function createFileIntentLog(file: string, log: Pick<Logger, 'error'> = silentLogger): Promise<IntentLog> {
  await ensureDirectoryOf(file);
  let intents: ApplyIntent[] = [];
  const bad: string[] = [];
  for (const [index, line] of (await readTextIfExists(file)).split('\n').entries()) {
    if (line.trim() === '') continue;
    const { intent, problem } = readIntent(line);
    if (intent) intents.push(intent);
    else {
      bad.push(line);
      log.error({ where: `${file}:${index + 1}: ${problem}`, quarantine: `${file}.corrupt` }, 'invalid write intent set aside');
    }
  }
  if (bad.length > 0) {
    await appendFile(`${file}.corrupt`, bad.map((line) => `${line}\n`).join(''));
    await replaceDurably(file, intents.map((intent) => `${JSON.stringify(intent)}\n`).join(''));
  }
  // One change at a time, so an `end` never rewrites the file under a `begin`'s append.
  let chain: Promise<unknown> = Promise.resolve();
  const serial = (task: () => Promise<void>): Promise<void> => {
    const next = chain.then(task, task);
    chain = next.catch(() => undefined);
    return next;
  };
  return {
    begin(intent) {
      return serial(async () => {
        await appendDurably(file, `${JSON.stringify(intent)}\n`);
        intents.push(intent);
      });
    },
    accepted(id, at) {
      return serial(async () => {
        const marked = intents.map((intent) => (intent.id === id ? { ...intent, acceptedAt: at } : intent));
        await replaceDurably(file, marked.map((intent) => `${JSON.stringify(intent)}\n`).join(''));
        intents = marked;
      });
    },
    end(id) {
      return serial(async () => {
        const remaining = intents.filter((intent) => intent.id !== id);
        await replaceDurably(file, remaining.map((intent) => `${JSON.stringify(intent)}\n`).join(''));
        intents = remaining;
      });
    },
    pending: () => [...intents],
  };
}
