import { expect } from 'chai';
import type { Logger } from '../../../controller/adapters/logging/logger.js';
import { createSweepSchedule, sweepScheduleProblem, type SweepSchedule } from '../../../controller/scheduler/sweep-schedule.js';

interface Line {
  level: string;
  meta: Record<string, unknown>;
  message: string;
}

function recordingLogger(lines: Line[]): Logger {
  const at =
    (level: string) =>
    (first: Record<string, unknown> | string, second?: string): void => {
      lines.push(typeof first === 'string' ? { level, meta: {}, message: first } : { level, meta: first, message: second ?? '' });
    };
  const logger: Logger = { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error'), child: () => logger };
  return logger;
}

function timeouts(): number {
  return process.getActiveResourcesInfo().filter((resource) => resource === 'Timeout').length;
}

describe('createSweepSchedule', () => {
  it('rejects an invalid expression with a message naming GITOPS_SCHEDULE and what to write', () => {
    expect(() => createSweepSchedule({ expression: '*/5 * * *', onTick: () => undefined })).to.throw(
      /^GITOPS_SCHEDULE "\*\/5 \* \* \*" is not a valid cron expression \(has 4 fields: .*\): write five fields or six with seconds first, e\.g\. "\*\/5 \* \* \* \*"$/,
    );
    expect(sweepScheduleProblem('61 * * * *')).to.match(/GITOPS_SCHEDULE "61 \* \* \* \*" is not a valid cron expression \(minute 61 is out of range 0-59\)/);
    expect(sweepScheduleProblem('61 * * * * *')).to.match(/\(second 61 is out of range 0-59\)/);
  });

  it('rejects a time zone that is not IANA', () => {
    expect(() => createSweepSchedule({ expression: '*/5 * * * *', timezone: 'Mars/Olympus', onTick: () => undefined })).to.throw(
      'the sweep time zone "Mars/Olympus" is not an IANA time zone: use a name such as Europe/London, America/New_York or UTC',
    );
    expect(sweepScheduleProblem('0 8 * * MON', 'Europe/London')).to.equal(undefined);
  });

  let schedule: SweepSchedule | undefined;
  afterEach(async () => {
    await schedule?.stop(); // a failed test must not leave the process running
    schedule = undefined;
  });

  it('ticks every second with a seconds field, goes on after a failed tick, and stop() waits for a tick and leaves no timers', async function () {
    this.timeout(8000);
    const lines: Line[] = [];
    await new Promise((resolve) => setImmediate(resolve)); // mocha arms this test's own timeout after it starts
    const before = timeouts();
    let ticks = 0;
    let markSecondStarted = () => undefined as void;
    const secondStarted = new Promise<void>((resolve) => {
      markSecondStarted = resolve;
    });
    let releaseSecond = () => undefined as void;
    const second = new Promise<void>((resolve) => {
      releaseSecond = resolve;
    });
    schedule = createSweepSchedule({
      expression: '*/1 * * * * *',
      timezone: 'UTC',
      log: recordingLogger(lines),
      onTick: async () => {
        ticks += 1;
        if (ticks === 1) throw new Error('git fetch failed');
        if (ticks === 2) {
          markSecondStarted();
          await second;
        }
      },
    });
    schedule.start();
    schedule.start(); // no second task
    let deadlineTimer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      deadlineTimer = setTimeout(() => reject(new Error(`${ticks} ticks in 5s: expected 2`)), 5000);
    });
    try {
      await Promise.race([secondStarted, deadline]);
    } finally {
      clearTimeout(deadlineTimer);
    }
    expect(ticks).to.equal(2);

    let stopped = false;
    const stopping = schedule.stop().then(() => {
      stopped = true;
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(stopped, 'stop() waits for the tick in progress').to.equal(false);
    releaseSecond();
    await stopping;

    expect(timeouts(), "timers left behind").to.equal(before);
    expect(lines.filter((line) => line.level === 'error')).to.deep.equal([
      { level: 'error', meta: { schedule: '*/1 * * * * *', error: 'git fetch failed' }, message: 'sweep tick failed: the next tick runs as scheduled' },
    ]);
    const ticksAtStop = ticks;
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect(ticks, 'no tick after stop()').to.equal(ticksAtStop);
  });
});

describe('nextSweepMs (the sweep on the project cron engine)', () => {
  const at = (iso: string) => Date.parse(iso);
  it('fires every five minutes on the minute, every second with a seconds field, and in the schedule time zone', async () => {
    const { nextSweepMs, parseSweepCron } = await import('../../../controller/domain/sweep-cron.js');
    expect(new Date(nextSweepMs(parseSweepCron('*/5 * * * *'), 'UTC', at('2026-12-01T10:02:30Z'))!).toISOString()).to.equal('2026-12-01T10:05:00.000Z');
    expect(new Date(nextSweepMs(parseSweepCron('*/1 * * * * *'), 'UTC', at('2026-12-01T10:02:30.200Z'))!).toISOString()).to.equal('2026-12-01T10:02:31.000Z');
    expect(new Date(nextSweepMs(parseSweepCron('30 0 8 * * MON'), 'Europe/London', at('2026-12-01T10:00:00Z'))!).toISOString()).to.equal('2026-12-07T08:00:30.000Z');
    expect(new Date(nextSweepMs(parseSweepCron('0 0 1 1 *'), 'UTC', at('2026-12-01T00:00:00Z'))!).toISOString()).to.equal('2027-01-01T00:00:00.000Z');
  });
  it('skips a wall-clock time that daylight saving skips', async () => {
    const { nextSweepMs, parseSweepCron } = await import('../../../controller/domain/sweep-cron.js');
    // 01:30 does not exist in London on 2026-03-29: the next is the day after.
    expect(new Date(nextSweepMs(parseSweepCron('30 1 * * *'), 'Europe/London', at('2026-03-29T00:00:00Z'))!).toISOString()).to.equal('2026-03-30T00:30:00.000Z');
  });
});
