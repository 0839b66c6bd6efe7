/**
 * The logger every component takes: pino's shape (a metadata object first, then a static message),
 * so WARN and ERROR lines group. `createLogger` in create-logger.ts makes the real one.
 */
export interface LogFn {
  (meta: Record<string, unknown>, message: string): void;
  (message: string): void;
}

export interface Logger {
  debug: LogFn;
  info: LogFn;
  warn: LogFn;
  error: LogFn;
  child(bindings: Record<string, unknown>): Logger;
}

const noop: LogFn = () => undefined;

/** A logger that drops everything: the default where none is given. */
export const silentLogger: Logger = { debug: noop, info: noop, warn: noop, error: noop, child: () => silentLogger };
