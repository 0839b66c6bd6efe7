/**
 * Tokens and tenant discovery of the real NICE CXone (README, "Real CXone"): the OIDC discovery
 * document names the token endpoint; the password grant sends the API user's access key as
 * username/password with the registered application in HTTP Basic; a refresh token renews it; the
 * access token's `tenantId` claim (or CXONE_TENANT_ID) finds the tenant's `api_endpoint` in
 * `/.well-known/cxone-configuration`. One request however many callers wait, and every secret and
 * token is registered with the logger's secret registry before anything could print it.
 */
import type { SecretRegistry } from '../logging/secret-registry.js';
import { describeApiErrors, tolerantCxoneApi } from './cxone-api-schemas.js';
import { CxoneAuthError, CxoneResponseError, CxoneTransientError, type CallSite } from './cxone-errors.js';
import type { AnonymousRequest, TokenSource } from './cxone-gateway.js';
import type { TransportResponse } from './http-transport.js';

export interface AccessKeyCredentials {
  /** The registered application (CXONE_CLIENT_ID / CXONE_CLIENT_SECRET). */
  clientId: string;
  clientSecret: string;
  /** The API user's access key (CXONE_ACCESS_KEY_ID / CXONE_ACCESS_KEY_SECRET). */
  accessKeyId: string;
  accessKeySecret: string;
}

export interface AccessKeyTokensOptions extends AccessKeyCredentials {
  /** CXONE_AUTH_URL, e.g. `https://cxone.niceincontact.com`. */
  authUrl: string;
  /** CXONE_TENANT_ID; default: the token's `tenantId` claim. */
  tenantId?: string;
  /** CXONE_API_VERSION, e.g. `v34.0`. */
  apiVersion: string;
  /** Sends a request through the gateway (budget, circuit, retries). */
  send: (request: AnonymousRequest) => Promise<TransportResponse>;
  now: () => number;
  secrets?: SecretRegistry;
}

interface Held {
  access: string;
  refresh?: string;
  refreshAt: number;
}

const TOKEN_SITE: CallSite = { method: 'POST', path: '/auth/token' };

function errorOf(response: TransportResponse): { error: string; description: string } {
  const body = (response.body ?? {}) as { error?: unknown; error_description?: unknown };
  return { error: typeof body.error === 'string' ? body.error : `HTTP ${response.status}`, description: typeof body.error_description === 'string' ? body.error_description.slice(0, 300) : '' };
}

