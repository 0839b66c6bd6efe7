/**
 * UTC offsets of IANA time zones at an instant, from the runtime's time zone database (Intl), so
 * wall-clock times follow daylight saving time.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/**
 * Milliseconds to add to the UTC instant `utcMs` to get the wall-clock time in `timeZone`
 * (`+3_600_000` for Europe/London in summer). Throws a RangeError for an unknown time zone.
 */
export function zoneOffsetMs(timeZone: string, utcMs: number): number {
  const fields: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(utcMs)) {
    if (part.type !== 'literal') fields[part.type] = Number(part.value);
  }
  const { year = 1970, month = 1, day = 1, hour = 0, minute = 0, second = 0 } = fields;
  const wall = Date.UTC(year, month - 1, day, hour % 24, minute, second);
  return wall - Math.floor(utcMs / 1000) * 1000;
}
