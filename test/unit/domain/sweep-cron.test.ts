import { expect } from 'chai';
import fc from 'fast-check';
import { cronFireTimes } from '../../../controller/domain/cron-fire-times.js';
import { nextSweepMs, parseSweepCron } from '../../../controller/domain/sweep-cron.js';

const DAY = 86_400_000;

/** The reference: every fire time of each whole day from `afterMs` on, no day skipped. */
function naiveNext(expression: string, zone: string, afterMs: number, days: number): number | undefined {
  const cron = parseSweepCron(expression);
  const first = Math.floor(afterMs / 60_000) * 60_000;
  for (let day = 0; day < days; day += 1) {
    for (const minute of cronFireTimes(cron.minutes, zone, first + day * DAY, first + (day + 1) * DAY)) {
      for (const second of cron.seconds) if (minute + second * 1000 > afterMs) return minute + second * 1000;
    }
  }
  return undefined;
}

describe('nextSweepMs', () => {
  it('agrees with scanning every day, for schedules that fire on few days, in zones far from UTC', () => {
    const zones = ['Pacific/Kiritimati', 'Pacific/Pago_Pago', 'Asia/Kathmandu', 'Europe/London', 'America/New_York', 'UTC'];
    const expressions = ['0 0 1 1 *', '30 23 31 12 *', '0 12 29 2 *', '15 6 * * SUN', '0 0 1 * *', '*/10 5 13 * FRI', '0 0 1 3,10 *'];
    fc.assert(
      fc.property(fc.constantFrom(...zones), fc.constantFrom(...expressions), fc.integer({ min: 0, max: 400 * 24 * 60 }), (zone, expression, offsetMinutes) => {
        const after = Date.parse('2024-01-01T00:00:00Z') + offsetMinutes * 60_000 + 7_000;
        expect(nextSweepMs(parseSweepCron(expression), zone, after)).to.equal(naiveNext(expression, zone, after, 5 * 366));
      }),
      { numRuns: 40 },
    );
  });
});
