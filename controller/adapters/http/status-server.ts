/**
 * The controller's HTTP server: health and readiness probes, the status API, the signed push
 * webhook and the dashboard. Binds 127.0.0.1 by default; bound elsewhere, `/api/*` and the
 * dashboard require the bearer token `HTTP_AUTH_TOKEN`, and `/hooks/git` its signature;
 * `/healthz`, `/readyz` and `/metrics` stay open.
 */
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import { authTokenProblem, constantTimeEqual } from '../../lib/constant-time-equal.js';
import { isLoopback } from '../../lib/is-loopback.js';
import type { Controller } from '../../reconcile/controller.js';
import { parseStatusPageQuery, StatusPageQueryError, statusPageOf, type StatusPageQuery } from '../../reconcile/status-page.js';
import type { Logger } from '../logging/logger.js';
import type { SecretRegistry } from '../logging/secret-registry.js';
import { registerCampaignActions } from './campaign-actions.js';
import { renderCampaignNotFound, renderCampaignPage } from './campaign-page.js';
import { renderDashboard } from './dashboard.js';
import { jsonInSlices } from './json-in-slices.js';
import { PAGE_HEADERS } from './dashboard-layout.js';
import { hostAllowList, requestedHost } from './host-allow-list.js';
import { verifyPushSignature } from './push-signature.js';

export interface StatusServerOptions {
  controller: Controller;
  /** Default `127.0.0.1`. */
  host?: string;
  /** Default 8080; 0 picks a free port. */
  port?: number;
  /** HTTP_AUTH_TOKEN: required for /api/* and / when `requireAuth` (by default: when set, or when not bound to loopback; README "Status server"). */
  authToken?: string;
  /** Whether /api/* and / require the bearer token. Default: true when `authToken` is set or `host` is not loopback. */
  requireAuth?: boolean;
  /** HTTP_ALLOWED_HOSTS: host names answered besides IP addresses, localhost and `host` (host-allow-list.ts). Default none. */
  allowedHosts?: readonly string[];
  /** GIT_WEBHOOK_SECRET: `/hooks/git` answers 404 without it. */
  webhookSecret?: string;
  /** Prometheus text for /metrics. */
  metrics?: () => Promise<{ contentType: string; body: string }>;
  secrets?: SecretRegistry;
  /** The campaign page's commit links (GITOPS_COMMIT_URL or the remote's; commit-link.ts). */
  commitUrlTemplate?: string;
  /** GITOPS_SCHEDULE and its time zone, for the campaign page's next sweep. */
  sweep?: { schedule: string; timeZone: string };
  /** The dialect's capability: whether pages name versions (`v4`); false for a skill's fingerprint. Default true. */
  namesVersions?: boolean;
  log: Logger;
}

export interface StatusServer {
  url: string;
  close(): Promise<void>;
}

declare module 'fastify' {
  interface FastifyRequest {
    rawBody?: Buffer;
  }
}

/** Whether /api/* and the dashboard need the bearer token; throws when one is needed and missing or weak. */
function tokenNeeded(options: StatusServerOptions, host: string): boolean {
  const needsToken = options.requireAuth ?? (options.authToken !== undefined || !isLoopback(host));
  if (needsToken && !options.authToken) {
    throw new Error(
      isLoopback(host)
        ? 'the status server requires a bearer token: set HTTP_AUTH_TOKEN'
        : `HTTP_HOST is ${host}, not loopback: set HTTP_AUTH_TOKEN so /api/* and the dashboard are not open to the network`,
    );
  }
  const tokenProblem = needsToken ? authTokenProblem(options.authToken!) : undefined;
  if (tokenProblem !== undefined) throw new Error(tokenProblem);
  return needsToken;
}

