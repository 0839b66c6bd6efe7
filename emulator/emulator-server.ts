/**
 * The CXone API emulator: an HTTP(S) server on loopback that behaves as a strict CXone tenant
 * (README, "The CXone API contract"). `startEmulator()` is used by the CLI (`cxone-gitops emulator`), `npm start`
 * and the tests.
 */
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { setTimeout as delay } from 'node:timers/promises';
import { createSimulationPool, type SimulationPool } from '../controller/simulation/index.js';
import { EmulatorContext } from './emulator-context.js';
import { isLoopback } from '../controller/lib/is-loopback.js';
import { sendError } from './http-errors.js';
import { registerAdminRoutes } from './routes/admin-routes.js';
import { registerApiRoutes } from './routes/api-routes.js';
import { seededRandom } from './seeded-random.js';
import { DEFAULT_CLIENT, type ApiClient } from './types.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The client id the request was made for, once known. */
    clientId?: string;
  }
  interface FastifyContextConfig {
    /** The OAuth scope a route needs. */
    scope?: string;
  }
}

export interface EmulatorOptions {
  /** Address to bind. Default `127.0.0.1`. */
  host?: string;
  /** Port; 0 picks a free one. Default 0. */
  port?: number;
  /** Serve HTTPS with this key and certificate (PEM). Default: plain HTTP. */
  tls?: { key: string; cert: string };
  /** The API clients of the tenant. Default: one client `emulator-client` / `emulator-secret` with every scope. */
  clients?: ApiClient[];
  /** Requests per minute per client id; 0 turns the limit off. Default 100. */
  rateLimitPerMinute?: number;
  /** Access token lifetime, seconds. Default 3600. */
  tokenTtlSeconds?: number;
  /** Seed of simulations and injected faults. Default 1. */
  seed?: number;
  /** Campaigns to seed, as `POST /emulator/campaigns` takes them; restored by reset. Default none. */
  campaigns?: unknown[];
  /** The simulator pool. Default: a pool of its own, closed with the emulator. */
  pool?: SimulationPool;
  /** Clock, milliseconds since the epoch. Default `Date.now`. */
  now?: () => number;
  /** Uniform random numbers in [0, 1) for faults. Default: seeded from `seed`. */
  random?: () => number;
}

export interface RunningEmulator {
  /** Base URL, e.g. `https://127.0.0.1:43123`. */
  url: string;
  port: number;
  context: EmulatorContext;
  close(): Promise<void>;
}

export { DEFAULT_CLIENT } from './types.js';

function routePath(request: FastifyRequest): string {
  const index = request.url.indexOf('?');
  return index < 0 ? request.url : request.url.slice(0, index);
}

