/**
 * One object for equal values (docs/architecture.md, "Scale"): a campaign in sync holds the same
 * settings as desired, live and last applied, and 10,000 campaigns holding three equal copies each
 * is megabytes of heap for nothing. States are never mutated (they are replaced), so sharing is safe.
 */
import { isDeepStrictEqual } from 'node:util';

/** The first of `candidates` deeply equal to `value`, else `value` itself. */
export function shareEqual<T>(value: T, ...candidates: ReadonlyArray<T | undefined>): T {
  for (const candidate of candidates) if (candidate !== undefined && candidate !== value && isDeepStrictEqual(candidate, value)) return candidate;
  return value;
}
