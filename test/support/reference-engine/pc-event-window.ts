/**
 * Part of the reference engine: the first pc-v1 abandon window, fed event by event (the product's
 * window reads the engine's cumulative counts at each tick instead; both give the same rate).
 */
import { ABANDON_WINDOW_SECONDS } from '../../../controller/simulation/pc-abandon-window.js';

/**
 * Live answers and TSR abandons over the last ABANDON_WINDOW_SECONDS whole seconds, in a ring of
 * one bucket per second with running sums. Ticks must be advanced one second at a time, in order.
 */
export class EventAbandonWindow {
  private readonly live = new Float64Array(ABANDON_WINDOW_SECONDS);
  private readonly abandons = new Float64Array(ABANDON_WINDOW_SECONDS);
  private liveSum = 0;
  private abandonSum = 0;
  /** Live answers ever recorded. */
  liveSeen = 0;
  private startedTick = 0;

  /**
   * Starts second `tick − 1`: empties its bucket, which held second tick − 1 − window. Call at
   * tick t before recording events in [t − 1, t); a tick already started is a no-op.
   */
  advance(tick: number): void {
    if (tick <= this.startedTick) return;
    this.startedTick = tick;
    const index = (tick - 1 + ABANDON_WINDOW_SECONDS) % ABANDON_WINDOW_SECONDS;
    this.liveSum -= this.live[index]!;
    this.abandonSum -= this.abandons[index]!;
    this.live[index] = 0;
    this.abandons[index] = 0;
  }

  /** Records a live answer at `time`. */
  recordLive(time: number): void {
    const index = Math.floor(time) % ABANDON_WINDOW_SECONDS;
    this.live[index]! += 1;
    this.liveSum += 1;
    this.liveSeen += 1;
  }

  /** Records a TSR abandon (a hang-up, or a connect later than 2 s) at `time`. */
  recordAbandon(time: number): void {
    const index = Math.floor(time) % ABANDON_WINDOW_SECONDS;
    this.abandons[index]! += 1;
    this.abandonSum += 1;
  }

  /** Abandons / live answers over the window (0 with no live answers in it). */
  rate(): number {
    return this.liveSum > 0 ? this.abandonSum / this.liveSum : 0;
  }
}
