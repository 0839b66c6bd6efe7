/**
 * Everything one running emulator holds, shared by its routes: the tenant's campaigns, clients and
 * tokens, webhooks, simulations, faults, the rate limiter and the request log.
 */
import type { SimulationPool } from '../controller/simulation/index.js';
import { CampaignStore } from './campaign-store.js';
import { RateLimiter } from './rate-limiter.js';
import { RequestLog } from './request-log.js';
import { SimulationRunner } from './simulation-runner.js';
import { TokenStore } from './token-store.js';
import { parseScript, takeScripted } from './scripted-faults.js';
import { NO_FAULTS, type ApiClient, type Faults, type ScriptedFault } from './types.js';
import { WebhookRegistry } from './webhook-registry.js';

export interface EmulatorContextOptions {
  clients: ApiClient[];
  rateLimitPerMinute: number;
  tokenTtlSeconds: number;
  seed: number;
  pool: SimulationPool;
  now: () => number;
  random: () => number;
  /** Campaign bodies (as `POST /emulator/campaigns` takes them) restored on reset. */
  campaigns: unknown[];
}

export class EmulatorContext {
  readonly store: CampaignStore;
  readonly tokens: TokenStore;
  readonly webhooks: WebhookRegistry;
  readonly simulations: SimulationRunner;
  readonly limiter: RateLimiter;
  readonly requests = new RequestLog();
  faults: Faults = { ...NO_FAULTS };
  /** One-shot faults, consumed in order by the first request each matches. */
  scripted: ScriptedFault[] = [];
  readonly now: () => number;
  readonly random: () => number;

  constructor(private readonly options: EmulatorContextOptions) {
    this.now = options.now;
    this.random = options.random;
    this.store = new CampaignStore(options.now);
    this.tokens = new TokenStore(options.now, options.tokenTtlSeconds);
    for (const client of options.clients) this.tokens.registerClient(client);
    this.webhooks = new WebhookRegistry(options.now);
    this.limiter = new RateLimiter(options.rateLimitPerMinute, options.now);
    this.simulations = new SimulationRunner({
      pool: options.pool,
      now: options.now,
      random: options.random,
      faults: () => this.faults,
      seed: options.seed,
    });
    this.seed();
  }

  /** Back to the state the emulator started in: seeded campaigns, no webhooks, no faults, no tokens. */
  reset(): void {
    this.store.clear();
    this.webhooks.clear();
    this.simulations.clear();
    this.requests.clear();
    this.tokens.revokeAll();
    this.tokens.tokenTtlSeconds = this.options.tokenTtlSeconds;
    this.limiter.reset(this.options.rateLimitPerMinute);
    this.faults = { ...NO_FAULTS };
    this.scripted = [];
    this.seed();
  }

  /** Applies a partial fault setting; returns the messages of what was refused. */
  setFaults(request: Record<string, unknown>): string[] {
    let body = request;
    const errors: string[] = [];
    const rates = ['errorRate', 'extra429Rate', 'conflictRate', 'dropRate', 'applyThenDropRate', 'simulationFailureRate'];
    const durations = ['latencyMs', 'simulationDelayMs', 'weightDecimals'];
    const { next: script, ...numbers } = body;
    const scripted = script === undefined ? [] : parseScript(script, errors);
    body = numbers;
    const settings = ['rateLimitPerMinute', 'tokenTtlSeconds'];
    const next: Faults = { ...this.faults };
    for (const [key, value] of Object.entries(body)) {
      if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
        errors.push(`${key} must be a number >= 0`);
      } else if (rates.includes(key)) {
        if (value > 1) errors.push(`${key} must be between 0 and 1`);
        else next[key as keyof Faults] = value;
      } else if (durations.includes(key)) {
        next[key as keyof Faults] = value;
      } else if (!settings.includes(key)) {
        errors.push(`${key} is not a known fault (allowed: ${[...rates, ...durations, ...settings].join(', ')})`);
      }
    }
    if (errors.length > 0) return errors;
    this.faults = next;
    this.scripted.push(...scripted);
    if (typeof body.rateLimitPerMinute === 'number') this.limiter.setLimit(body.rateLimitPerMinute);
    if (typeof body.tokenTtlSeconds === 'number') this.tokens.tokenTtlSeconds = body.tokenTtlSeconds;
    return [];
  }

  /** Takes the first one-shot fault that matches `method` and `path`, if any. */
  takeScripted(method: string, path: string, actions: ReadonlyArray<ScriptedFault['action']>): ScriptedFault | undefined {
    return takeScripted(this.scripted, method, path, actions);
  }

  private seed(): void {
    for (const body of this.options.campaigns) {
      const result = this.store.upsert(body);
      if (!result.ok) throw new Error(`cannot seed campaign: ${result.message}`);
    }
  }
}