/** Injected faults, authentication, the rate limit and scopes, in that order, for `/api/` routes. */
async function guardApi(ctx: EmulatorContext, request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> {
  const faults = ctx.faults;
  if (faults.latencyMs > 0) await delay(faults.latencyMs);
  const scripted = ctx.takeScripted(request.method, routePath(request), ['error', 'drop']);
  if (scripted?.action === 'error') {
    return sendError(reply, scripted.status ?? 503, 'ServerError', 'the service is temporarily unavailable (injected fault): retry later');
  }
  if (scripted?.action === 'drop' || (faults.dropRate > 0 && ctx.random() < faults.dropRate)) {
    ctx.requests.add({ time: new Date(ctx.now()).toISOString(), method: request.method, path: routePath(request), status: 0, durationMs: 0 });
    request.raw.socket.destroy();
    return reply.hijack();
  }
  if (faults.errorRate > 0 && ctx.random() < faults.errorRate) {
    const status = [500, 502, 503][Math.floor(ctx.random() * 3)]!;
    return sendError(reply, status, 'ServerError', 'the service is temporarily unavailable (injected fault): retry later');
  }
  const scope = request.routeOptions.config.scope;
  if (scope === undefined) return undefined; // the token endpoint authenticates itself
  const verified = ctx.tokens.verify(request.headers.authorization);
  if (!verified.ok) {
    reply.header('www-authenticate', 'Bearer error="invalid_token"');
    return sendError(reply, 401, 'Unauthorized', verified.message);
  }
  request.clientId = verified.principal.clientId;
  const limited = ctx.limiter.take(verified.principal.clientId);
  if (!limited.ok || (faults.extra429Rate > 0 && ctx.random() < faults.extra429Rate)) {
    reply.header('retry-after', String(limited.ok ? 1 : limited.retryAfterSeconds));
    return sendError(reply, 429, 'TooManyRequests', `rate limit of ${ctx.limiter.limitPerMinute} requests per minute exceeded for client ${verified.principal.clientId}: wait for Retry-After`);
  }
  if (!verified.principal.scopes.includes(scope)) {
    return sendError(reply, 403, 'Forbidden', `missing scope ${scope}: grant it to client ${verified.principal.clientId}`);
  }
  return undefined;
}

export function buildEmulatorApp(ctx: EmulatorContext, tls?: { key: string; cert: string }): FastifyInstance {
  const app = (tls ? Fastify({ logger: false, bodyLimit: 1024 * 1024, https: tls }) : Fastify({ logger: false, bodyLimit: 1024 * 1024 })) as FastifyInstance;
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(body as string)));
  });
  app.addHook('onRequest', async (request, reply) => {
    const path = routePath(request);
    if (path.startsWith('/emulator/') && !isLoopback(request.socket.remoteAddress)) {
      return sendError(reply, 403, 'Forbidden', 'the /emulator/ admin endpoints answer loopback clients only');
    }
    return undefined;
  });
  app.addHook('preHandler', async (request, reply) => {
    if (!routePath(request).startsWith('/api/')) return undefined;
    return guardApi(ctx, request, reply);
  });
  app.addHook('onResponse', async (request, reply) => {
    const path = routePath(request);
    if (!path.startsWith('/api/')) return;
    ctx.requests.add({
      time: new Date(ctx.now()).toISOString(),
      method: request.method,
      path,
      status: reply.statusCode,
      ...(request.clientId ? { clientId: request.clientId } : {}),
      durationMs: Math.round(reply.elapsedTime * 100) / 100,
    });
  });
  app.setErrorHandler((error: { statusCode?: number; message: string }, _request, reply) => {
    const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    return sendError(reply, status, status === 500 ? 'ServerError' : 'BadRequest', status === 500 ? 'internal error' : error.message);
  });
  app.setNotFoundHandler((request, reply) => sendError(reply, 404, 'NotFound', `no route ${request.method} ${routePath(request)}`));
  registerApiRoutes(app, ctx);
  registerAdminRoutes(app, ctx);
  return app;
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const seed = options.seed ?? 1;
  const ownPool = options.pool === undefined;
  const pool = options.pool ?? createSimulationPool();
  let ctx: EmulatorContext;
  try {
    ctx = new EmulatorContext({
      clients: options.clients ?? [{ ...DEFAULT_CLIENT }],
      rateLimitPerMinute: options.rateLimitPerMinute ?? 100,
      tokenTtlSeconds: options.tokenTtlSeconds ?? 3600,
      seed,
      pool,
      now: options.now ?? Date.now,
      random: options.random ?? seededRandom(seed),
      campaigns: options.campaigns ?? [],
    });
  } catch (error) {
    if (ownPool) await pool.close();
    throw error;
  }
  const app = buildEmulatorApp(ctx, options.tls);
  const host = options.host ?? '127.0.0.1';
  try {
    await app.listen({ host, port: options.port ?? 0 });
  } catch (error) {
    await app.close();
    if (ownPool) await pool.close();
    const code = (error as NodeJS.ErrnoException).code;
    const hint = code === 'EADDRINUSE' ? `: port ${options.port} is in use, pick another or 0 for a free one` : '';
    throw new Error(`cannot listen on ${host}:${options.port ?? 0} (${code ?? (error instanceof Error ? error.message : String(error))})${hint}`, { cause: error });
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `${options.tls ? 'https' : 'http'}://${shownHost}:${port}`,
    port,
    context: ctx,
    async close() {
      await app.close();
      await ctx.simulations.settle();
      await ctx.webhooks.settle();
      if (ownPool) await pool.close();
    },
  };
}
