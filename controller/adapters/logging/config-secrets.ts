/**
 * Every secret a configuration holds, in one registry: what `run` and `apply` redact from their
 * logs, records and status (README "Secrets and URL credentials"). Tokens the API client is issued
 * later are added to the same registry by the client.
 */
import type { Config } from '../../config.js';
import { SecretRegistry } from './secret-registry.js';

export function secretsOfConfig(config: Config): SecretRegistry {
  const secrets = new SecretRegistry();
  for (const value of [
    config.cxone.clientSecret,
    config.cxone.accessKeySecret,
    config.git.webhookSecret,
    config.http.authToken,
    config.alerts.webhookSecret,
    config.alerts.pagerDutyRoutingKey,
    config.git.access.credential?.password,
    config.election?.auth?.password,
  ]) {
    secrets.add(value);
  }
  return secrets;
}
