/**
 * The cron sweep (GITOPS_SCHEDULE) on the project's own cron engine (docs/architecture.md, "The
 * sweep schedule"): calls `onTick` at each fire time, never two ticks at once (a tick still
 * running when the next is due makes that one skipped), on an injected clock and timer.
 */
import type { Logger } from '../adapters/logging/logger.js';
import { silentLogger } from '../adapters/logging/logger.js';
import { unrefTimer, type SetTimer } from '../lib/timer.js';
import { nextSweepMs, parseSweepCron, sweepCronProblem } from '../domain/sweep-cron.js';
import { isIanaTimeZone } from '../domain/time-zone.js';
import { messageOf } from '../lib/error-message.js';

/** A timer never waits longer than this before the next fire time is worked out again (timers cap at ~24.8 days). */
const MAX_WAIT_MS = 3_600_000;

export interface SweepScheduleOptions {
  /** When to sweep: five cron fields, or six with seconds first. Usually GITOPS_SCHEDULE; no default here. */
  expression: string;
  /** IANA time zone `expression` is read in. Default the process's local time zone. */
  timezone?: string;
  /** Called on every tick; a rejection is logged, and the schedule goes on. */
  onTick: () => void | Promise<void>;
  /** Default the silent logger. */
  log?: Logger;
  /** The clock, ms. Default `Date.now`. */
  now?: () => number;
  /** Default an unref'd `setTimeout`. */
  setTimer?: SetTimer;
}

export interface SweepSchedule {
  /** Starts ticking; does nothing if already started. */
  start(): void;
  /** Stops ticking, cancels its timer, and resolves when a tick in progress has finished. */
  stop(): Promise<void>;
}

/** Why `expression` cannot be a sweep schedule, as a message for the user, or undefined. */
export function sweepScheduleProblem(expression: string, timezone?: string): string | undefined {
  const problem = sweepCronProblem(expression);
  if (problem !== undefined) {
    return `GITOPS_SCHEDULE "${expression}" is not a valid cron expression (${problem}): write five fields or six with seconds first, e.g. "*/5 * * * *"`;
  }
  if (timezone !== undefined && !isIanaTimeZone(timezone)) {
    return `the sweep time zone "${timezone}" is not an IANA time zone: use a name such as Europe/London, America/New_York or UTC`;
  }
  return undefined;
}

/** A sweep schedule; throws an Error naming GITOPS_SCHEDULE when the expression is not valid. */
export function createSweepSchedule(options: SweepScheduleOptions): SweepSchedule {
  const problem = sweepScheduleProblem(options.expression, options.timezone);
  if (problem !== undefined) throw new Error(problem);
  const cron = parseSweepCron(options.expression);
  const timeZone = options.timezone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
  const log = options.log ?? silentLogger;
  const now = options.now ?? Date.now;
  const setTimer = options.setTimer ?? unrefTimer;
  let cancel: (() => void) | undefined;
  let ticking: Promise<void> | undefined;
  let running = false;

  async function tick(): Promise<void> {
    try {
      await options.onTick();
    } catch (error) {
      log.error({ schedule: options.expression, error: messageOf(error) }, 'sweep tick failed: the next tick runs as scheduled');
    }
  }

  function arm(afterMs: number): void {
    const due = nextSweepMs(cron, timeZone, afterMs);
    if (due === undefined) {
      log.warn({ schedule: options.expression }, 'the sweep schedule never fires: no sweep will run');
      return;
    }
    const waitMs = Math.min(MAX_WAIT_MS, Math.max(0, due - now()));
    cancel = setTimer(() => {
      cancel = undefined;
      if (!running) return;
      if (now() < due) return arm(afterMs); // woke early to re-check a far fire time
      if (ticking === undefined) {
        ticking = tick().finally(() => {
          ticking = undefined;
        });
      } else {
        log.warn({ schedule: options.expression }, 'sweep still running at the next fire time: that tick is skipped');
      }
      arm(due);
    }, waitMs);
  }

  return {
    start() {
      if (running) return;
      running = true;
      arm(now());
      log.info({ schedule: options.expression, timezone: timeZone }, 'sweep schedule started');
    },
    async stop() {
      if (running) log.info({ schedule: options.expression }, 'sweep schedule stopped');
      running = false;
      cancel?.();
      cancel = undefined;
      await ticking;
    },
  };
}
