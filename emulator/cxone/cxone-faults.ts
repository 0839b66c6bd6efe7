/** Faults injected into the cxone-dialect emulator through `POST /emulator/faults`. */

export interface CxoneFaults {
  /** Share of API requests answered with a random 500/502/503. Default 0. */
  errorRate: number;
  /** Delay added to every API request, milliseconds. Default 0. */
  latencyMs: number;
  /** Share of API requests answered with 429 and `Retry-After: 1`, on top of the real limit. Default 0. */
  extra429Rate: number;
  /** Share of API requests whose connection is reset without an answer. Default 0. */
  dropRate: number;
  /**
   * Share of accepted group PUTs right after which a supervisor puts one field the PUT changed back
   * as it was (the race a last-writer-wins API allows; the client's read-back must catch it). Default 0.
   */
  raceRate: number;
  /** Share of accepted group PUTs whose connection is reset after the write, so the answer is lost. Default 0. */
  applyThenDropRate: number;
}

export const NO_CXONE_FAULTS: Readonly<CxoneFaults> = Object.freeze({ errorRate: 0, latencyMs: 0, extra429Rate: 0, dropRate: 0, raceRate: 0, applyThenDropRate: 0 });

const RATES = ['errorRate', 'extra429Rate', 'dropRate', 'raceRate', 'applyThenDropRate'];

/** `current` with the body's settings, or the messages of what was refused (nothing changes then). */
export function withFaults(current: CxoneFaults, body: Record<string, unknown>): { faults: CxoneFaults } | { errors: string[] } {
  const errors: string[] = [];
  const next: CxoneFaults = { ...current };
  for (const [key, value] of Object.entries(body)) {
    if (!(key in NO_CXONE_FAULTS)) errors.push(`${key} is not a known fault (allowed: ${Object.keys(NO_CXONE_FAULTS).join(', ')})`);
    else if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) errors.push(`${key} must be a number >= 0`);
    else if (RATES.includes(key) && value > 1) errors.push(`${key} must be between 0 and 1`);
    else next[key as keyof CxoneFaults] = value;
  }
  return errors.length > 0 ? { errors } : { faults: next };
}
