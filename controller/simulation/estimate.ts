import { studentT975 } from './student-t.js';
import type { Estimate } from './types.js';

/** Mean and Student-t 95% half-width (sample standard deviation, df = n − 1) of a non-empty list. */
export function estimate(values: readonly number[]): Estimate {
  const n = values.length;
  if (n === 0) throw new RangeError('estimate needs at least one value');
  let sum = 0;
  for (const value of values) sum += value;
  const mean = sum / n;
  if (n === 1) return { mean, halfWidth: 0 };
  let squares = 0;
  for (const value of values) squares += (value - mean) * (value - mean);
  const standardDeviation = Math.sqrt(squares / (n - 1));
  return { mean, halfWidth: (studentT975(n - 1) * standardDeviation) / Math.sqrt(n) };
}
