import { expect } from 'chai';
import fc from 'fast-check';
import { cronMatches, parseCronExpression, wallClockOf } from '../../../controller/domain/cron-expression.js';
import { cronFireTimes } from '../../../controller/domain/cron-fire-times.js';

const MINUTE = 60_000;
const HOUR = 3_600_000;

function iso(times: number[]): string[] {
  return times.map((time) => new Date(time).toISOString());
}

/** The reference: ask Intl for the wall clock of every single minute. */
function naiveFireTimes(expression: string, timeZone: string, startMs: number, endMs: number): number[] {
  const parsed = parseCronExpression(expression);
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric',
  });
  const fires: number[] = [];
  for (let minute = Math.ceil(startMs / MINUTE) * MINUTE; minute < endMs; minute += MINUTE) {
    const parts = Object.fromEntries(format.formatToParts(minute).map((part) => [part.type, Number(part.value)]));
    const wall = Date.UTC(parts.year ?? 0, (parts.month ?? 1) - 1, parts.day ?? 1, (parts.hour ?? 0) % 24, parts.minute ?? 0);
    if (cronMatches(parsed, wallClockOf(wall))) fires.push(minute);
  }
  return fires;
}

describe('cronFireTimes', () => {
  it('fires at wall-clock times of the zone, in summer and winter', () => {
    const monday8 = parseCronExpression('0 8 * * 1');
    const fires = cronFireTimes(monday8, 'Europe/London', Date.parse('2024-03-20T00:00Z'), Date.parse('2024-04-10T00:00Z'));
    expect(iso(fires)).to.deep.equal(['2024-03-25T08:00:00.000Z', '2024-04-01T07:00:00.000Z', '2024-04-08T07:00:00.000Z']);
  });

  it('skips a wall-clock time that does not exist when clocks go forward (Europe/London, 31 March 2024)', () => {
    const at0130 = parseCronExpression('30 1 * * *');
    const fires = cronFireTimes(at0130, 'Europe/London', Date.parse('2024-03-30T00:00Z'), Date.parse('2024-04-02T00:00Z'));
    expect(iso(fires)).to.deep.equal(['2024-03-30T01:30:00.000Z', '2024-04-01T00:30:00.000Z']);
  });

  it('fires twice at a wall-clock time that happens twice when clocks go back (Europe/London, 27 October 2024)', () => {
    const at0130 = parseCronExpression('30 1 * * *');
    const fires = cronFireTimes(at0130, 'Europe/London', Date.parse('2024-10-27T00:00Z'), Date.parse('2024-10-27T12:00Z'));
    expect(iso(fires)).to.deep.equal(['2024-10-27T00:30:00.000Z', '2024-10-27T01:30:00.000Z']);
  });

  it('finds a half-hour change inside a UTC hour (Australia/Lord_Howe)', () => {
    // Lord Howe goes from +10:30 to +11:00 at 02:00 local on 6 October 2024 (15:30 UTC on the 5th).
    const everyQuarter = parseCronExpression('*/15 2-3 * * *');
    const fires = cronFireTimes(everyQuarter, 'Australia/Lord_Howe', Date.parse('2024-10-05T15:00Z'), Date.parse('2024-10-05T17:00Z'));
    expect(fires).to.deep.equal(naiveFireTimes('*/15 2-3 * * *', 'Australia/Lord_Howe', Date.parse('2024-10-05T15:00Z'), Date.parse('2024-10-05T17:00Z')));
    expect(iso(fires)).to.deep.equal(['2024-10-05T15:30:00.000Z', '2024-10-05T15:45:00.000Z', '2024-10-05T16:00:00.000Z', '2024-10-05T16:15:00.000Z', '2024-10-05T16:30:00.000Z', '2024-10-05T16:45:00.000Z']);
  });

  it('fires at the last whole minute before an end inside a minute, where the zone is not a whole hour off UTC (Asia/Kathmandu, +05:45)', () => {
    // 20:15:00Z is 02:00 on Sunday in Kathmandu; the range ends 17 s later, inside the next minute.
    const sunday2 = parseCronExpression('0 2 * * SUN');
    const start = Date.parse('2024-10-05T15:29:17Z');
    const end = Date.parse('2024-10-05T20:15:17Z');
    expect(iso(cronFireTimes(sunday2, 'Asia/Kathmandu', start, end))).to.deep.equal(['2024-10-05T20:15:00.000Z']);
    expect(cronFireTimes(sunday2, 'Asia/Kathmandu', start, end)).to.deep.equal(naiveFireTimes('0 2 * * SUN', 'Asia/Kathmandu', start, end));
  });

  it('includes the start and excludes the end of the range', () => {
    const hourly = parseCronExpression('0 * * * *');
    const fires = cronFireTimes(hourly, 'UTC', Date.parse('2024-01-01T01:00Z'), Date.parse('2024-01-01T03:00Z'));
    expect(iso(fires)).to.deep.equal(['2024-01-01T01:00:00.000Z', '2024-01-01T02:00:00.000Z']);
  });

  it('agrees with asking Intl for every minute, around daylight saving changes in several zones', () => {
    const zones = ['Europe/London', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'Pacific/Chatham', 'UTC'];
    const changes = ['2024-03-31T01:00Z', '2024-10-27T01:00Z', '2024-03-10T07:00Z', '2024-11-03T06:00Z', '2024-10-05T15:30Z', '2024-04-06T14:00Z'];
    const expressions = ['*/7 * * * *', '30 1 * * *', '0 2 * * SUN', '15 0-3 * * *', '0 8 * * 1', '* 1 * * *', '45 1 27 10 *', '5 3 * * *', '50 14 5,6 * *', '0 0 1 1 *'];
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        fc.constantFrom(...changes),
        fc.constantFrom(...expressions),
        fc.integer({ min: -6 * 60, max: 6 * 60 }),
        fc.integer({ min: 1, max: 12 * 60 }),
        (zone, change, expression, startMinutes, lengthMinutes) => {
          const start = Date.parse(change) + startMinutes * MINUTE + 17_000;
          const end = start + lengthMinutes * MINUTE;
          expect(cronFireTimes(parseCronExpression(expression), zone, start, end)).to.deep.equal(naiveFireTimes(expression, zone, start, end));
        },
      ),
      { numRuns: 120 },
    );
  });

  it('lists every minute of a 15-day range across a change to summer time', () => {
    const fires = cronFireTimes(parseCronExpression('* * * * *'), 'Europe/London', Date.parse('2024-03-24T00:00Z'), Date.parse('2024-03-24T00:00Z') + 15 * 24 * HOUR);
    expect(fires).to.have.length(15 * 24 * 60);
    expect(new Set(fires).size, 'no minute listed twice').to.equal(fires.length);
  });
});
