import { expect } from 'chai';
import fc from 'fast-check';
import type { SyncWindow } from '../../../controller/domain/controller-policy.js';
import { parseDurationSeconds } from '../../../controller/domain/duration.js';
import { SYNC_WINDOW_HORIZON_MS, decideSyncWindow, isWindowActive, windowMatches } from '../../../controller/domain/sync-windows.js';

function window(kind: SyncWindow['kind'], schedule: string, duration: string, timeZone = 'UTC', campaigns: SyncWindow['campaigns'] = { names: ['*'] }): SyncWindow {
  return { kind, schedule, duration, durationSeconds: parseDurationSeconds(duration) ?? 0, timeZone, campaigns };
}

const campaign = { name: 'spring-renewals', labels: { team: 'retention', region: 'uk' } };
const at = (iso: string) => new Date(iso);

describe('windowMatches', () => {
  const table: Array<[selector: SyncWindow['campaigns'], matches: boolean]> = [
    [{ names: ['*'] }, true],
    [{ names: ['spring-renewals'] }, true],
    [{ names: ['spring-*'] }, true],
    [{ names: ['*-renewals'] }, true],
    [{ names: ['spring-renewal?'] }, true],
    [{ names: ['spring-renewal'] }, false],
    [{ names: ['spring'] }, false],
    [{ names: ['s?ring-*', 'other'] }, true],
    [{ names: ['autumn-*', 'winter-*'] }, false],
    [{ names: ['spring.renewals'] }, false], // a dot is a dot, not "any character"
    [{ matchLabels: { team: 'retention' } }, true],
    [{ matchLabels: { team: 'retention', region: 'uk' } }, true],
    [{ matchLabels: { team: 'retention', region: 'us' } }, false],
    [{ matchLabels: { tier: 'gold' } }, false],
    [{ matchLabels: {} }, true],
  ];
  for (const [selector, matches] of table) {
    it(`${matches ? 'selects' : 'does not select'} spring-renewals with ${JSON.stringify(selector)}`, () => {
      expect(windowMatches(window('deny', '0 8 * * 1', '2h', 'UTC', selector), campaign)).to.equal(matches);
    });
  }
});

describe('isWindowActive', () => {
  const monday8 = window('deny', '0 8 * * 1', '2h', 'Europe/London');
  const table: Array<[instant: string, active: boolean]> = [
    ['2024-03-25T07:59:59.999Z', false],
    ['2024-03-25T08:00:00.000Z', true], // GMT: 08:00 London is 08:00 UTC
    ['2024-03-25T09:59:59.999Z', true],
    ['2024-03-25T10:00:00.000Z', false],
    ['2024-04-01T06:59:59.999Z', false], // BST: 08:00 London is 07:00 UTC
    ['2024-04-01T07:00:00.000Z', true],
    ['2024-04-01T08:59:00.000Z', true],
    ['2024-04-01T09:00:00.000Z', false],
  ];
  for (const [instant, active] of table) {
    it(`Monday 08:00 Europe/London for 2h is ${active ? 'active' : 'inactive'} at ${instant}`, () => {
      expect(isWindowActive(monday8, at(instant))).to.equal(active);
    });
  }

  it('lasts its real duration across the change to summer time (Europe/London, 31 March 2024)', () => {
    const sundayNight = window('deny', '0 0 * * SUN', '4h', 'Europe/London');
    expect(isWindowActive(sundayNight, at('2024-03-31T03:59:00Z'))).to.equal(true); // 04:59 BST
    expect(isWindowActive(sundayNight, at('2024-03-31T04:00:00Z'))).to.equal(false);
  });

  it('has no window on the night a wall-clock opening time is skipped (01:30 Europe/London, 31 March 2024)', () => {
    const nightly = window('allow', '30 1 * * *', '1h', 'Europe/London');
    expect(isWindowActive(nightly, at('2024-03-30T02:00:00Z'))).to.equal(true);
    expect(isWindowActive(nightly, at('2024-03-31T00:45:00Z'))).to.equal(false);
    expect(isWindowActive(nightly, at('2024-03-31T01:45:00Z'))).to.equal(false);
    expect(isWindowActive(nightly, at('2024-04-01T00:45:00Z'))).to.equal(true); // 01:45 BST
  });

  it('checks a 7-day window that spans a change to summer time', () => {
    // How fast this is belongs to `npm run bench`, not to a test: a timing assertion fails on a loaded machine.
    const week = window('deny', '0 0 * * MON', '168h', 'Europe/London');
    expect(isWindowActive(week, at('2024-03-31T23:30:00Z'))).to.equal(true); // opened Monday 25th 00:00
    expect(isWindowActive(week, at('2024-04-07T23:00:00Z'))).to.equal(true); // Monday 1st 00:00 BST = 31st 23:00 UTC
    expect(isWindowActive(window('deny', '0 0 * * MON', '167h', 'Europe/London'), at('2024-04-07T22:59:00Z'))).to.equal(false);
  });

  it('is never active with a zero duration', () => {
    expect(isWindowActive(window('deny', '* * * * *', '0s'), at('2024-03-25T08:00:00Z'))).to.equal(false);
  });
});

