import { expect } from 'chai';
import { cronMatches, parseCronExpression, wallClockOf, type WallClock } from '../../../controller/domain/cron-expression.js';

/** The wall clock of a UTC ISO time, read as wall-clock fields. */
function clock(iso: string): WallClock {
  return wallClockOf(Date.parse(`${iso}Z`));
}

describe('parseCronExpression / cronMatches', () => {
  // 2024-03-25 is a Monday; 2024-03-31 a Sunday; 2024-04-01 a Monday.
  const table: Array<[expression: string, at: string, matches: boolean]> = [
    ['0 8 * * 1', '2024-03-25T08:00', true],
    ['0 8 * * 1', '2024-03-25T08:01', false],
    ['0 8 * * 1', '2024-03-26T08:00', false],
    ['0 8 * * MON', '2024-03-25T08:00', true],
    ['0 8 * * mon', '2024-03-25T08:00', true],
    ['0 8 * * MON-FRI', '2024-03-29T08:00', true],
    ['0 8 * * MON-FRI', '2024-03-30T08:00', false],
    ['0 0 * * 7', '2024-03-31T00:00', true],
    ['0 0 * * 0', '2024-03-31T00:00', true],
    ['0 0 * * 5-7', '2024-03-31T00:00', true],
    ['0 0 * * SUN', '2024-03-31T00:00', true],
    ['*/15 * * * *', '2024-03-25T10:45', true],
    ['*/15 * * * *', '2024-03-25T10:50', false],
    ['5/20 * * * *', '2024-03-25T10:45', true],
    ['5/20 * * * *', '2024-03-25T10:05', true],
    ['5/20 * * * *', '2024-03-25T10:20', false],
    ['0 9-17/4 * * *', '2024-03-25T13:00', true],
    ['0 9-17/4 * * *', '2024-03-25T15:00', false],
    ['0 22,23 * * *', '2024-03-25T23:00', true],
    ['0,30 1 * * *', '2024-03-25T01:30', true],
    ['0 0 1 JAN *', '2024-01-01T00:00', true],
    ['0 0 1 JAN-MAR *', '2024-04-01T00:00', false],
    ['0 0 1 1,7 *', '2024-07-01T00:00', true],
    ['0 0 29 2 *', '2024-02-29T00:00', true],
    // Day of month and day of week: either, when both are restricted.
    ['0 0 1 * MON', '2024-03-01T00:00', true], // a Friday, the 1st
    ['0 0 1 * MON', '2024-03-25T00:00', true], // a Monday, not the 1st
    ['0 0 1 * MON', '2024-03-26T00:00', false],
    ['0 0 */2 * MON', '2024-03-25T00:00', true], // */2 is restricted (robfig/cron): 25 is odd and also Monday
    ['0 0 */2 * MON', '2024-03-26T00:00', false], // 26 is even, not in 1,3,5,...
    // ... both, when one is *.
    ['0 0 * * MON', '2024-03-01T00:00', false],
    ['0 0 13 * *', '2024-03-13T00:00', true],
    ['0 0 13 * *', '2024-03-25T00:00', false],
    ['0 0 13 * */1', '2024-03-25T00:00', false],
  ];
  for (const [expression, at, matches] of table) {
    it(`"${expression}" ${matches ? 'fires' : 'does not fire'} at ${at}`, () => {
      expect(cronMatches(parseCronExpression(expression), clock(at))).to.equal(matches);
    });
  }

  it('folds day of week 7 into Sunday (0)', () => {
    expect([...parseCronExpression('0 0 * * 6-7').weekdays].sort()).to.deep.equal([0, 6]);
  });

  it('says what to fix when the expression is not five valid fields', () => {
    expect(() => parseCronExpression('0 8 * *')).to.throw(/"0 8 \* \*" has 4 fields: write five/);
    expect(() => parseCronExpression('0 25 * * *')).to.throw(/hour 25 is out of range 0-23/);
    expect(() => parseCronExpression('0 8 * * FUNDAY')).to.throw(/day of week "FUNDAY" is not a number or a name/);
  });
});
