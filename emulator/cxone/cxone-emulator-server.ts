/**
 * The real-CXone emulator (`cxone-gitops emulator --dialect cxone`): an HTTP(S) server on loopback
 * that answers as a NICE CXone tenant's authentication, discovery and outbound-skill endpoints do
 * (README, "Real CXone"), with the admin endpoints tests and demos use to act as the outside world.
 */
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { setTimeout as delay } from 'node:timers/promises';
import { isLoopback } from '../../controller/lib/is-loopback.js';
import { takeScripted } from '../scripted-faults.js';
import { seededRandom } from '../seeded-random.js';
import type { AccessKey, CxoneApplication } from './access-key-store.js';
import { registerCxoneAdminRoutes } from './cxone-admin-routes.js';
import { registerCxoneApiRoutes } from './cxone-api-routes.js';
import { registerCxoneAuthRoutes } from './cxone-auth-routes.js';
import { installLiveTraffic } from './install-live-traffic.js';
import { CxoneEmulatorContext } from './cxone-emulator-context.js';
import { sendCxoneError } from './cxone-errors.js';

import { DEFAULT_ACCESS_KEY, DEFAULT_APPLICATION, DEFAULT_TENANT_ID } from './cxone-defaults.js';

export { DEFAULT_ACCESS_KEY, DEFAULT_APPLICATION, DEFAULT_TENANT_ID };

export interface CxoneEmulatorOptions {
  /** Address to bind. Default `127.0.0.1`. */
  host?: string;
  /** Port; 0 picks a free one. Default 0. */
  port?: number;
  /** Serve HTTPS with this key and certificate (PEM). Default: plain HTTP. */
  tls?: { key: string; cert: string };
  /** The registered applications. Default `emulator-client` / `emulator-secret`. */
  applications?: CxoneApplication[];
  /** The API user's access keys. Default `emulator-access-key` / `emulator-access-secret`. */
  accessKeys?: AccessKey[];
  /** The tenant id (the token's `tenantId` claim). Default a fixed UUID. */
  tenantId?: string;
  /** Requests per minute per application; 0 turns the limit off. Default 100. */
  rateLimitPerMinute?: number;
  /** Access token lifetime, seconds. Default 3600. */
  tokenTtlSeconds?: number;
  /** Simulated seconds per real second of live traffic. Default 1. */
  timeScale?: number;
  /** Seed of faults. Default 1. */
  seed?: number;
  /** Skills to seed, as `POST /emulator/skills` takes them; restored by reset. Default none. */
  skills?: unknown[];
  /** Clock. Default `Date.now`. */
  now?: () => number;
  /**
   * Adds the live traffic of the skills (summary and dialer-contact statistics driven by each
   * skill's hidden true profile at `timeScale`). Returns a stop function. Default: pc-v1 live
   * traffic (install-live-traffic.ts).
   */
  traffic?: (app: FastifyInstance, ctx: CxoneEmulatorContext) => (() => Promise<void>) | undefined;
}

export interface RunningCxoneEmulator {
  /** Base URL, e.g. `https://127.0.0.1:43123`: the auth URL, and (after discovery) the API endpoint. */
  url: string;
  port: number;
  context: CxoneEmulatorContext;
  close(): Promise<void>;
}

const API_PREFIX = '/incontactapi/services/';

function routePath(request: FastifyRequest): string {
  const index = request.url.indexOf('?');
  return index < 0 ? request.url : request.url.slice(0, index);
}

function acceptsJson(accept: string | undefined): boolean {
  if (accept === undefined || accept.trim() === '') return true;
  return accept.split(',').some((part) => /^\s*(application\/json|application\/\*|\*\/\*)\s*(;|$)/i.test(part));
}