/** The payload of a JWT, or undefined when the token is not one. */
export function jwtClaims(token: string): Record<string, unknown> | undefined {
  const payload = token.split('.')[1];
  if (payload === undefined) return undefined;
  try {
    const claims: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    return typeof claims === 'object' && claims !== null ? (claims as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

export class AccessKeyTokens implements TokenSource {
  private held?: Held;
  private inFlight?: Promise<string>;
  private tokenEndpoint?: Promise<string>;
  private apiBaseUrl?: Promise<string>;
  private tenantId?: string;
  requests = 0;

  constructor(private readonly options: AccessKeyTokensOptions) {
    const { secrets } = options;
    secrets?.add(options.clientSecret);
    secrets?.add(options.accessKeySecret);
  }

  get(): Promise<string> {
    if (this.held && this.options.now() < this.held.refreshAt) return Promise.resolve(this.held.access);
    this.inFlight ??= this.renew().finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  invalidate(token: string): void {
    if (this.held?.access === token) this.held = { ...this.held, refreshAt: 0 };
  }

  /** `{api_endpoint}/inContactAPI/services/{version}`, discovered once from the tenant id. */
  apiBase(): Promise<string> {
    this.apiBaseUrl ??= this.discoverApiBase().catch((error: unknown) => {
      this.apiBaseUrl = undefined;
      throw error;
    });
    return this.apiBaseUrl;
  }

  private async renew(): Promise<string> {
    const refresh = this.held?.refresh;
    if (refresh !== undefined) {
      const refreshed = await this.grant({ grant_type: 'refresh_token', refresh_token: refresh, client_id: this.options.clientId }, false);
      if (refreshed !== undefined) return refreshed;
    }
    return (await this.grant({ grant_type: 'password', username: this.options.accessKeyId, password: this.options.accessKeySecret }, true))!;
  }

  /** One token request; a refused refresh answers undefined (the caller falls back to the access key). */
  private async grant(form: Record<string, string>, final: boolean): Promise<string | undefined> {
    const { clientId, clientSecret, now, secrets } = this.options;
    const url = await this.discoverTokenEndpoint();
    this.requests += 1;
    const basic = Buffer.from(`${clientId}:${clientSecret}`).toString('base64');
    const response = await this.options.send({ method: 'POST', url, route: '/auth/token', headers: { authorization: `Basic ${basic}` }, form: new URLSearchParams(form).toString() });
    if (response.status === 400 || response.status === 401) {
      if (!final) return undefined;
      const { error, description } = errorOf(response);
      const hint =
        error === 'invalid_client'
          ? 'check CXONE_CLIENT_ID and CXONE_CLIENT_SECRET (the application registered in CXone)'
          : 'check CXONE_ACCESS_KEY_ID and CXONE_ACCESS_KEY_SECRET (the API user\'s access key in CXone: Admin > Employees > Access Keys)';
      throw new CxoneAuthError(TOKEN_SITE, `${error}${description ? `: ${description}` : ''}`, { hint, status: response.status });
    }
    if (response.status === 404) throw new CxoneAuthError(TOKEN_SITE, 'HTTP 404 on the token endpoint', { hint: 'check CXONE_AUTH_URL' });
    if (response.status !== 200) throw new CxoneTransientError(TOKEN_SITE, `token endpoint answered HTTP ${response.status}`, { status: response.status });
    const validate = tolerantCxoneApi().tokenResponse;
    if (!validate(response.body)) throw new CxoneResponseError(TOKEN_SITE, describeApiErrors(validate).join('; '));
    const body = response.body as { access_token: string; refresh_token: string; id_token: string; expires_in: number };
    secrets?.add(body.access_token);
    secrets?.add(body.refresh_token);
    secrets?.add(body.id_token);
    const claim = jwtClaims(body.access_token)?.tenantId;
    this.tenantId ??= this.options.tenantId ?? (typeof claim === 'string' ? claim : undefined);
    const margin = Math.min(60, body.expires_in * 0.1);
    this.held = { access: body.access_token, refresh: body.refresh_token, refreshAt: now() + (body.expires_in - margin) * 1000 };
    return body.access_token;
  }

  private discoverTokenEndpoint(): Promise<string> {
    this.tokenEndpoint ??= this.discover('/.well-known/openid-configuration', 'oidcDiscovery')
      .then((document) => String(document.token_endpoint))
      .catch((error: unknown) => {
        this.tokenEndpoint = undefined;
        throw error;
      });
    return this.tokenEndpoint;
  }

  private async discoverApiBase(): Promise<string> {
    if (this.tenantId === undefined) await this.get();
    const tenantId = this.tenantId;
    if (tenantId === undefined) {
      throw new CxoneAuthError(TOKEN_SITE, 'the access token carries no tenantId claim', { hint: 'set CXONE_TENANT_ID to your tenant id (CXone: Admin > Account Settings)' });
    }
    const document = await this.discover(`/.well-known/cxone-configuration?tenantId=${encodeURIComponent(tenantId)}`, 'cxoneConfiguration');
    return `${String(document.api_endpoint).replace(/\/+$/, '')}/inContactAPI/services/${this.options.apiVersion}`;
  }

  private async discover(pathAndQuery: string, schema: 'oidcDiscovery' | 'cxoneConfiguration'): Promise<Record<string, unknown>> {
    const url = `${this.options.authUrl.replace(/\/+$/, '')}${pathAndQuery}`;
    const route = pathAndQuery.split('?')[0]!;
    const site: CallSite = { method: 'GET', path: route };
    const response = await this.options.send({ method: 'GET', url, route });
    if (response.status === 404) {
      const hint = schema === 'oidcDiscovery' ? 'check CXONE_AUTH_URL; for the tutorial\'s API set CXONE_DIALECT=tutorial' : 'check CXONE_TENANT_ID and CXONE_AUTH_URL';
      throw new CxoneAuthError(site, `HTTP 404: ${url.split('?')[0]} is not a CXone discovery document`, { hint });
    }
    if (response.status !== 200) throw new CxoneTransientError(site, `discovery answered HTTP ${response.status}`, { status: response.status });
    const validate = tolerantCxoneApi()[schema];
    if (!validate(response.body)) throw new CxoneResponseError(site, describeApiErrors(validate).join('; '));
    return response.body as Record<string, unknown>;
  }
}
