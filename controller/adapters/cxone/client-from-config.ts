/** The CXone client for a validated configuration (the composition roots use this). */
import type { Config } from '../../config.js';
import type { Logger } from '../logging/logger.js';
import type { SecretRegistry } from '../logging/secret-registry.js';
import { createCxoneClient, type CxoneClient, type CxoneClientOptions } from './cxone-client.js';

export function clientFromConfig(config: Config, extra: { log?: Logger; secrets?: SecretRegistry } & Partial<CxoneClientOptions> = {}): CxoneClient {
  const { baseUrl, clientId, clientSecret, ratePerMinute } = config.cxone;
  if (!baseUrl || !clientId || !clientSecret) throw new Error('CXONE_DOMAIN, CXONE_CLIENT_ID and CXONE_CLIENT_SECRET must be set');
  return createCxoneClient({ baseUrl, clientId, clientSecret, ratePerMinute, ...extra });
}

/** How CXone names this controller in a campaign's `modifiedBy`. */
export function actorFor(config: Config): string {
  return `api:${config.cxone.clientId ?? ''}`;
}
