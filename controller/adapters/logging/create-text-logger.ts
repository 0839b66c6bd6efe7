/**
 * The logger of the one-shot commands and the demo: one human-readable line per event on stderr,
 * `warning: spring-renewals: apply rejected (status 409)`, instead of JSON. `run` logs JSON lines
 * (create-logger.ts); `--log-format json` gives a command those too. Secrets are scrubbed here as
 * well, and the well-known secret fields are left out.
 */
import type { LogFn, Logger } from './logger.js';
import type { SecretRegistry } from './secret-registry.js';

export type LogFormat = 'json' | 'text';

export interface CreateTextLoggerOptions {
  /** pino's levels: `fatal` … `trace`, `silent`. Default `info`. */
  level?: string;
  /** Where lines go. Default: stderr. */
  write?: (line: string) => void;
  secrets?: SecretRegistry;
}

const LEVELS: Record<string, number> = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60, silent: Infinity };
const LABEL: Record<string, string> = { debug: 'debug: ', info: '', warn: 'warning: ', error: 'error: ' };
/** Bindings that only help machines: never shown in a line. */
const HIDDEN = new Set(['name', 'component', 'reconcileId', 'pid', 'hostname', 'msg', 'time', 'level']);
const SECRET_FIELD = /secret|token|password|authorization/i;

function describe(value: unknown): string {
  if (value instanceof Error) return value.message;
  if (typeof value === 'object' && value !== null) {
    const message = (value as { message?: unknown }).message;
    return typeof message === 'string' ? message : JSON.stringify(value);
  }
  return String(value);
}

/** `message (key value, …)`, with the campaign in front and the error's message last. */
export function formatLogLine(level: string, bindings: Record<string, unknown>, message: string): string {
  const { campaign, err, error, ...rest } = bindings;
  const details = Object.entries(rest)
    .filter(([key, value]) => !HIDDEN.has(key) && !SECRET_FIELD.test(key) && value !== undefined && value !== null && typeof value !== 'object')
    // A value the message already says (`listening on URL`, url URL) is not repeated.
    .filter(([, value]) => String(value).length < 4 || !message.includes(String(value)))
    .map(([key, value]) => `${key} ${String(value)}`);
  const problem = err ?? error;
  const who = typeof campaign === 'string' ? `${campaign}: ` : '';
  const why = problem === undefined ? '' : `: ${describe(problem)}`;
  return `${LABEL[level] ?? `${level}: `}${who}${message}${why}${details.length > 0 ? ` (${details.join(', ')})` : ''}`;
}

export function createTextLogger(options: CreateTextLoggerOptions = {}, bindings: Record<string, unknown> = {}): Logger {
  const threshold = LEVELS[options.level ?? 'info'] ?? LEVELS.info!;
  const write = options.write ?? ((line: string) => void process.stderr.write(line));
  const at = (level: string): LogFn =>
    ((first: Record<string, unknown> | string, second?: string) => {
      if ((LEVELS[level] ?? 0) < threshold) return;
      const [meta, message] = typeof first === 'string' ? [{}, first] : [first, second ?? ''];
      const line = formatLogLine(level, { ...bindings, ...meta }, message);
      write(`${options.secrets ? options.secrets.scrub(line) : line}\n`);
    }) as LogFn;
  return {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    child: (more) => createTextLogger(options, { ...bindings, ...more }),
  };
}
