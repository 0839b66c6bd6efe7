/**
 * The cron sweep (GITOPS_SCHEDULE): calls `onTick` on a node-cron schedule, never two ticks at
 * once (a tick that is still running when the next is due makes node-cron skip that one).
 */
import cron, { type Logger as CronLogger, type ScheduledTask } from 'node-cron';
import type { Logger } from '../adapters/logging/logger.js';
import { silentLogger } from '../adapters/logging/logger.js';
import { isIanaTimeZone } from '../domain/time-zone.js';

export interface SweepScheduleOptions {
  /** When to sweep, in node-cron syntax: five fields, or six with seconds first. Usually GITOPS_SCHEDULE; no default here. */
  expression: string;
  /** IANA time zone `expression` is read in. Default the process's local time zone. */
  timezone?: string;
  /** Called on every tick; a rejection is logged, and the schedule goes on. */
  onTick: () => void | Promise<void>;
  /** Default the silent logger. */
  log?: Logger;
}

export interface SweepSchedule {
  /** Starts ticking; does nothing if already started. */
  start(): void;
  /** Stops ticking, releases node-cron's timers, and resolves when a tick in progress has finished. */
  stop(): Promise<void>;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function cronLogger(log: Logger): CronLogger {
  const text = (message: string | Error) => (message instanceof Error ? message.message : message);
  return {
    info: (message) => log.info({ component: 'node-cron' }, message),
    warn: (message) => log.warn({ component: 'node-cron' }, message),
    error: (message, error) => log.error({ component: 'node-cron', error: error?.message }, text(message)),
    debug: (message, error) => log.debug({ component: 'node-cron', error: error?.message }, text(message)),
  };
}

/** Why `expression` cannot be a sweep schedule, as a message for the user, or undefined. */
export function sweepScheduleProblem(expression: string, timezone?: string): string | undefined {
  const validation = cron.validateDetailed(expression);
  if (!validation.valid) {
    const details = validation.errors.map((error) => error.message).join('; ');
    return `GITOPS_SCHEDULE "${expression}" is not a valid cron expression (${details}): write node-cron syntax, five fields or six with seconds first, e.g. "*/5 * * * *"`;
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
  const log = options.log ?? silentLogger;
  let task: ScheduledTask | undefined;
  let ticking: Promise<void> | undefined;

  async function tick(): Promise<void> {
    try {
      await options.onTick();
    } catch (error) {
      log.error({ schedule: options.expression, error: errorMessage(error) }, 'sweep tick failed: the next tick runs as scheduled');
    }
  }

  return {
    start() {
      if (task !== undefined) return;
      task = cron.createTask(
        options.expression,
        () => {
          ticking = tick().finally(() => {
            ticking = undefined;
          });
          return ticking;
        },
        { name: 'cxone-gitops-sweep', noOverlap: true, logger: cronLogger(log), ...(options.timezone === undefined ? {} : { timezone: options.timezone }) },
      );
      Promise.resolve(task.start()).catch((error: unknown) => log.error({ schedule: options.expression, error: errorMessage(error) }, 'sweep schedule failed to start'));
      log.info({ schedule: options.expression, timezone: options.timezone ?? 'local' }, 'sweep schedule started');
    },
    async stop() {
      const current = task;
      task = undefined;
      if (current !== undefined) {
        await current.destroy();
        log.info({ schedule: options.expression }, 'sweep schedule stopped');
      }
      await ticking;
    },
  };
}
