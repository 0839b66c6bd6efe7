import { isPlainObject } from './settings-validation.js';

/**
 * Merges `patch` into `base` recursively, as a supervisor's edit in the CXone UI changes only the
 * fields it touches: objects merge, anything else replaces, and `null` removes the key.
 * Returns a new object; neither argument is modified.
 */
export function deepMerge(base: Record<string, unknown>, patch: Record<string, unknown>): Record<string, unknown> {
  const result: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) {
      delete result[key];
    } else if (isPlainObject(value) && isPlainObject(result[key])) {
      result[key] = deepMerge(result[key] as Record<string, unknown>, value);
    } else {
      result[key] = value;
    }
  }
  return result;
}
