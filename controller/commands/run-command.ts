/**
 * `cxone-gitops run`: the long-running controller. Reads and validates its configuration (naming
 * every missing or wrong setting at once), logs JSON lines, serves the status endpoints, and on
 * SIGTERM/SIGINT stops taking work, lets the reconcile in flight finish (never leaving a PUT
 * without its journal record), flushes the audit journal and exits 0 within 10 seconds. A start
 * that fails exits 1 at once, so a pod crash-loops instead of hanging.
 */
import { Option, type Command } from 'commander';
import { LOG_FORMATS } from '../adapters/logging/create-process-logger.js';
import type { LogFormat } from '../adapters/logging/create-text-logger.js';
import { readConfig, withDotEnv } from '../config.js';
import { describeConfigVariables } from '../config-variables.js';
import { limitHeapGrowth } from '../lib/heap-growth.js';
import { STOP_DEADLINE_MS, startControllerProcess, stopOnSignals, type RunningController } from '../main.js';

export { STOP_DEADLINE_MS, startControllerProcess, stopOnSignals, type RunningController } from '../main.js';

export function registerRunCommand(program: Command): void {
  program
    .command('run')
    .description('run the controller: reconcile on start-up, on every commit and on a schedule; serve status, metrics and the dashboard')
    .addOption(new Option('--log-format <format>', 'log lines as JSON, or as one readable line per event').choices(LOG_FORMATS).default('json'))
    .addHelpText('after', describeConfigVariables())
    .action(async (options: { logFormat: LogFormat }) => {
      limitHeapGrowth();
      const config = readConfig(withDotEnv(process.env), ['cxone', 'repo']);
      try {
        // Another controller took the single-writer heartbeat: stop writing and exit non-zero.
        // (It may come while the start is still under way: then there is nothing to stop yet.)
        const started: { running?: RunningController } = {};
        const onFatal = (error: Error): void => {
          process.stderr.write(`cxone-gitops: ${error.message}\n`);
          const exit = (): never => process.exit(1);
          void (started.running?.stop() ?? Promise.resolve()).then(exit, exit);
          setTimeout(exit, STOP_DEADLINE_MS).unref();
        };
        // Signals are caught from the first moment: the server listens before the start is over.
        const start = startControllerProcess(config, { logFormat: options.logFormat, onFatal });
        stopOnSignals(start, (line) => process.stderr.write(`cxone-gitops: ${line}\n`));
        started.running = await start;
      } catch (error) {
        process.stderr.write(`cxone-gitops: ${error instanceof Error ? error.message : String(error)}\n`);
        // Whatever a failed start left behind (a socket, a timer) must not keep the process alive.
        process.exit(1);
      }
    });
}
