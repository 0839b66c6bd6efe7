/**
 * Campaigns taken from the queue while this controller may not write (docs/architecture.md,
 * "One writer"): the write fence refused for a moment, e.g. a slow single-writer heartbeat beat under
 * load. They wait here, not in the queue, so a fence that refuses for long does not spin the queue;
 * one timer asks the fence again and, once it allows writes, queues them all again.
 */
export interface WriteRightWait {
  /** `name` was refused by the fence: queue it again when the fence allows writes. */
  park(name: string): void;
  /** Campaigns waiting for the write right. */
  size(): number;
  stop(): void;
}

export interface WriteRightWaitOptions {
  mayWrite: () => boolean;
  /** Queues the parked campaigns again (the shell's `queue.addAll`). */
  resume: (names: string[]) => void;
  pollMs?: number;
}

export function createWriteRightWait({ mayWrite, resume, pollMs = 1000 }: WriteRightWaitOptions): WriteRightWait {
  const parked = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const poll = (): void => {
    timer = undefined;
    if (stopped || parked.size === 0) return;
    if (!mayWrite()) {
      timer = setTimeout(poll, pollMs).unref();
      return;
    }
    const names = [...parked];
    parked.clear();
    resume(names);
  };
  return {
    park(name) {
      if (stopped) return;
      parked.add(name);
      timer ??= setTimeout(poll, pollMs).unref();
    },
    size: () => parked.size,
    stop() {
      stopped = true;
      parked.clear();
      if (timer) clearTimeout(timer);
      timer = undefined;
    },
  };
}
