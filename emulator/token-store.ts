/**
 * OAuth2 client credentials for the emulated tenant: registered clients, issued access tokens with
 * an expiry, and scope checks. Tokens are opaque random strings, as CXone's are to a client.
 */
import { randomBytes } from 'node:crypto';
import { constantTimeEqual } from '../controller/lib/constant-time-equal.js';
import type { ApiClient } from './types.js';

export interface Principal {
  clientId: string;
  scopes: string[];
}

interface IssuedToken extends Principal {
  expiresAt: number;
}

export type IssueResult =
  | { ok: true; accessToken: string; expiresIn: number; scope: string }
  | { ok: false; status: 400 | 401; error: string; message: string };

export type VerifyResult = { ok: true; principal: Principal } | { ok: false; message: string };

const sameSecret = constantTimeEqual;

export class TokenStore {
  private readonly clients = new Map<string, ApiClient>();
  private readonly tokens = new Map<string, IssuedToken>();

  constructor(
    private readonly now: () => number,
    /** Lifetime of new tokens, seconds. */
    public tokenTtlSeconds: number,
  ) {}

  registerClient(client: ApiClient): void {
    this.clients.set(client.clientId, { ...client, scopes: [...client.scopes] });
  }

  listClients(): Array<Omit<ApiClient, 'clientSecret'>> {
    return [...this.clients.values()].map(({ clientId, scopes }) => ({ clientId, scopes }));
  }

  /** Every access token issued and not yet pruned (tests check that none leaks). */
  issuedTokens(): string[] {
    return [...this.tokens.keys()];
  }

  /** Forgets every issued token (reset), keeping the clients. */
  revokeAll(): void {
    this.tokens.clear();
  }

  issue(grantType: unknown, clientId: unknown, clientSecret: unknown, requestedScope: unknown): IssueResult {
    if (grantType !== 'client_credentials') {
      return { ok: false, status: 400, error: 'unsupported_grant_type', message: 'grant_type must be client_credentials' };
    }
    const client = typeof clientId === 'string' ? this.clients.get(clientId) : undefined;
    if (!client || typeof clientSecret !== 'string' || !sameSecret(client.clientSecret, clientSecret)) {
      return { ok: false, status: 401, error: 'invalid_client', message: 'unknown client id or wrong client secret' };
    }
    let scopes = client.scopes;
    if (typeof requestedScope === 'string' && requestedScope.trim() !== '') {
      const requested = requestedScope.trim().split(/\s+/);
      const refused = requested.filter((scope) => !client.scopes.includes(scope));
      if (refused.length > 0) {
        return { ok: false, status: 400, error: 'invalid_scope', message: `scope not granted to this client: ${refused.join(' ')}` };
      }
      scopes = requested;
    }
    this.pruneExpired();
    const accessToken = randomBytes(24).toString('base64url');
    this.tokens.set(accessToken, { clientId: client.clientId, scopes, expiresAt: this.now() + this.tokenTtlSeconds * 1000 });
    return { ok: true, accessToken, expiresIn: this.tokenTtlSeconds, scope: scopes.join(' ') };
  }

  /** Checks an `Authorization` header value. */
  verify(authorization: string | undefined): VerifyResult {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
    if (!match) return { ok: false, message: 'missing bearer token: request one at POST /api/v2/oauth/token' };
    const token = this.tokens.get(match[1]!);
    if (!token) return { ok: false, message: 'unknown access token: request a new one' };
    if (token.expiresAt <= this.now()) {
      this.tokens.delete(match[1]!);
      return { ok: false, message: 'access token expired: request a new one' };
    }
    return { ok: true, principal: { clientId: token.clientId, scopes: token.scopes } };
  }

  private pruneExpired(): void {
    if (this.tokens.size < 10_000) return;
    const now = this.now();
    for (const [key, token] of this.tokens) if (token.expiresAt <= now) this.tokens.delete(key);
  }
}