/** JSON bodies, the Host allow-list, the bearer token, and the error and not-found answers, for every route. */
function installGuards(app: FastifyInstance, options: StatusServerOptions, host: string, needsToken: boolean): void {
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_request: FastifyRequest, body: Buffer, done) => {
    if (body.length === 0) return done(null, {});
    try {
      done(null, JSON.parse(body.toString('utf8')));
    } catch {
      const error = new Error('the body is not valid JSON') as Error & { statusCode: number };
      error.statusCode = 400;
      done(error, undefined);
    }
  });
  const checkHost = hostAllowList(host, options.allowedHosts);
  // First, on every route: a page that rebound its own name to us gets nothing (host-allow-list.ts).
  app.addHook('onRequest', async (request, reply) => {
    const requested = requestedHost(request.raw.url ?? '', request.raw.rawHeaders);
    if ('refused' in requested) return reply.code(400).send({ error: 'BadRequest', message: requested.refused });
    const verdict = checkHost(requested.host);
    if (!verdict.allowed) {
      options.log.warn({ host: requested.host?.slice(0, 255), remote: request.ip }, 'request for a host name not allowed refused');
      return reply.code(verdict.status).send({ error: verdict.status === 400 ? 'BadRequest' : 'Forbidden', message: verdict.message });
    }
  });
  app.addHook('onRequest', async (request, reply) => {
    if (!needsToken) return;
    const path = request.url.split('?')[0]!;
    if (path === '/healthz' || path === '/readyz' || path === '/metrics' || path === '/hooks/git') return;
    const given = /^Bearer\s+(.+)$/i.exec(request.headers.authorization ?? '')?.[1] ?? '';
    if (!constantTimeEqual(given, options.authToken!)) return reply.code(401).header('www-authenticate', 'Bearer').send({ error: 'Unauthorized', message: 'send Authorization: Bearer <HTTP_AUTH_TOKEN>' });
  });
  app.setErrorHandler((error: { statusCode?: number; message: string }, _request, reply) => {
    const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    if (status === 500) options.log.error({ error: error.message }, 'status server error');
    return reply.code(status).send({ error: status === 500 ? 'ServerError' : 'BadRequest', message: status === 500 ? 'internal error' : error.message });
  });
  app.setNotFoundHandler((request, reply) => reply.code(404).send({ error: 'NotFound', message: `no route ${request.method} ${request.url.split('?')[0]}` }));
}

async function registerPushWebhook(app: FastifyInstance, options: StatusServerOptions): Promise<void> {
  // The push webhook verifies its signature over the bytes as sent, whatever their content type
  // (GitHub's form-encoded `payload=`, JSON, text/plain, none), before anything reads them.
  await app.register(async (hooks) => {
    hooks.removeAllContentTypeParsers();
    hooks.addContentTypeParser('*', { parseAs: 'buffer' }, (_request: FastifyRequest, body: Buffer, done) => done(null, body));
    hooks.post('/hooks/git', async (request, reply) => {
      if (!options.webhookSecret) return reply.code(404).send({ error: 'NotFound', message: 'set GIT_WEBHOOK_SECRET to enable /hooks/git' });
      const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      if (!verifyPushSignature(options.webhookSecret, raw, request.headers)) {
        options.log.warn({ remote: request.ip, contentType: request.headers['content-type']?.slice(0, 100) }, 'push webhook with a bad signature refused');
        return reply.code(401).send({ error: 'Unauthorized', message: 'bad or missing X-Hub-Signature-256 / X-Gitlab-Token' });
      }
      options.controller.notifyPush();
      return reply.code(202).send({ accepted: true });
    });
  });
}

function registerCampaignPage(app: FastifyInstance, options: StatusServerOptions, scrub: <T>(value: T) => T, actionRoutes: ReturnType<typeof registerCampaignActions>): void {
  app.get<{ Params: { name: string }; Querystring: { chartWidth?: unknown } }>('/campaigns/:name', async (request, reply) => {
    const state = options.controller.campaign(request.params.name);
    if (!state) return reply.code(404).headers(PAGE_HEADERS).send(renderCampaignNotFound(request.params.name).toString());
    let historyError: string | undefined;
    const records = await options.controller.history(request.params.name).catch((error: unknown) => {
      historyError = error instanceof Error ? error.message : String(error);
      options.log.warn({ campaign: request.params.name, error: historyError }, 'could not read the audit history for the campaign page');
      return undefined;
    });
    const status = options.controller.status();
    const commit = status.revision && status.commit ? { revision: status.revision, ...status.commit } : undefined;
    const context = { commit, commitUrlTemplate: options.commitUrlTemplate, syncWindows: status.policyValid ? (status.syncWindows ?? []) : undefined, sweep: options.sweep, namesVersions: options.namesVersions };
    return reply.headers(PAGE_HEADERS).send(renderCampaignPage(scrub(state), records && scrub(records), { historyError: historyError && scrub(historyError), actions: actionRoutes.panel(request, reply, state), context: scrub(context), chartWidth: chartWidthOf(request.query.chartWidth) }).toString());
  });
}

