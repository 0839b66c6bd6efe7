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
}

export interface IntentLog {
  begin(intent: ApplyIntent): Promise<void>;
  end(id: string): Promise<void>;
  pending(): ApplyIntent[];
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

/** Intents in `file` (one JSON line each), written durably (adapters/fs/durable-file.ts) on every change. */
export async function createFileIntentLog(file: string): Promise<IntentLog> {
  await ensureDirectoryOf(file);
  let intents: ApplyIntent[] = (await readTextIfExists(file))
    .split('\n')
    .filter((line) => line.trim() !== '')
    .flatMap((line) => {
      try {
        return [JSON.parse(line) as ApplyIntent];
      } catch {
        return []; // a line torn by a crash mid-write: its PUT was never sent
      }
    });
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
