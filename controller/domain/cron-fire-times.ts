/**
 * When a cron expression fires in real time, for a schedule written in an IANA time zone.
 *
 * A fire time is a real minute whose wall-clock time in the zone matches the expression, so
 * daylight saving time behaves as wall clocks do: a time skipped when clocks go forward
 * (01:30 in Europe/London on the last Sunday of March) does not fire that day, and a time
 * repeated when they go back fires twice, an hour apart.
 */
import { cronMatches, cronMatchesHour, wallClockOf, type CronExpression } from './cron-expression.js';
import { zoneOffsetMs } from './zone-offset.js';

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;

/**
 * The first minute in (`fromMs`, `toMs`] with offset `toOffset`, given that `fromMs` has another
 * offset: the minute the clocks changed.
 */
function offsetChangeMinute(timeZone: string, fromMs: number, toMs: number, toOffset: number): number {
  let low = fromMs; // offset differs from toOffset
  let high = toMs; // offset is toOffset
  while (high - low > MINUTE_MS) {
    const middle = low + Math.floor((high - low) / 2 / MINUTE_MS) * MINUTE_MS;
    if (zoneOffsetMs(timeZone, middle) === toOffset) high = middle;
    else low = middle;
  }
  return high;
}

/**
 * Every minute (UTC milliseconds, ascending) in [`startMs`, `endMs`) at which `expression`
 * fires in `timeZone`. The zone's offset is read once an hour (and the minute of a change found
 * by bisection), so a range of weeks takes a few milliseconds.
 */
export function cronFireTimes(expression: CronExpression, timeZone: string, startMs: number, endMs: number): number[] {
  const fires: number[] = [];
  let minute = Math.ceil(startMs / MINUTE_MS) * MINUTE_MS;
  let hourStart = Math.floor(minute / HOUR_MS) * HOUR_MS;
  let offsetAtHourStart = zoneOffsetMs(timeZone, hourStart);
  while (minute < endMs) {
    const hourEnd = hourStart + HOUR_MS;
    const offsetAtHourEnd = zoneOffsetMs(timeZone, hourEnd);
    const changeAt =
      offsetAtHourEnd === offsetAtHourStart ? hourEnd : offsetChangeMinute(timeZone, hourStart, hourEnd, offsetAtHourEnd);
    const stop = Math.min(hourEnd, endMs);
    // Two stretches of constant offset; a stretch whose wall-clock hours (at most two: an offset
    // need not be whole hours) cannot match is skipped whole, so a yearly schedule scans hours, not minutes.
    // `from` is a whole minute; `to` need not be (an end inside a minute): its last minute is the last whole one before it.
    for (const [from, to, offset] of [[minute, Math.min(changeAt, stop), offsetAtHourStart], [Math.max(minute, changeAt), stop, offsetAtHourEnd]] as const) {
      const last = Math.ceil(to / MINUTE_MS) * MINUTE_MS - MINUTE_MS;
      if (from >= to || !(cronMatchesHour(expression, wallClockOf(from + offset)) || cronMatchesHour(expression, wallClockOf(last + offset)))) continue;
      for (let at = from; at < to; at += MINUTE_MS) if (cronMatches(expression, wallClockOf(at + offset))) fires.push(at);
    }
    minute = Math.max(minute, stop);
    hourStart = hourEnd;
    offsetAtHourStart = offsetAtHourEnd;
  }
  return fires;
}