describe('decideSyncWindow', () => {
  const monday8Deny = window('deny', '0 8 * * 1', '2h', 'Europe/London');
  const nightlyAllow = window('allow', '0 22 * * *', '4h', 'UTC');

  it('allows applies when no window covers the campaign, and says so', () => {
    const other = window('deny', '* * * * *', '1h', 'UTC', { names: ['autumn-*'] });
    expect(decideSyncWindow([other], campaign, at('2024-03-25T08:30:00Z'))).to.deep.equal({
      allowed: true,
      reason: 'applies are allowed: no sync window covers this campaign',
      activeWindows: [],
    });
  });

  it('denies inside a Monday 08:00 2h deny window, naming it and when it closes', () => {
    const decision = decideSyncWindow([monday8Deny], campaign, at('2024-03-25T08:30:00Z'));
    expect(decision).to.deep.equal({
      allowed: false,
      reason:
        'applies are denied by deny window "0 8 * * 1" (Europe/London, 2h) until 2024-03-25T10:00:00.000Z; pending changes are applied when it closes',
      nextChangeAt: at('2024-03-25T10:00:00.000Z'),
      activeWindows: [monday8Deny],
    });
  });

  it('allows before a deny window, and says when it opens (summer time: 07:00 UTC)', () => {
    const decision = decideSyncWindow([monday8Deny], campaign, at('2024-04-01T06:00:00Z'));
    expect(decision.allowed).to.equal(true);
    expect(decision.nextChangeAt).to.deep.equal(at('2024-04-01T07:00:00Z'));
    expect(decision.reason).to.equal(
      'applies are allowed: no deny window is active; the next opens at 2024-04-01T07:00:00.000Z (deny window "0 8 * * 1" (Europe/London, 2h))',
    );
  });

  it('allows inside an allow window until it closes', () => {
    const decision = decideSyncWindow([nightlyAllow], campaign, at('2024-03-25T23:00:00Z'));
    expect(decision).to.deep.include({ allowed: true, nextChangeAt: at('2024-03-26T02:00:00Z'), activeWindows: [nightlyAllow] });
    expect(decision.reason).to.equal('applies are allowed by allow window "0 22 * * *" (UTC, 4h) until 2024-03-26T02:00:00.000Z');
  });

  it('denies outside every allow window, and says when the next opens', () => {
    const decision = decideSyncWindow([nightlyAllow], campaign, at('2024-03-26T03:00:00Z'));
    expect(decision).to.deep.include({ allowed: false, nextChangeAt: at('2024-03-26T22:00:00Z'), activeWindows: [] });
    expect(decision.reason).to.equal('applies are denied: allow window "0 22 * * *" (UTC, 4h) is closed and opens next at 2024-03-26T22:00:00.000Z');
  });

  it('lets a deny window win over an active allow window', () => {
    const lateDeny = window('deny', '0 23 * * *', '30m', 'UTC');
    const decision = decideSyncWindow([nightlyAllow, lateDeny], campaign, at('2024-03-25T23:10:00Z'));
    expect(decision).to.deep.include({ allowed: false, nextChangeAt: at('2024-03-25T23:30:00Z'), activeWindows: [nightlyAllow, lateDeny] });
    expect(decision.reason).to.match(/^applies are denied by deny window "0 23 \* \* \*" \(UTC, 30m\) until 2024-03-25T23:30:00.000Z/);
  });

  it('ignores windows that do not select the campaign', () => {
    const otherTeam = window('allow', '0 22 * * *', '4h', 'UTC', { matchLabels: { team: 'collections' } });
    expect(decideSyncWindow([otherTeam], campaign, at('2024-03-26T03:00:00Z')).allowed).to.equal(true);
    const ours = window('allow', '0 22 * * *', '4h', 'UTC', { matchLabels: { team: 'retention' } });
    expect(decideSyncWindow([ours], campaign, at('2024-03-26T03:00:00Z')).allowed).to.equal(false);
  });

  it('reports the time the decision flips, not the end of the first of two back-to-back deny windows', () => {
    const first = window('deny', '0 8 * * *', '2h');
    const second = window('deny', '0 10 * * *', '2h');
    const decision = decideSyncWindow([first, second], campaign, at('2024-03-25T09:00:00Z'));
    expect(decision.nextChangeAt).to.deep.equal(at('2024-03-25T12:00:00Z'));
  });

  it('has no next change when a deny window never closes within 8 days', () => {
    const always = window('deny', '0 0 * * MON', '168h', 'UTC');
    const decision = decideSyncWindow([always], campaign, at('2024-03-27T12:00:00Z'));
    expect(decision.allowed).to.equal(false);
    expect(decision.nextChangeAt).to.equal(undefined);
    expect(decision.reason).to.contain('until at least 2024-04-04T12:00:00.000Z');
  });

  it('has no next change when an allow window does not open within 8 days', () => {
    const leapDay = window('allow', '0 0 29 2 *', '1h', 'UTC');
    const decision = decideSyncWindow([leapDay], campaign, at('2024-03-27T12:00:00Z'));
    expect(decision.allowed).to.equal(false);
    expect(decision).not.to.have.property('nextChangeAt');
    expect(decision.reason).to.equal('applies are denied: allow window "0 0 29 2 *" (UTC, 1h) is closed and does not open in the next 8 days');
  });

  it('skips the night whose allow window opens at a wall-clock time that does not exist', () => {
    const nightly = window('allow', '30 1 * * *', '1h', 'Europe/London');
    const decision = decideSyncWindow([nightly], campaign, at('2024-03-30T23:00:00Z'));
    expect(decision).to.deep.include({ allowed: false, nextChangeAt: at('2024-04-01T00:30:00Z') });
  });

  it('throws, saying what to fix, on a schedule that is not cron', () => {
    expect(() => decideSyncWindow([window('deny', 'weekdays', '1h')], campaign, at('2024-03-25T08:00:00Z'))).to.throw(/"weekdays" has 1 field: write five/);
  });
});

