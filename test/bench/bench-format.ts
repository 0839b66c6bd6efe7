/** Formatting of benchmark figures, and one row of the report from a list of measurements. */
import type { BenchRow } from './bench-types.js';
import { median, spread } from './stats.js';

export const seconds = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
export const millis = (ms: number): string => `${Math.round(ms)} ms`;
export const mb = (n: number): string => `${n.toFixed(0)} MB`;
export const count = (n: number): string => String(Math.round(n * 100) / 100);
export const thousands = (n: number): string => n.toLocaleString('en-US');

/** A row of `benchmark`: the median of `values` and their spread. */
export function row(benchmark: string, figure: string, values: number[], format: (n: number) => string, aim?: string): BenchRow {
  return { benchmark, figure, median: format(median(values)), spread: spread(values, format), runs: values.length, ...(aim ? { aim } : {}) };
}
