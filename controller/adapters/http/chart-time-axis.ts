/**
 * The time axis of the dashboard's charts: ticks at round times (every 1, 2, 5, 10, 15 or 30
 * seconds or minutes, 1, 2, 3, 6 or 12 hours, days), about five across the span, labelled as
 * precisely as the step needs (`20:07:30`, `20:10`, `11-24 06:00`), all in UTC.
 */

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const STEPS = [1, 2, 5, 10, 15, 30].map((n) => n * SECOND).concat([1, 2, 5, 10, 15, 30].map((n) => n * MINUTE), [1, 2, 3, 6, 12].map((n) => n * HOUR), [1, 2, 7, 14, 30].map((n) => n * DAY));

export interface TimeTick {
  time: number;
  label: string;
}

/** The step that puts at most `maxTicks` ticks across `spanMs`. */
export function timeStep(spanMs: number, maxTicks = 5): number {
  return STEPS.find((step) => spanMs / step <= maxTicks) ?? STEPS.at(-1)!;
}

function label(time: number, step: number): string {
  const iso = new Date(time).toISOString();
  if (step < MINUTE) return iso.slice(11, 19);
  if (step < DAY) return iso.slice(11, 16);
  return iso.slice(5, 10);
}

/** The round times within [start, end], labelled for the step. */
export function timeTicks(start: number, end: number, maxTicks = 5): TimeTick[] {
  const step = timeStep(Math.max(end - start, 1), maxTicks);
  const ticks: TimeTick[] = [];
  for (let time = Math.ceil(start / step) * step; time <= end; time += step) ticks.push({ time, label: label(time, step) });
  return ticks;
}