describe('decideSyncWindow properties', () => {
  const schedules = ['0 8 * * 1', '0 22 * * *', '30 1 * * *', '*/20 9-17 * * MON-FRI', '0 0 1 * *', '15 */6 * * *', '0 0 * * SUN'];
  const durations = ['30s', '15m', '1h', '2h', '4h', '25h'];
  const zones = ['UTC', 'Europe/London', 'America/New_York', 'Australia/Lord_Howe'];
  const windowArbitrary = fc.record({
    kind: fc.constantFrom<SyncWindow['kind']>('allow', 'deny'),
    schedule: fc.constantFrom(...schedules),
    duration: fc.constantFrom(...durations),
    timeZone: fc.constantFrom(...zones),
    campaigns: fc.constantFrom<SyncWindow['campaigns']>({ names: ['*'] }, { names: ['spring-*'] }, { names: ['autumn-*'] }, { matchLabels: { team: 'retention' } }),
  }).map((fields) => ({ ...fields, durationSeconds: parseDurationSeconds(fields.duration) ?? 0 }));
  // Around both 2024 Europe/London changes, so windows cross daylight saving time.
  const instant = fc.oneof(
    fc.integer({ min: Date.parse('2024-03-24T00:00Z'), max: Date.parse('2024-04-07T00:00Z') }),
    fc.integer({ min: Date.parse('2024-10-20T00:00Z'), max: Date.parse('2024-11-10T00:00Z') }),
  );

  it('is a pure function: the same input gives the same decision', () => {
    fc.assert(
      fc.property(fc.array(windowArbitrary, { maxLength: 3 }), instant, (windows, time) => {
        expect(decideSyncWindow(windows, campaign, new Date(time))).to.deep.equal(decideSyncWindow(windows, campaign, new Date(time)));
      }),
      { numRuns: 40 },
    );
  });

  it('flips `allowed` only at nextChangeAt', () => {
    fc.assert(
      fc.property(fc.array(windowArbitrary, { minLength: 1, maxLength: 3 }), instant, fc.double({ min: 0, max: 1, noNaN: true }), (windows, time, fraction) => {
        const decision = decideSyncWindow(windows, campaign, new Date(time));
        const allowedAt = (ms: number) => decideSyncWindow(windows, campaign, new Date(ms)).allowed;
        if (decision.nextChangeAt === undefined) {
          expect(allowedAt(time + Math.floor(fraction * SYNC_WINDOW_HORIZON_MS))).to.equal(decision.allowed);
          expect(allowedAt(time + SYNC_WINDOW_HORIZON_MS)).to.equal(decision.allowed);
          return;
        }
        const change = decision.nextChangeAt.getTime();
        expect(change).to.be.above(time).and.at.most(time + SYNC_WINDOW_HORIZON_MS);
        expect(allowedAt(time + Math.floor(fraction * (change - time - 1)))).to.equal(decision.allowed);
        expect(allowedAt(change - 1)).to.equal(decision.allowed);
        expect(allowedAt(change)).to.equal(!decision.allowed);
      }),
      { numRuns: 40 },
    );
  });
});
