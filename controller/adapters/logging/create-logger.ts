/**
 * The real logger: pino JSON lines, with secrets redacted at the logger so no component has to
 * remember to. Redaction covers well-known secret fields wherever they sit, and every value
 * registered as a secret (client secret, webhook secrets, access tokens) wherever it appears.
 */
import pino, { type DestinationStream } from 'pino';
import type { Logger } from './logger.js';
import type { SecretRegistry } from './secret-registry.js';

export interface CreateLoggerOptions {
  /** pino level. Default `info`. */
  level?: string;
  /** Where lines go. Default stdout. */
  destination?: DestinationStream;
  /** Values to scrub from every line. */
  secrets?: SecretRegistry;
  /** Bindings on every line, e.g. `{ component: 'controller' }`. */
  base?: Record<string, unknown>;
}

const SECRET_FIELDS = [
  'authorization',
  'clientSecret',
  'client_secret',
  'secret',
  'token',
  'accessToken',
  'access_token',
  'password',
  'webhookSecret',
];

export function createLogger(options: CreateLoggerOptions = {}): Logger {
  const { secrets } = options;
  const paths = SECRET_FIELDS.flatMap((field) => [field, `*.${field}`, `*.*.${field}`]);
  return pino(
    {
      level: options.level ?? 'info',
      base: options.base ?? null,
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths, censor: '[redacted]' },
      formatters: {
        level: (label) => ({ level: label }),
        log: (object) => (secrets ? (secrets.scrub(object) as Record<string, unknown>) : object),
      },
      hooks: {
        logMethod(args, method) {
          if (!secrets) return method.apply(this, args);
          return method.apply(this, args.map((arg) => (typeof arg === 'string' ? secrets.scrub(arg) : arg)) as Parameters<typeof method>);
        },
      },
    },
    options.destination,
  ) as unknown as Logger;
}
