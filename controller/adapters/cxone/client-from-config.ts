/** The CXone client for a validated configuration (the composition roots use this). */
import { ConfigError, type Config } from '../../config.js';
import type { Logger } from '../logging/logger.js';
import type { SecretRegistry } from '../logging/secret-registry.js';
import { createCxoneClient, type CxoneClient, type CxoneClientOptions } from './cxone-client.js';
import { createCxoneSkillsClient, type CxoneSkillsClient, type CxoneSkillsClientOptions } from './cxone-skills-client.js';

export function clientFromConfig(config: Config, extra: { log?: Logger; secrets?: SecretRegistry } & Partial<CxoneClientOptions> = {}): CxoneClient {
  const { baseUrl, clientId, clientSecret, ratePerMinute, maxRetryAfterSeconds, maxResponseBytes, maxListPages } = config.cxone;
  if (!baseUrl || !clientId || !clientSecret) throw new Error('CXONE_DOMAIN, CXONE_CLIENT_ID and CXONE_CLIENT_SECRET must be set');
  return createCxoneClient({ baseUrl, clientId, clientSecret, ratePerMinute, maxRetryAfterMs: maxRetryAfterSeconds * 1000, maxResponseBytes, maxListPages, ...extra });
}

/** How CXone names this controller in a campaign's `modifiedBy`. */
export function actorFor(config: Config): string {
  return `api:${config.cxone.clientId ?? ''}`;
}

/**
 * The real-CXone skills client for a validated configuration (the one place the access-key
 * settings are read: `run`, `plan`, `apply`, `adopt`, the demo and `calibrate`). Throws a
 * ConfigError naming each missing setting.
 */
export function skillsClientFromConfig(config: Config, extra: { log?: Logger; secrets?: SecretRegistry } & Partial<CxoneSkillsClientOptions> = {}): CxoneSkillsClient {
  const { clientId, clientSecret, accessKeyId, accessKeySecret, authUrl, tenantId, apiVersion, ratePerMinute, maxRetryAfterSeconds, maxResponseBytes } = config.cxone;
  const settings = { CXONE_CLIENT_ID: clientId, CXONE_CLIENT_SECRET: clientSecret, CXONE_ACCESS_KEY_ID: accessKeyId, CXONE_ACCESS_KEY_SECRET: accessKeySecret };
  const missing = Object.entries(settings).filter(([, value]) => value === undefined).map(([name]) => name);
  if (missing.length > 0) throw new ConfigError(missing.map((name) => `${name} is not set: the real CXone dialect needs the registered application and the API user's access key (README, "Real CXone")`));
  return createCxoneSkillsClient({ clientId: clientId!, clientSecret: clientSecret!, accessKeyId: accessKeyId!, accessKeySecret: accessKeySecret!, authUrl, apiVersion, ratePerMinute, maxRetryAfterMs: maxRetryAfterSeconds * 1000, maxResponseBytes, ...(tenantId ? { tenantId } : {}), ...extra });
}
