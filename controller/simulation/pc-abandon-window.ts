/** Seconds the pacing looks back over: 15 simulated minutes (README, "The pc-v1 pacing model"). */
export const ABANDON_WINDOW_SECONDS = 900;

/**
 * What the pacing reads of its abandon window: live answers and TSR abandons over the last
 * ABANDON_WINDOW_SECONDS whole seconds. The engine's module keeps it from its cumulative counts at
 * each tick (at tick t the window holds the events in [t − 900, t): the counts at t less the
 * counts at t − 900, a ring of one entry per second; assembly/pc-pacing.ts); the first pc-v1
 * dialler in test/support/reference-engine/ counts each event instead, which gives the same.
 */
export interface AbandonRate {
  /** Live answers ever seen. */
  readonly liveSeen: number;
  /** Abandons / live answers over the window (0 with no live answers in it). */
  rate(): number;
}
