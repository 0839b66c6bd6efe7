import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { cronScheduleProblem } from '../../../controller/domain/cron-schedule.js';
import { parseDurationSeconds } from '../../../controller/domain/duration.js';
import { isIanaTimeZone } from '../../../controller/domain/time-zone.js';
import { FIXTURES_DIR, testValidator, utf8 } from './test-validator.js';

describe('sync window schedules (five-field cron)', () => {
  const valid = ['0 8 * * 1', '*/15 9-17 * * MON-FRI', '0 0 1 JAN,jul *', '30 6 * * 0,7', '0-59/5 * 1-31 1-12 *', '5 4 * * sun'];
  for (const expression of valid) {
    it(`accepts "${expression}"`, () => expect(cronScheduleProblem(expression)).to.equal(undefined));
  }
  const invalid: [string, string][] = [
    ['0 8 * *', 'has 4 fields: write five (minute hour day-of-month month day-of-week), e.g. "0 8 * * 1"'],
    ['0 0 8 * * 1', 'has 6 fields'],
    ['60 8 * * 1', 'minute 60 is out of range 0-59'],
    ['0 24 * * 1', 'hour 24 is out of range 0-23'],
    ['0 8 0 * *', 'day of month 0 is out of range 1-31'],
    ['0 8 * 13 *', 'month 13 is out of range 1-12'],
    ['0 8 * * 8', 'day of week 8 is out of range 0-7'],
    ['0 8 * * FRX', 'day of week "FRX" is not a number or a name'],
    ['*/0 8 * * 1', 'minute "*/0" has a bad step'],
    ['0 17-9 * * 1', 'hour range "17-9" runs backwards'],
    ['0 8 ? * 1', 'day of month "?" is not a number'],
  ];
  for (const [expression, problem] of invalid) {
    it(`rejects "${expression}": ${problem}`, () => expect(cronScheduleProblem(expression)).to.include(problem));
  }
});

describe('durations and time zones', () => {
  const durations: [string, number | undefined][] = [
    ['2h', 7200],
    ['30m', 1800],
    ['1h30m', 5400],
    ['45s', 45],
    ['0m', 0],
    ['', undefined],
    ['2 hours', undefined],
    ['1d', undefined],
    ['30m2h', undefined],
  ];
  for (const [text, seconds] of durations) {
    it(`reads "${text}" as ${String(seconds)} seconds`, () => expect(parseDurationSeconds(text)).to.equal(seconds));
  }

  const zones: [string, boolean][] = [
    ['Europe/London', true],
    ['America/Argentina/Buenos_Aires', true],
    ['UTC', true],
    ['Europe/Londres', false],
    ['+01:00', false],
    ['', false],
  ];
  for (const [zone, ok] of zones) {
    it(`${ok ? 'accepts' : 'rejects'} the time zone "${zone}"`, () => expect(isIanaTimeZone(zone)).to.equal(ok));
  }
});

describe('the policy file', () => {
  it('reports every problem of the policy file, each at its field', () => {
    const text = [
      'apiVersion: cxone-gitops/v1',
      'kind: ControllerPolicy',
      'spec:',
      '  simulation: { profile: { answerProbability: 0.7, machineProbability: 0.4 } }',
      '  syncWindows:',
      '    - { kind: deny, schedule: "0 25 * * 1", duration: 2h, timeZone: Mars/Olympus, campaigns: solar-leads }',
      '  alerts:',
      '    reminderAfter: 0s',
      '    routes:',
      '      - sinks: [{ kind: slack, urlEnv: SLACK_URL, secretEnv: SLACK_SECRET }]',
    ].join('\n');
    const { document, diagnostics } = testValidator().parsePolicyFile('cxone-gitops.yaml', utf8(text));
    expect(document).to.equal(undefined);
    expect(diagnostics.map((each) => `${each.line}:${each.column} ${each.message}`)).to.deep.equal([
      '4:47 spec.simulation.profile: answerProbability 0.7 + machineProbability 0.4 is above 1 (a dial cannot be both): lower one of them',
      '6:31 spec.syncWindows[0].schedule "0 25 * * 1" is not a cron expression: hour 25 is out of range 0-23',
      '6:69 spec.syncWindows[0].timeZone "Mars/Olympus" is not an IANA time zone: use a name such as Europe/London, America/New_York or UTC',
      '6:94 spec.syncWindows[0].campaigns must be a list or a mapping, got the string "solar-leads": write it as a list, such as ["solar-leads"]',
      '8:20 spec.alerts.reminderAfter is "0s", which is no time at all: write a duration longer than 0, such as 30m',
      '10:51 spec.alerts.routes[0].sinks[0].secretEnv is set on a slack sink, which has no signing secret: remove it (only webhook sinks are signed)',
    ]);
  });

  it('accepts the example policy file', () => {
    const bytes = readFileSync(new URL('../../desired-state/cxone-gitops.yaml', FIXTURES_DIR));
    expect(testValidator().parsePolicyFile('cxone-gitops.yaml', bytes).diagnostics).to.deep.equal([]);
  });
});
