/**
 * The logger of a command, in the format it asked for: JSON lines for `run` (and any command with
 * `--log-format json`), one human-readable line per event otherwise (create-text-logger.ts).
 */
import type { DestinationStream } from 'pino';
import { createLogger } from './create-logger.js';
import { createTextLogger, type LogFormat } from './create-text-logger.js';
import type { Logger } from './logger.js';
import type { SecretRegistry } from './secret-registry.js';

export interface ProcessLoggerOptions {
  format: LogFormat;
  /** pino level. Default `info`. */
  level?: string;
  secrets?: SecretRegistry;
  /** Bindings on every JSON line. */
  base?: Record<string, unknown>;
  /** `stdout` (the default for JSON, as `run` has always logged) or `stderr` (the default for text). */
  stream?: 'stdout' | 'stderr';
}

export const LOG_FORMATS: readonly LogFormat[] = ['json', 'text'];

export function createProcessLogger(options: ProcessLoggerOptions): Logger {
  const stream = options.stream ?? (options.format === 'json' ? 'stdout' : 'stderr');
  if (options.format === 'text') {
    const out = stream === 'stdout' ? process.stdout : process.stderr;
    return createTextLogger({ level: options.level, secrets: options.secrets, write: (line) => void out.write(line) });
  }
  const destination = (stream === 'stderr' ? process.stderr : undefined) as DestinationStream | undefined;
  return createLogger({ level: options.level, secrets: options.secrets, base: options.base, destination });
}
