/** Seconds the pacing looks back over: 15 simulated minutes (README, "The pc-v1 pacing model"). */
export const ABANDON_WINDOW_SECONDS = 900;

/** What the pacing reads of its abandon window. */
export interface AbandonRate {
  /** Live answers ever seen. */
  readonly liveSeen: number;
  /** Abandons / live answers over the window (0 with no live answers in it). */
  rate(): number;
}

/**
 * Live answers and TSR abandons over the last ABANDON_WINDOW_SECONDS whole seconds, from the
 * engine's cumulative counts at each tick: at tick t the window holds the events in [t − 900, t),
 * the counts at t less the counts at t − 900, kept in a ring of one entry per second. Ticks must
 * be observed one second at a time, in order.
 */
export class AbandonWindow implements AbandonRate {
  private readonly liveAt = new Float64Array(ABANDON_WINDOW_SECONDS);
  private readonly abandonsAt = new Float64Array(ABANDON_WINDOW_SECONDS);
  liveSeen = 0;
  private liveInWindow = 0;
  private abandonsInWindow = 0;

  /** The cumulative counts at `tick` (events before it). */
  observe(tick: number, liveAnswers: number, abandons: number): void {
    const slot = tick % ABANDON_WINDOW_SECONDS;
    // The slot holds the counts at tick − 900 (0 before the window first filled).
    this.liveInWindow = liveAnswers - this.liveAt[slot]!;
    this.abandonsInWindow = abandons - this.abandonsAt[slot]!;
    this.liveAt[slot] = liveAnswers;
    this.abandonsAt[slot] = abandons;
    this.liveSeen = liveAnswers;
  }

  rate(): number {
    return this.liveInWindow > 0 ? this.abandonsInWindow / this.liveInWindow : 0;
  }
}
