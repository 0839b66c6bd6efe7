/**
 * The one HTTP gateway to CXone. Every call goes through it, in this order: the circuit breaker,
 * the shared API budget, the OAuth token, the request with a timeout, then the answer is judged —
 * a 401 refreshes the token once, a 429 pauses every caller for its Retry-After, 429/5xx/network
 * failures count against the circuit, and 2xx answers are checked against the contract.
 *
 * It is also the one retry layer: idempotent calls (GET, token, simulation start) are retried with
 * backoff on transient failures; every call is retried after a 429, which CXone sends before doing
 * anything. A PUT is never retried on a 5xx or a timeout, and a 409 is never retried here: the
 * reconciler re-observes and re-plans.
 */
import type { ValidateFunction } from 'ajv';
import { isClassifiedError } from '../../domain/errors.js';
import { retry as retryWithBackoff } from '../../lib/retry.js';
import { referencedTimer, type SetTimer } from '../../lib/timer.js';
import { silentLogger, type Logger } from '../logging/logger.js';
import type { SecretRegistry } from '../logging/secret-registry.js';
import { ApiBudget, type Priority } from './api-budget.js';
import { CircuitBreaker, type CircuitBreakerOptions, type CircuitState } from './circuit-breaker.js';
import {
  CxoneAuthError,
  CxoneCircuitOpenError,
  CxoneConflictError,
  CxoneForbiddenError,
  CxoneNotFoundError,
  CxoneRateLimitedError,
  CxoneResponseError,
  CxoneTransientError,
  CxoneValidationError,
  type CallSite,
} from './cxone-errors.js';
import { sendRequest, type FetchLike, type TransportResponse } from './http-transport.js';
import { isCxoneUnreachableError } from './connection-failure.js';
import { describeSchemaErrors } from './response-validation.js';
import { parseRetryAfter } from './retry-after.js';
import { TokenProvider } from './token-provider.js';
import type { WriteFence } from '../election/write-fence.js';

/** Where the gateway gets its bearer tokens: one per dialect (the tutorial's client credentials, CXone's access keys). */
export interface TokenSource {
  /** A valid token, fetched once however many callers wait. */
  get(): Promise<string>;
  /** Forgets `token` after a 401, so the next `get` fetches a new one. */
  invalidate(token: string): void;
  /** Token requests made so far. */
  readonly requests: number;
}

/** A request outside the API's base path and without a bearer token (token endpoints, discovery). */
export interface AnonymousRequest {
  method: 'GET' | 'POST';
  /** Absolute URL. */
  url: string;
  /** Template for metrics and errors, e.g. `/auth/token`. */
  route: string;
  headers?: Record<string, string>;
  /** A form body, already encoded. */
  form?: string;
}

export interface CxoneGatewayOptions {
  /**
   * Base URL of the API, e.g. `https://api.example.com` (see config: CXONE_DOMAIN), or a function
   * that resolves it once known (the real CXone's tenant discovery).
   */
  baseUrl: string | (() => Promise<string>);
  clientId: string;
  clientSecret: string;
  /** Client-side budget, requests per minute per client id. Default 100. */
  ratePerMinute?: number;
  /** Deadline of each whole exchange (status, headers and the complete body), milliseconds. Default 15 000. */
  timeoutMs?: number;
  /** The most bytes of one answer's body read (CXONE_MAX_RESPONSE_BYTES). Default 16 MiB. */
  maxResponseBytes?: number;
  /** The longest `Retry-After` honoured, milliseconds (CXONE_MAX_RETRY_AFTER_SECONDS); a longer one is capped and opens the circuit. Default 300 000. */
  maxRetryAfterMs?: number;
  /** Retries of a retryable call. Default 4. */
  retries?: number;
  /** First backoff delay, milliseconds (doubles, with jitter). Default 250. */
  minBackoffMs?: number;
  /** The timer retry backoffs wait on (tests). Default `setTimeout`, kept referenced so a one-shot command waits for its retry. */
  setTimer?: SetTimer;
  /** Circuit breaker settings. Defaults: 5 failures, 30 s cooldown. */
  circuit?: Omit<CircuitBreakerOptions, 'now'>;
  /** Replaces the global fetch (tests). */
  fetch?: FetchLike;
  /** Clock. Default `Date.now`. */
  now?: () => number;
  log?: Logger;
  /** Registers the client secret and every access token, so nothing that leaves the process shows them. */
  secrets?: SecretRegistry;
  /**
   * One-shot commands: a host that cannot be reached fails the call at once instead of being
   * retried into an open circuit, and a Retry-After wait is announced. Default false (the controller).
   */
  failFast?: boolean;
  /** Told before the gateway waits for CXone's Retry-After (a command prints it). */
  onWait?: (info: { waitMs: number; reason: 'retry-after' }) => void;
  /** Told of every answer (metrics): route template, method, status (0 for a network failure). */
  onResponse?: (info: { method: string; route: string; status: number; durationMs: number }) => void;
  /** Asked right before every write is sent, after the budget's wait (leader election). Default none. */
  fence?: WriteFence;
  /** The dialect's token source, built on this gateway. Default: the tutorial's client credentials. */
  tokenSource?: (gateway: CxoneGateway) => TokenSource;
}

