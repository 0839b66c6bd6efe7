/**
 * The sweep's cron syntax (GITOPS_SCHEDULE): the five fields of the sync windows' cron engine
 * (cron-expression.ts), optionally preceded by a sixth, seconds field with the same syntax
 * (`*\/1 * * * * *`). `nextSweepMs` finds the next fire time in an IANA time zone, DST-correct
 * as the sync windows are (cron-fire-times.ts). Pure.
 */
import { cronMatchesDate, parseCronExpression, wallClockOf, type CronExpression } from './cron-expression.js';
import { cronFireTimes } from './cron-fire-times.js';
import { cronScheduleProblem } from './cron-schedule.js';

export interface SweepCron {
  readonly source: string;
  /** Seconds within a firing minute, ascending ([0] without a seconds field). */
  readonly seconds: readonly number[];
  readonly minutes: CronExpression;
}

const DAY_MS = 86_400_000;
/** How far ahead a fire time is looked for: past this the expression never fires (e.g. 31 FEB). */
const HORIZON_DAYS = 5 * 366;

function split(expression: string): string[] {
  return expression.trim().split(/\s+/).filter((field) => field !== '');
}

/** Why `expression` is not a sweep schedule, as a message for the user, or undefined. */
export function sweepCronProblem(expression: string): string | undefined {
  const fields = split(expression);
  if (fields.length === 6) {
    const seconds = cronScheduleProblem(`${fields[0]} * * * *`);
    if (seconds !== undefined) return seconds.replace(/\bminute\b/g, 'second');
    return cronScheduleProblem(fields.slice(1).join(' '));
  }
  if (fields.length === 5) return cronScheduleProblem(expression);
  return `has ${fields.length} field${fields.length === 1 ? '' : 's'}: write five (minute hour day-of-month month day-of-week) or six with seconds first, e.g. "*/5 * * * *"`;
}

/** Parses a valid expression (check it with `sweepCronProblem` first; throws otherwise). */
export function parseSweepCron(expression: string): SweepCron {
  const problem = sweepCronProblem(expression);
  if (problem !== undefined) throw new Error(`"${expression}" ${problem}`);
  const fields = split(expression);
  const withSeconds = fields.length === 6;
  const seconds = withSeconds ? [...parseCronExpression(`${fields[0]} * * * *`).minutes].sort((a, b) => a - b) : [0];
  return { source: expression, seconds, minutes: parseCronExpression((withSeconds ? fields.slice(1) : fields).join(' ')) };
}

/** The first fire time strictly after `afterMs` (UTC ms) in `timeZone`, or undefined when it never fires. */
export function nextSweepMs(cron: SweepCron, timeZone: string, afterMs: number): number | undefined {
  const firstMinute = Math.floor(afterMs / 60_000) * 60_000;
  for (let day = 0; day < HORIZON_DAYS; day += 1) {
    const start = firstMinute + day * DAY_MS;
    // The wall dates of any zone during [start, start + 1 day) lie within [start - 14 h, start + 38 h]
    // (offsets are within ±14 h), so among the UTC dates of start - 1 day … start + 2 days: when none
    // of them can match, skip the day without asking the zone (a yearly schedule costs up to 366
    // cheap checks, not 8,784 hours of zone lookups: it used to hold the event loop ~0.5 s).
    if (![-1, 0, 1, 2].some((shift) => cronMatchesDate(cron.minutes, wallClockOf(start + shift * DAY_MS)))) continue;
    for (const minute of cronFireTimes(cron.minutes, timeZone, start, start + DAY_MS)) {
      for (const second of cron.seconds) {
        const at = minute + second * 1000;
        if (at > afterMs) return at;
      }
    }
  }
  return undefined;
}