/** A query parameter's text: its first value when repeated; undefined when absent or not text. */
function queryText(value: unknown): string | undefined {
  return typeof value === 'string' ? value : Array.isArray(value) && typeof value[0] === 'string' ? value[0] : undefined;
}

/** `?chartWidth=` as the page script sends it (the charts' container width); anything else is none. */
function chartWidthOf(value: unknown): number | undefined {
  const text = queryText(value);
  return text !== undefined && /^\d{1,5}$/.test(text) ? Number(text) : undefined;
}

export async function startStatusServer(options: StatusServerOptions): Promise<StatusServer> {
  const host = options.host ?? '127.0.0.1';
  const needsToken = tokenNeeded(options, host);
  const app: FastifyInstance = Fastify({ logger: false, bodyLimit: 256 * 1024 });
  const scrub = <T>(value: T): T => (options.secrets ? options.secrets.scrub(value) : value);

  installGuards(app, options, host, needsToken);

  const actionRoutes = registerCampaignActions(app, { controller: options.controller, authToken: options.authToken, log: options.log, scrub });
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_request, reply) => {
    const { ready, reason } = options.controller.readiness();
    return reply.code(ready ? 200 : 503).send(reason === undefined ? { ready } : { ready, reason: scrub(reason) });
  });
  app.get('/metrics', async (_request, reply) => {
    if (!options.metrics) return reply.code(404).send({ error: 'NotFound', message: 'metrics are not enabled' });
    const { contentType, body } = await options.metrics();
    return reply.header('content-type', contentType).send(body);
  });
  app.get<{ Params: { name: string } }>('/api/campaigns/:name', async (request, reply) => {
    const state = options.controller.campaign(request.params.name);
    if (!state) return reply.code(404).send({ error: 'NotFound', message: `no managed campaign named ${request.params.name}` });
    return scrub(state);
  });
  await registerPushWebhook(app, options);
  // One page of the campaigns (`limit`, `cursor`) with the totals of all (docs/architecture.md, "The status API at scale").
  app.get<{ Querystring: Record<string, unknown> }>('/api/status', async (request, reply) => {
    let query: StatusPageQuery;
    try {
      query = parseStatusPageQuery(queryText(request.query.limit), queryText(request.query.cursor));
    } catch (error) {
      if (!(error instanceof StatusPageQueryError)) throw error;
      return reply.code(400).send({ error: 'BadRequest', message: error.message });
    }
    // Built from the page's states only, serialised in slices, scrubbed while serialised: a page of thousands never holds /healthz (docs/architecture.md, "Scale").
    return reply.type('application/json; charset=utf-8').send(await jsonInSlices(options.controller.statusPage?.(query) ?? statusPageOf(options.controller.status(), query), 'campaigns', options.secrets?.size ? options.secrets.jsonReplacer : undefined));
  });
  app.get<{ Querystring: Record<string, unknown> }>('/', async (request, reply) =>
    reply.headers(PAGE_HEADERS).send(renderDashboard(scrub(options.controller.status()), { filter: { status: queryText(request.query.status), team: queryText(request.query.team) }, namesVersions: options.namesVersions }).toString()),
  );
  app.get<{ Params: { name: string }; Querystring: Record<string, unknown> }>('/api/campaigns/:name/history', async (request, reply) => {
    if (!options.controller.campaign(request.params.name)) return reply.code(404).send({ error: 'NotFound', message: `no managed campaign named ${request.params.name}` });
    const limit = Number(queryText(request.query.limit) ?? 200);
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000) return reply.code(400).send({ error: 'BadRequest', message: 'limit must be an integer from 1 to 1000' });
    return { campaign: request.params.name, records: scrub(await options.controller.history(request.params.name, limit)) };
  });
  registerCampaignPage(app, options, scrub, actionRoutes);

  await app.listen({ host, port: options.port ?? 8080 });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`, close: () => app.close() };
}
