/** The CXone client for a validated configuration (the composition roots use this). */
import type { Config } from '../../config.js';
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

/** The real-CXone skills client for a validated configuration with CXONE_DIALECT=cxone. */
export function skillsClientFromConfig(config: Config, extra: { log?: Logger; secrets?: SecretRegistry } & Partial<CxoneSkillsClientOptions> = {}): CxoneSkillsClient {
  const { clientId, clientSecret, accessKeyId, accessKeySecret, authUrl, tenantId, apiVersion, ratePerMinute, maxRetryAfterSeconds, maxResponseBytes } = config.cxone;
  if (!clientId || !clientSecret || !accessKeyId || !accessKeySecret) {
    throw new Error('CXONE_CLIENT_ID, CXONE_CLIENT_SECRET, CXONE_ACCESS_KEY_ID and CXONE_ACCESS_KEY_SECRET must be set for CXONE_DIALECT=cxone');
  }
  return createCxoneSkillsClient({ clientId, clientSecret, accessKeyId, accessKeySecret, authUrl, apiVersion, ratePerMinute, maxRetryAfterMs: maxRetryAfterSeconds * 1000, maxResponseBytes, ...(tenantId ? { tenantId } : {}), ...extra });
}
