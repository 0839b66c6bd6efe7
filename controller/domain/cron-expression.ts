/**
 * Five-field cron expressions (minute hour day-of-month month day-of-week) parsed into a matcher
 * of wall-clock times. The syntax is the one cron-schedule.ts checks: `*`, numbers, ranges `a-b`,
 * steps `*\/n`, `a-b/n` and `a/n` (from a to the field's maximum), lists `a,b`, month and day
 * names (`JAN`, `MON`), and 7 for Sunday.
 *
 * Day of month and day of week combine as cron does: when both are restricted (neither is `*`),
 * a day matches if either matches; otherwise both must. As in robfig/cron (which Argo CD uses),
 * `*\/2` counts as restricted; only `*` (or `*\/1`) is not.
 */
import { cronScheduleProblem } from './cron-schedule.js';

/** A wall-clock time in some time zone. */
export interface WallClock {
  /** 0-59 */
  minute: number;
  /** 0-23 */
  hour: number;
  /** Day of month, 1-31. */
  day: number;
  /** 1-12 */
  month: number;
  /** Day of week, 0 (Sunday) to 6. */
  weekday: number;
}

/** A parsed expression: for each field, the values it fires on. */
export interface CronExpression {
  readonly source: string;
  readonly minutes: ReadonlySet<number>;
  readonly hours: ReadonlySet<number>;
  readonly days: ReadonlySet<number>;
  readonly months: ReadonlySet<number>;
  /** 0 (Sunday) to 6; 7 is folded into 0. */
  readonly weekdays: ReadonlySet<number>;
  /** True when day of month is `*`: then only the day of week decides. */
  readonly anyDay: boolean;
  /** True when day of week is `*`: then only the day of month decides. */
  readonly anyWeekday: boolean;
}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const WEEKDAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

interface FieldRange {
  min: number;
  max: number;
  /** Names in order; the first has value `firstName`. */
  names?: readonly string[];
  firstName?: number;
}

const MINUTE: FieldRange = { min: 0, max: 59 };
const HOUR: FieldRange = { min: 0, max: 23 };
const DAY: FieldRange = { min: 1, max: 31 };
const MONTH: FieldRange = { min: 1, max: 12, names: MONTHS, firstName: 1 };
const WEEKDAY: FieldRange = { min: 0, max: 7, names: WEEKDAYS, firstName: 0 };

function valueOf(text: string, range: FieldRange): number {
  const index = range.names?.indexOf(text.toUpperCase()) ?? -1;
  return index === -1 ? Number(text) : index + (range.firstName ?? 0);
}

function parseField(text: string, range: FieldRange): Set<number> {
  const values = new Set<number>();
  for (const item of text.split(',')) {
    const [base = '*', stepText] = item.split('/');
    const step = stepText === undefined ? 1 : Number(stepText);
    let low = range.min;
    let high = range.max;
    if (base !== '*') {
      const [from = '', to] = base.split('-');
      low = valueOf(from, range);
      high = to === undefined ? (stepText === undefined ? low : range.max) : valueOf(to, range);
    }
    for (let value = low; value <= high; value += step) values.add(value);
  }
  return values;
}

function isUnrestricted(text: string): boolean {
  return text === '*' || text === '*/1';
}

/**
 * Parses a five-field cron expression. Throws an Error that says what to fix when `text` is not
 * one (policy files are validated before they get here, so this is a programming error).
 */
export function parseCronExpression(text: string): CronExpression {
  const problem = cronScheduleProblem(text);
  if (problem !== undefined) throw new Error(`cron expression "${text}" ${problem}`);
  const [minute = '*', hour = '*', day = '*', month = '*', weekday = '*'] = text.trim().split(/\s+/);
  const weekdays = parseField(weekday, WEEKDAY);
  if (weekdays.delete(7)) weekdays.add(0);
  return {
    source: text,
    minutes: parseField(minute, MINUTE),
    hours: parseField(hour, HOUR),
    days: parseField(day, DAY),
    months: parseField(month, MONTH),
    weekdays,
    anyDay: isUnrestricted(day),
    anyWeekday: isUnrestricted(weekday),
  };
}

/** True when the expression fires at the wall-clock minute `at`. */
export function cronMatches(expression: CronExpression, at: WallClock): boolean {
  return expression.minutes.has(at.minute) && cronMatchesHour(expression, at);
}

/** Whether some minute of the wall-clock hour of `at` can match: every field but the minute. */
export function cronMatchesHour(expression: CronExpression, at: WallClock): boolean {
  return expression.hours.has(at.hour) && cronMatchesDate(expression, at);
}

/** Whether some minute of the wall-clock date of `at` can match: month, day of month and day of week. */
export function cronMatchesDate(expression: CronExpression, at: WallClock): boolean {
  if (!expression.months.has(at.month)) return false;
  const dayMatches = expression.days.has(at.day);
  const weekdayMatches = expression.weekdays.has(at.weekday);
  if (expression.anyDay || expression.anyWeekday) return dayMatches && weekdayMatches;
  return dayMatches || weekdayMatches;
}

/** The wall clock of `wallMs`, a wall-clock time written as if it were UTC milliseconds. */
export function wallClockOf(wallMs: number): WallClock {
  const date = new Date(wallMs);
  return {
    minute: date.getUTCMinutes(),
    hour: date.getUTCHours(),
    day: date.getUTCDate(),
    month: date.getUTCMonth() + 1,
    weekday: date.getUTCDay(),
  };
}
