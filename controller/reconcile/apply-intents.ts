/**
 * Write-ahead intents for PUTs, so that no accepted PUT is ever left without its audit record —
 * not even when the process is killed between CXone's answer and the journal, or when the answer
 * is lost. Before each PUT the intent (the record to write if it happened) is appended with fsync;
 * once the record is journaled the intent is dropped. What is left at start-up, or after a PUT
 * whose answer never came, is resolved by reading the campaign: at the intended version, changed by
 * this controller, with the intended settings, the PUT happened and its record is written. When the
 * campaign has moved on by more versions since, nobody can tell: the record is written marked
 * `uncertain`, so the audit trail never silently misses a write.
 */
import { appendDurably, ensureDirectoryOf, readTextIfExists, replaceDurably } from '../adapters/fs/durable-file.js';
import { liveSettings } from '../domain/dialer-settings.js';
import { sameSettings } from '../domain/diff-settings.js';
import type { LiveCampaign, LiveDialerSettings } from '../domain/live-campaign.js';
import type { AuditRecord } from './reconcile-campaign.js';

export interface ApplyIntent {
  /** The id of the audit record this PUT will produce. */
  id: string;
  campaignId: string;
  /** The version the PUT carries; if it happened, the campaign is now at this + 1. */
  fromVersion: number;
  settings: LiveDialerSettings;
  /** The record to write if the PUT happened. */
  record: AuditRecord;
}

export interface IntentLog {
  begin(intent: ApplyIntent): Promise<void>;
  end(id: string): Promise<void>;
  pending(): ApplyIntent[];
}

/**
 * Did the PUT of `intent` happen, judging by the campaign as it is now? `unknown` when the campaign
 * has moved on by more than one version since: the PUT may be one of those changes, or not.
 */
export function intentOutcome(intent: ApplyIntent, live: LiveCampaign | undefined, actor: string): 'yes' | 'no' | 'unknown' {
  if (!live || live.version <= intent.fromVersion) return 'no';
  if (live.version > intent.fromVersion + 1) return 'unknown';
  if (live.modifiedBy !== actor) return 'no';
  return sameSettings(liveSettings(live), liveSettings({ ...live, predictiveDialerSettings: intent.settings })) ? 'yes' : 'no';
}

/** True only when the campaign shows that the PUT of `intent` happened. */
export function intentHappened(intent: ApplyIntent, live: LiveCampaign | undefined, actor: string): boolean {
  return intentOutcome(intent, live, actor) === 'yes';
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
