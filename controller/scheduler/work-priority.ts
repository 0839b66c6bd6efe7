/**
 * Why a key was queued, how that ranks, and the queue of waiting keys: one entry per key, the
 * highest priority first, first in, first out within a priority.
 */

/** Why a campaign is to be reconciled. */
export type WorkReason = 'startup' | 'commit' | 'sweep' | 'retry' | 'requeue' | 'window' | 'manual';

const PRIORITY: Record<WorkReason, number> = {
  commit: 0,
  manual: 0,
  window: 1,
  retry: 1,
  requeue: 1,
  startup: 2,
  sweep: 2,
};

const LEVELS = 3;

/** 0 (first: commit, manual), 1 (window, retry, requeue) or 2 (last: startup, sweep). */
export function priorityOf(reason: WorkReason): number {
  return PRIORITY[reason];
}

export interface QueuedWork<K> {
  key: K;
  reason: WorkReason;
}

export interface PriorityQueue<K> {
  /** Queues `key`; if it is already queued, keeps its place unless `reason` ranks higher, which moves it to the back of that priority. */
  push(key: K, reason: WorkReason): void;
  /** Takes the first key of the highest priority. */
  shift(): QueuedWork<K> | undefined;
  remove(key: K): void;
  has(key: K): boolean;
  clear(): void;
  size(): number;
}

export function createPriorityQueue<K>(): PriorityQueue<K> {
  // Maps keep insertion order: each level is a FIFO with O(1) removal.
  const levels = Array.from({ length: LEVELS }, () => new Map<K, WorkReason>());
  const levelOf = new Map<K, number>();

  function remove(key: K): void {
    const level = levelOf.get(key);
    if (level === undefined) return;
    levels[level]?.delete(key);
    levelOf.delete(key);
  }

  return {
    push(key, reason) {
      const priority = priorityOf(reason);
      const current = levelOf.get(key);
      if (current !== undefined && current <= priority) return;
      remove(key);
      levels[priority]?.set(key, reason);
      levelOf.set(key, priority);
    },
    shift() {
      for (const level of levels) {
        const first = level.entries().next();
        if (first.done !== true) {
          const [key, reason] = first.value;
          remove(key);
          return { key, reason };
        }
      }
      return undefined;
    },
    remove,
    has: (key) => levelOf.has(key),
    clear() {
      for (const level of levels) level.clear();
      levelOf.clear();
    },
    size: () => levelOf.size,
  };
}
