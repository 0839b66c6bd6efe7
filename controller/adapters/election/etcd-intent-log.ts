/**
 * Write-ahead PUT intents kept in etcd under leader election, so the next leader sees the intents of
 * a leader that died or was paused mid-apply (I1 across a takeover; README "High availability").
 * Each intent is written only while this replica still leads (a transaction on its candidate key).
 * An intent whose record was journaled stays in etcd until that record is on the audit branch: a
 * leader killed between its journal and its push leaves the intent to the next leader, which
 * records the PUT with the same record id (the audit trail never commits an id twice). Once CXone
 * accepts the write its intent is marked with that time, so the next leader dates the apply (and
 * starts its live analysis) where this one did.
 */
import type { ApplyIntent, IntentLog } from '../../reconcile/apply-intents.js';
import type { Logger } from '../logging/logger.js';
import type { EtcdElection } from './etcd-election.js';
import { mayWriteNow, type WriteFence } from './write-fence.js';

export interface EtcdIntentLog extends IntentLog {
  /** Reads every intent in etcd (call once elected, before the controller starts). */
  load(): Promise<void>;
  /** The record `id` was journaled: its intent waits for the push. */
  journaled(id: string): void;
  /** These records are on the audit branch: their intents can go. */
  pushed(ids: readonly string[]): void;
}

/** `judgeFence`: the replica's write fence; while it lets this replica write, it judges its intents (IntentLog.mayJudge). */
export function createEtcdIntentLog(election: EtcdElection, prefix: string, log: Logger, judgeFence: WriteFence): EtcdIntentLog {
  let intents = new Map<string, ApplyIntent>();
  const journaledIds = new Set<string>();
  const awaitingPush = new Set<string>();

  const drop = (id: string): void => {
    intents.delete(id);
    election.guardedDelete(`${prefix}${id}`, 'dropping a PUT intent').catch((error: unknown) => {
      // Not leading any more: the intent stays for the next leader, which resolves it.
      log.warn({ err: error, intent: id }, 'PUT intent left in etcd for the next leader');
    });
  };

  return {
    async load() {
      const all = await election.client.getAll().prefix(prefix).strings();
      intents = new Map();
      for (const text of Object.values(all)) {
        try {
          const intent = JSON.parse(text) as ApplyIntent;
          intents.set(intent.id, intent);
        } catch {
          log.warn({ prefix }, 'an unreadable PUT intent in etcd was ignored');
        }
      }
    },
    async begin(intent) {
      await election.guardedPut(`${prefix}${intent.id}`, JSON.stringify(intent), 'writing a PUT intent');
      intents.set(intent.id, intent);
    },
    async accepted(id, at) {
      const intent = intents.get(id);
      if (!intent) return;
      const marked = { ...intent, acceptedAt: at };
      // Fenced like `begin`: a replica that no longer leads leaves the intent as it is (its sentAt stands in).
      await election.guardedPut(`${prefix}${id}`, JSON.stringify(marked), 'marking a PUT intent accepted');
      intents.set(id, marked);
    },
    async end(id) {
      if (journaledIds.has(id)) {
        awaitingPush.add(id);
        return;
      }
      drop(id);
    },
    journaled(id) {
      journaledIds.add(id);
    },
    pushed(ids) {
      for (const id of ids) {
        journaledIds.delete(id);
        if (awaitingPush.delete(id)) drop(id);
      }
    },
    pending: () => [...intents.values()].filter((intent) => !awaitingPush.has(intent.id)),
    // Only the leader judges (IntentLog.mayJudge): once the lease is lost the next leader owns them.
    mayJudge: () => mayWriteNow(judgeFence, 'judging a PUT intent'),
  };
}
