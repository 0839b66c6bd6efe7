/**
 * OAuth2 client credentials: one cached token shared by every caller, refreshed shortly before
 * `expires_in` runs out, and fetched once however many callers ask at the same moment.
 */
import { CxoneAuthError, CxoneResponseError, CxoneTransientError, type CallSite } from './cxone-errors.js';
import { describeSchemaErrors, responseValidators } from './response-validation.js';
import type { TransportResponse } from './http-transport.js';

export interface TokenProviderOptions {
  clientId: string;
  clientSecret: string;
  /** Sends the token request (through the gateway's budget, circuit and transport). */
  post: (form: string) => Promise<TransportResponse>;
  now: () => number;
  /** Told of every new token (to register it as a secret). */
  onToken?: (token: string) => void;
}

const SITE: CallSite = { method: 'POST', path: '/api/v2/oauth/token' };

export class TokenProvider {
  private cached?: { token: string; refreshAt: number };
  private inFlight?: Promise<string>;
  /** Token requests made so far. */
  requests = 0;

  constructor(private readonly options: TokenProviderOptions) {}

  /** A valid token, from the cache when it has one. */
  get(): Promise<string> {
    if (this.cached && this.options.now() < this.cached.refreshAt) return Promise.resolve(this.cached.token);
    this.inFlight ??= this.fetchToken().finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  /** Forgets `token` after a 401, so the next `get` fetches a new one (once, for every caller). */
  invalidate(token: string): void {
    if (this.cached?.token === token) this.cached = undefined;
  }

  private async fetchToken(): Promise<string> {
    const { clientId, clientSecret, post, now } = this.options;
    this.requests += 1;
    const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret }).toString();
    const response = await post(form);
    if (response.status === 400 || response.status === 401) {
      const detail = typeof (response.body as { error?: unknown } | undefined)?.error === 'string' ? (response.body as { error: string }).error : `HTTP ${response.status}`;
      throw new CxoneAuthError(SITE, detail);
    }
    if (response.status === 404) {
      throw new CxoneAuthError(SITE, 'HTTP 404: this host does not serve the tutorial\'s API', { hint: 'for a real NICE CXone tenant set CXONE_DIALECT=cxone (and CXONE_AUTH_URL, CXONE_ACCESS_KEY_ID, CXONE_ACCESS_KEY_SECRET)' });
    }
    if (response.status !== 200) throw new CxoneTransientError(SITE, `token endpoint answered HTTP ${response.status}`, { status: response.status });
    if (!responseValidators.token(response.body)) throw new CxoneResponseError(SITE, describeSchemaErrors(responseValidators.token));
    const { access_token: token, expires_in: expiresIn } = response.body as { access_token: string; expires_in: number };
    this.options.onToken?.(token);
    const margin = Math.min(60, expiresIn * 0.1);
    this.cached = { token, refreshAt: now() + (expiresIn - margin) * 1000 };
    return token;
  }
}
