/**
 * The last line a failed command prints (cli.ts): scrubbed of every secret the environment
 * configures and of credential-looking form fields and URL user-info a server may echo back in an
 * error body (`client_secret=... is wrong`), since no command's own registry is left to do it.
 */
import { REDACTED, SecretRegistry } from './secret-registry.js';

/** The environment variables that hold secrets (README, "Configuration"). */
export const SECRET_VARIABLES = [
  'CXONE_CLIENT_SECRET',
  'CXONE_ACCESS_KEY_SECRET',
  'HTTP_AUTH_TOKEN',
  'GIT_WEBHOOK_SECRET',
  'GITOPS_REPO_TOKEN',
  'ALERT_WEBHOOK_URL',
  'ALERT_WEBHOOK_SECRET',
  'ALERT_SLACK_WEBHOOK_URL',
  'ALERT_TEAMS_WEBHOOK_URL',
  'ALERT_PAGERDUTY_ROUTING_KEY',
  'ML_WEBHOOK_URL',
] as const;

// A field name that ends a URL path (`POST /auth/token: …`) is not a field: the text after it is kept.
const FORM_SECRET = /(?<!\/)\b((?:client_secret|password|access_token|refresh_token|access_key_secret|accessKeySecret|routing_key|token)"?\s*[=:]\s*"?)[^\s&",;]+/gi;
const URL_USERINFO = /(\b[a-z][a-z0-9+.-]*:\/\/)[^/\s:@]+:[^/\s@]+@/gi;

export function scrubFailureMessage(message: string, env: NodeJS.ProcessEnv): string {
  const secrets = new SecretRegistry();
  for (const name of SECRET_VARIABLES) secrets.add(env[name]?.trim());
  return secrets.scrub(message).replace(FORM_SECRET, `$1${REDACTED}`).replace(URL_USERINFO, `$1${REDACTED}@`);
}
