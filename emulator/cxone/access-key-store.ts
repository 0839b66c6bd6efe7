/**
 * CXone authentication for the emulated tenant: the registered application (client id and secret,
 * sent as HTTP Basic), the API user's access keys (the password grant's username and password),
 * issued access tokens (JWT-shaped, carrying the `tenantId` claim the client discovers the tenant
 * from) and refresh tokens.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { constantTimeEqual } from '../../controller/lib/constant-time-equal.js';

export interface CxoneApplication {
  clientId: string;
  clientSecret: string;
}

export interface AccessKey {
  accessKeyId: string;
  accessKeySecret: string;
}

interface Issued {
  accessKeyId: string;
  clientId: string;
  expiresAt: number;
}

export type TokenGrant =
  | { ok: true; body: { access_token: string; token_type: 'Bearer'; expires_in: number; refresh_token: string; id_token: string; issued_token_type: string } }
  | { ok: false; error: 'invalid_request' | 'invalid_client' | 'invalid_grant' | 'unsupported_grant_type'; description: string };

const same = constantTimeEqual;

function base64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

/** `Basic base64(id:secret)` → the pair, or undefined. */
export function parseBasic(header: string | undefined): { id: string; secret: string } | undefined {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(header ?? '');
  if (!match) return undefined;
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? undefined : { id: decoded.slice(0, colon), secret: decoded.slice(colon + 1) };
}

export class AccessKeyStore {
  private readonly applications = new Map<string, CxoneApplication>();
  private readonly keys = new Map<string, AccessKey>();
  private readonly access = new Map<string, Issued>();
  private readonly refresh = new Map<string, Omit<Issued, 'expiresAt'>>();
  private readonly signingKey = randomBytes(32);
  /** Token requests answered 200, by grant. */
  readonly granted = { password: 0, refresh_token: 0 };

  constructor(
    private readonly now: () => number,
    public tokenTtlSeconds: number,
    readonly tenantId: string,
    /** The `iss` of issued tokens: the emulator's own URL once it listens. */
    public issuer: string,
  ) {}

  addApplication(application: CxoneApplication): void {
    this.applications.set(application.clientId, { ...application });
  }

  addAccessKey(key: AccessKey): void {
    this.keys.set(key.accessKeyId, { ...key });
  }

  /** Every token issued and not forgotten (tests check none leaks). */
  issuedTokens(): string[] {
    return [...this.access.keys(), ...this.refresh.keys()];
  }

  revokeAll(): void {
    this.access.clear();
    this.refresh.clear();
  }

  /** Expires every access token now (refresh tokens stay valid): the "token expired" test. */
  expireAccessTokens(): void {
    for (const issued of this.access.values()) issued.expiresAt = this.now() - 1;
  }

  /** `POST /auth/token`: the form fields and the `Authorization` header. */
  grant(form: Record<string, unknown>, authorization: string | undefined): TokenGrant {
    const basic = parseBasic(authorization);
    const clientId = basic?.id ?? (typeof form.client_id === 'string' ? form.client_id : undefined);
    const clientSecret = basic?.secret ?? (typeof form.client_secret === 'string' ? form.client_secret : undefined);
    const application = clientId === undefined ? undefined : this.applications.get(clientId);
    if (!application || clientSecret === undefined || !same(application.clientSecret, clientSecret)) {
      return { ok: false, error: 'invalid_client', description: 'Client authentication failed: unknown client_id or wrong client_secret' };
    }
    if (form.grant_type === 'password') {
      const key = typeof form.username === 'string' ? this.keys.get(form.username) : undefined;
      if (!key || typeof form.password !== 'string' || !same(key.accessKeySecret, form.password)) {
        return { ok: false, error: 'invalid_grant', description: 'Invalid access key id or access key secret' };
      }
      this.granted.password += 1;
      return this.issue(key.accessKeyId, application.clientId);
    }
    if (form.grant_type === 'refresh_token') {
      const token = typeof form.refresh_token === 'string' ? form.refresh_token : '';
      const known = this.refresh.get(token);
      if (!known || known.clientId !== application.clientId) return { ok: false, error: 'invalid_grant', description: 'Invalid or expired refresh token' };
      this.refresh.delete(token);
      this.granted.refresh_token += 1;
      return this.issue(known.accessKeyId, known.clientId);
    }
    if (typeof form.grant_type !== 'string') return { ok: false, error: 'invalid_request', description: 'grant_type is required' };
    return { ok: false, error: 'unsupported_grant_type', description: `grant_type ${form.grant_type} is not supported for access keys: use password or refresh_token` };
  }

  /** Checks `Authorization: Bearer …`. */
  verify(authorization: string | undefined): { ok: true; clientId: string } | { ok: false; description: string } {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
    if (!match) return { ok: false, description: 'Missing bearer token' };
    const issued = this.access.get(match[1]!);
    if (!issued) return { ok: false, description: 'Invalid token' };
    if (issued.expiresAt <= this.now()) {
      this.access.delete(match[1]!);
      return { ok: false, description: 'Token expired' };
    }
    return { ok: true, clientId: issued.clientId };
  }

  private jwt(claims: Record<string, unknown>): string {
    const unsigned = `${base64url({ alg: 'HS256', typ: 'JWT' })}.${base64url(claims)}`;
    return `${unsigned}.${createHmac('sha256', this.signingKey).update(unsigned).digest('base64url')}`;
  }

  private issue(accessKeyId: string, clientId: string): TokenGrant {
    const issuedAt = Math.floor(this.now() / 1000);
    const claims = { iss: this.issuer, sub: `user:${accessKeyId}`, aud: clientId, iat: issuedAt, exp: issuedAt + this.tokenTtlSeconds, tenantId: this.tenantId, jti: randomBytes(9).toString('base64url') };
    const accessToken = this.jwt(claims);
    const refreshToken = randomBytes(24).toString('base64url');
    this.access.set(accessToken, { accessKeyId, clientId, expiresAt: this.now() + this.tokenTtlSeconds * 1000 });
    this.refresh.set(refreshToken, { accessKeyId, clientId });
    return {
      ok: true,
      body: {
        access_token: accessToken,
        token_type: 'Bearer',
        expires_in: this.tokenTtlSeconds,
        refresh_token: refreshToken,
        id_token: this.jwt({ ...claims, name: accessKeyId }),
        issued_token_type: 'urn:ietf:params:oauth:token-type:access_token',
      },
    };
  }
}