export interface CallSpec {
  method: 'GET' | 'PUT' | 'POST' | 'DELETE';
  /** Path with its query, e.g. `/api/v2/outbound/campaigns?pageNumber=2`. */
  path: string;
  /** The path's template for metrics, e.g. `/api/v2/outbound/campaigns/{id}`. */
  route: string;
  campaignId?: string;
  json?: unknown;
  priority?: Priority;
  /** `idempotent`: retried on transient failures and 429; `once`: retried on 429 only. */
  retry: 'idempotent' | 'once';
  /** Checks a 2xx body against the contract. */
  validate?: ValidateFunction;
  /** An absolute URL instead of `path` under the base URL (anonymous requests). */
  url?: string;
}

function messageOf(response: TransportResponse): string {
  const body = response.body as { message?: unknown; error_description?: unknown } | undefined;
  const message = body?.message ?? body?.error_description;
  return typeof message === 'string' ? message.slice(0, 500) : `HTTP ${response.status}`;
}

export class CxoneGateway {
  readonly budget: ApiBudget;
  readonly circuit: CircuitBreaker;
  readonly tokens: TokenSource;
  private readonly baseUrl: () => Promise<string>;
  private readonly now: () => number;
  private readonly log: Logger;

  constructor(private readonly options: CxoneGatewayOptions) {
    const { baseUrl } = options;
    this.baseUrl = typeof baseUrl === 'string' ? () => Promise.resolve(baseUrl.replace(/\/+$/, '')) : async () => (await baseUrl()).replace(/\/+$/, '');
    this.now = options.now ?? Date.now;
    this.log = options.log ?? silentLogger;
    this.budget = new ApiBudget({ ratePerMinute: options.ratePerMinute ?? 100, now: this.now });
    this.circuit = new CircuitBreaker({
      ...options.circuit,
      now: this.now,
      onStateChange: (state: CircuitState, reason: string) => {
        const meta = { circuit: state, reason };
        if (state === 'open') this.log.error(meta, 'CXone circuit opened: calls paused');
        else this.log.info(meta, 'CXone circuit state changed');
        options.circuit?.onStateChange?.(state, reason);
      },
    });
    options.secrets?.add(options.clientSecret);
    this.tokens = options.tokenSource?.(this) ?? new TokenProvider({
      onToken: (token) => options.secrets?.add(token),
      clientId: options.clientId,
      clientSecret: options.clientSecret,
      now: this.now,
      // Not retried here: a token is fetched inside a call, whose retry layer retries it (one layer, not two nested).
      post: (form) =>
        this.exchange({ method: 'POST', path: '/api/v2/oauth/token', route: '/api/v2/oauth/token', retry: 'idempotent', priority: 'apply' }, {
          'content-type': 'application/x-www-form-urlencoded',
        }, form),
    });
  }

  /** Fetches a token now (start-up), through the same retry layer as a call. */
  authenticate(): Promise<void> {
    return this.retrying({ method: 'POST', path: '/api/v2/oauth/token' }, 'idempotent', async () => {
      await this.tokens.get();
    });
  }

  /**
   * One request without a bearer token (a token endpoint, a discovery document) through the same
   * circuit, budget and retry layer; the answer is returned as it came (the caller judges it).
   */
  anonymous(request: AnonymousRequest): Promise<TransportResponse> {
    const spec: CallSpec = { method: request.method, path: new URL(request.url).pathname, url: request.url, route: request.route, retry: 'idempotent', priority: 'apply' };
    const headers = { ...(request.form === undefined ? {} : { 'content-type': 'application/x-www-form-urlencoded' }), ...request.headers };
    return this.retrying({ method: request.method, path: spec.path }, 'idempotent', () => this.exchange(spec, headers, request.form));
  }

  /** Makes one call and returns its checked JSON body (undefined for 204). */
  async call<T>(spec: CallSpec): Promise<T> {
    const site: CallSite = { method: spec.method, path: spec.path.split('?')[0]!, campaignId: spec.campaignId };
    return this.retrying(site, spec.retry, async () => {
      let token = await this.tokens.get();
      let response = await this.exchange(spec, { authorization: `Bearer ${token}` });
      if (response.status === 401) {
        this.tokens.invalidate(token);
        token = await this.tokens.get();
        response = await this.exchange(spec, { authorization: `Bearer ${token}` });
      }
      return this.judge<T>(spec, site, response);
    });
  }

  private judge<T>(spec: CallSpec, site: CallSite, response: TransportResponse): T {
    const { status } = response;
    if (status >= 200 && status < 300) {
      if (status === 204 || !spec.validate) return response.body as T;
      if (response.body === undefined) throw new CxoneResponseError(site, 'the body is not JSON');
      if (!spec.validate(response.body)) throw new CxoneResponseError(site, describeSchemaErrors(spec.validate));
      return response.body as T;
    }
    const message = messageOf(response);
    switch (status) {
      case 400:
      case 422:
        throw new CxoneValidationError(site, message, { status });
      case 401:
        throw new CxoneAuthError(site, `still 401 with a new token: ${message}`, { status });
      case 403:
        throw new CxoneForbiddenError(site, /scope\s+([a-z]+(?::[a-z]+)*)/i.exec(message)?.[1], message, { status });
      case 404:
        throw new CxoneNotFoundError(site, message, { status });
      case 409:
      case 412:
        throw new CxoneConflictError(site, message, { status });
      default:
        throw new CxoneTransientError(site, `HTTP ${status}: ${message}`, { status });
    }
  }

