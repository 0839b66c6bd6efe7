/** A fake clock and timers for the work queue's tests: time moves only when a test advances it. */

interface FakeTimer {
  at: number;
  seq: number;
  callback: () => void;
}

/** Lets every pending promise callback run (setImmediate runs after the microtask queue drains). */
export function flush(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

export class FakeClock {
  private time = 0;
  private seq = 0;
  private readonly timers = new Map<number, FakeTimer>();

  readonly now = (): number => this.time;

  readonly setTimer = (callback: () => void, ms: number): unknown => {
    const id = ++this.seq;
    this.timers.set(id, { at: this.time + Math.max(0, ms), seq: id, callback });
    return id;
  };

  readonly clearTimer = (handle: unknown): void => {
    this.timers.delete(handle as number);
  };

  /** Resolves after `ms` of fake time. */
  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => this.setTimer(resolve, ms));
  }

  /** Timers not yet fired or cleared. */
  pending(): number {
    return this.timers.size;
  }

  /** The due times of pending timers, ascending. */
  dueTimes(): number[] {
    return [...this.timers.values()].map((timer) => timer.at).sort((a, b) => a - b);
  }

  /** Moves time forward by `ms`, firing due timers in order and letting promises settle after each. */
  async advance(ms: number): Promise<void> {
    const until = this.time + ms;
    await flush();
    for (;;) {
      const next = [...this.timers.values()].filter((timer) => timer.at <= until).sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
      if (next === undefined) break;
      this.timers.delete(next.seq);
      this.time = next.at;
      next.callback();
      await flush();
    }
    this.time = until;
    await flush();
  }
}