/** Faults (one-shot ones first), the version, `Accept`, the bearer token and the rate limit, in that order, for API routes. */
async function guardApi(ctx: CxoneEmulatorContext, request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> {
  const { faults } = ctx;
  if (faults.latencyMs > 0) await delay(faults.latencyMs);
  const scripted = takeScripted(ctx.scripted, request.method, routePath(request), ['error', 'drop']);
  if (scripted?.action === 'error') return sendCxoneError(reply, scripted.status ?? 503, 'ServerError', 'The service is temporarily unavailable (injected fault)');
  if (scripted?.action === 'drop' || (faults.dropRate > 0 && ctx.random() < faults.dropRate)) {
    ctx.requests.add({ time: new Date(ctx.now()).toISOString(), method: request.method, path: routePath(request), status: 0, durationMs: 0 });
    request.raw.socket.destroy();
    return reply.hijack();
  }
  if (faults.errorRate > 0 && ctx.random() < faults.errorRate) {
    return sendCxoneError(reply, [500, 502, 503][Math.floor(ctx.random() * 3)]!, 'ServerError', 'The service is temporarily unavailable (injected fault)');
  }
  const version = /^\/incontactapi\/services\/v(\d+)\.0\//i.exec(routePath(request))?.[1];
  if (version === undefined || Number(version) < 1 || Number(version) > ctx.maxApiVersion) {
    return sendCxoneError(reply, 404, 'NotFound', `Unknown API version in ${routePath(request)}: this tenant serves v1.0 to v${ctx.maxApiVersion}.0`);
  }
  if (!acceptsJson(request.headers.accept)) return sendCxoneError(reply, 406, 'NotAcceptable', 'This API answers application/json only: send Accept: application/json');
  const verified = ctx.keys.verify(request.headers.authorization);
  if (!verified.ok) {
    reply.header('www-authenticate', 'Bearer error="invalid_token"');
    return sendCxoneError(reply, 401, 'invalid_token', verified.description);
  }
  request.clientId = verified.clientId;
  const limited = ctx.limiter.take(verified.clientId);
  if (!limited.ok || (faults.extra429Rate > 0 && ctx.random() < faults.extra429Rate)) {
    reply.header('retry-after', String(limited.ok ? 1 : limited.retryAfterSeconds));
    return sendCxoneError(reply, 429, 'TooManyRequests', `Rate limit of ${ctx.limiter.limitPerMinute} requests per minute exceeded`);
  }
  return undefined;
}

export function buildCxoneEmulatorApp(ctx: CxoneEmulatorContext, baseUrl: () => string, tls?: { key: string; cert: string }): FastifyInstance {
  const options = { logger: false, bodyLimit: 1024 * 1024, routerOptions: { caseSensitive: false } };
  const app = (tls ? Fastify({ ...options, https: tls }) : Fastify(options)) as FastifyInstance;
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(body as string)));
  });
  app.addHook('onRequest', async (request, reply) => {
    if (routePath(request).startsWith('/emulator/') && !isLoopback(request.socket.remoteAddress)) {
      return sendCxoneError(reply, 403, 'Forbidden', 'the /emulator/ admin endpoints answer loopback clients only');
    }
    return undefined;
  });
  app.addHook('preHandler', async (request, reply) => (routePath(request).toLowerCase().startsWith(API_PREFIX) ? guardApi(ctx, request, reply) : undefined));
  app.addHook('onResponse', async (request, reply) => {
    const path = routePath(request);
    if (path.startsWith('/emulator/')) return;
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
    return sendCxoneError(reply, status, status === 500 ? 'ServerError' : 'Invalid parameter', status === 500 ? 'Internal error' : `Invalid parameter: ${error.message}`);
  });
  app.setNotFoundHandler((request, reply) => sendCxoneError(reply, 404, 'NotFound', `No route ${request.method} ${routePath(request)}`));
  registerCxoneAuthRoutes(app, ctx, baseUrl);
  registerCxoneApiRoutes(app, ctx);
  registerCxoneAdminRoutes(app, ctx);
  return app;
}

export async function startCxoneEmulator(options: CxoneEmulatorOptions = {}): Promise<RunningCxoneEmulator> {
  const ctx = new CxoneEmulatorContext({
    applications: options.applications ?? [{ ...DEFAULT_APPLICATION }],
    accessKeys: options.accessKeys ?? [{ ...DEFAULT_ACCESS_KEY }],
    tenantId: options.tenantId ?? DEFAULT_TENANT_ID,
    rateLimitPerMinute: options.rateLimitPerMinute ?? 100,
    tokenTtlSeconds: options.tokenTtlSeconds ?? 3600,
    timeScale: options.timeScale ?? 1,
    now: options.now ?? Date.now,
    random: seededRandom(options.seed ?? 1),
    skills: options.skills ?? [],
  });
  let url = '';
  const app = buildCxoneEmulatorApp(ctx, () => url, options.tls);
  const stopTraffic = (options.traffic ?? ((instance, context) => installLiveTraffic(instance, context, options.seed ?? 1).stop))(app, ctx);
  const host = options.host ?? '127.0.0.1';
  try {
    await app.listen({ host, port: options.port ?? 0 });
  } catch (error) {
    await app.close();
    const code = (error as NodeJS.ErrnoException).code;
    throw new Error(`cannot listen on ${host}:${options.port ?? 0} (${code ?? String(error)})${code === 'EADDRINUSE' ? ': pick another port or 0' : ''}`, { cause: error });
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  url = `${options.tls ? 'https' : 'http'}://${host.includes(':') ? `[${host}]` : host}:${port}`;
  ctx.keys.issuer = url;
  return {
    url,
    port,
    context: ctx,
    async close() {
      await stopTraffic?.();
      await app.close();
    },
  };
}