  /** One request through the circuit and the budget; throws for 429, 5xx and network failures. */
  private async exchange(spec: CallSpec, headers: Record<string, string>, body?: string): Promise<TransportResponse> {
    const site: CallSite = { method: spec.method, path: spec.path.split('?')[0]!, campaignId: spec.campaignId };
    if (!this.circuit.tryEnter()) throw new CxoneCircuitOpenError(site, this.circuit.lastFailureReason, { retryAfterMs: this.circuit.blockedForMs() });
    await this.budget.acquire(spec.priority ?? 'sweep');
    if (spec.method !== 'GET' && spec.url === undefined && spec.route !== '/api/v2/oauth/token') this.options.fence?.assertMayWrite(`${spec.method} ${spec.route}`);
    const url = spec.url ?? `${await this.baseUrl()}${spec.path}`;
    const started = this.now();
    let response: TransportResponse;
    try {
      response = await sendRequest(
        {
          method: spec.method,
          url,
          headers: { accept: 'application/json', ...headers },
          json: spec.json,
          body,
          timeoutMs: this.options.timeoutMs ?? 15_000,
          maxBodyBytes: this.options.maxResponseBytes,
          // Only token requests have a form body, and they carry credentials (client secret, access key).
          credentialsInBody: body !== undefined,
        },
        site,
        this.options.fetch,
      );
    } catch (error) {
      this.options.onResponse?.({ method: spec.method, route: spec.route, status: 0, durationMs: this.now() - started });
      if (error instanceof CxoneTransientError) this.circuit.recordFailure(error.message);
      else this.circuit.recordNeutral();
      throw error;
    }
    this.options.onResponse?.({ method: spec.method, route: spec.route, status: response.status, durationMs: this.now() - started });
    if (response.status === 429) throw this.rateLimited(spec, site, response);
    if (response.status >= 500) {
      this.circuit.recordFailure(`HTTP ${response.status}`);
      throw new CxoneTransientError(site, `HTTP ${response.status}: ${messageOf(response)}`, { status: response.status });
    }
    if (response.status < 400) this.circuit.recordSuccess();
    else this.circuit.recordNeutral();
    return response;
  }

  /** A 429: every caller pauses for its Retry-After, capped; a capped one opens the circuit at once. */
  private rateLimited(spec: CallSpec, site: CallSite, response: TransportResponse): CxoneRateLimitedError {
    const asked = parseRetryAfter(response.headers.get('retry-after'), this.now()) ?? 1000;
    const cap = this.options.maxRetryAfterMs ?? 300_000;
    const retryAfterMs = Math.min(asked, cap);
    this.budget.pauseFor(retryAfterMs);
    if (asked > cap) {
      this.circuit.open(`HTTP 429 with Retry-After ${Math.ceil(asked / 1000)} s, over the cap of ${Math.ceil(cap / 1000)} s (CXONE_MAX_RETRY_AFTER_SECONDS)`, retryAfterMs);
      this.log.error({ method: spec.method, route: spec.route, retryAfterMs: asked, cappedMs: cap }, 'CXone asked to wait longer than the cap: waiting the cap, circuit open');
    } else {
      this.circuit.recordFailure('HTTP 429', retryAfterMs);
      this.log.warn({ method: spec.method, route: spec.route, retryAfterMs }, 'CXone answered 429: pausing all calls');
    }
    return new CxoneRateLimitedError(site, { retryAfterMs, status: 429 });
  }

  private retrying<T>(site: CallSite, retry: CallSpec['retry'], attempt: () => Promise<T>): Promise<T> {
    const retried = (error: unknown): boolean => {
      if (error instanceof CxoneRateLimitedError) return true;
      if (this.options.failFast && isCxoneUnreachableError(error)) return false;
      return retry === 'idempotent' && error instanceof CxoneTransientError;
    };
    return retryWithBackoff(() => attempt(), {
      attempts: (this.options.retries ?? 4) + 1,
      baseMs: this.options.minBackoffMs ?? 250,
      maxMs: 30_000,
      jitter: 0.5,
      setTimer: this.options.setTimer ?? referencedTimer,
      shouldRetry: retried,
      onRetry: (error, attemptNumber, waitMs) => {
        if (!isClassifiedError(error)) return;
        if (error instanceof CxoneRateLimitedError && error.retryAfterMs !== undefined) this.options.onWait?.({ waitMs: error.retryAfterMs, reason: 'retry-after' });
        this.log.debug({ method: site.method, path: site.path, attemptNumber, waitMs, error: error.message }, 'CXone call failed, retrying');
      },
    });
  }
}
