/**
 * The CXone API routes (README, "The CXone API contract"): OAuth2 token, campaigns, simulations and webhooks.
 * Faults, authentication, the rate limit and scopes are enforced by hooks in emulator-server.ts;
 * a route declares the scope it needs in `config.scope`.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { sendError } from '../http-errors.js';
import type { EmulatorContext } from '../emulator-context.js';
import { isPlainObject, validateDialerSettings } from '../settings-validation.js';
import { SCOPES } from '../types.js';

type IdParams = { Params: { id: string } };
type PageQuery = { Querystring: { pageNumber?: string; pageSize?: string } };

const MAX_PAGE_SIZE = 1000;
const DEFAULT_PAGE_SIZE = 100;

function parsePaging(request: FastifyRequest<PageQuery>): { pageNumber: number; pageSize: number } | string {
  const pageNumber = Number(request.query.pageNumber ?? 1);
  const pageSize = Number(request.query.pageSize ?? DEFAULT_PAGE_SIZE);
  if (!Number.isInteger(pageNumber) || pageNumber < 1) return 'pageNumber must be an integer >= 1';
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_PAGE_SIZE) return `pageSize must be an integer from 1 to ${MAX_PAGE_SIZE}`;
  return { pageNumber, pageSize };
}

function basicCredentials(header: string | undefined): { id?: string; secret?: string } {
  const match = /^Basic\s+(\S+)$/i.exec(header ?? '');
  if (!match) return {};
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return {};
  return { id: decodeURIComponent(decoded.slice(0, colon)), secret: decodeURIComponent(decoded.slice(colon + 1)) };
}

export function registerApiRoutes(app: FastifyInstance, ctx: EmulatorContext): void {
  app.post('/api/v2/oauth/token', async (request, reply) => {
    const body = isPlainObject(request.body) ? request.body : {};
    const basic = basicCredentials(request.headers.authorization);
    const clientId = basic.id ?? body.client_id;
    const result = ctx.tokens.issue(body.grant_type, clientId, basic.secret ?? body.client_secret, body.scope);
    if (!result.ok) return reply.code(result.status).send({ error: result.error, error_description: result.message, message: result.message });
    request.clientId = clientId as string;
    const limited = ctx.limiter.take(request.clientId);
    if (!limited.ok) {
      reply.header('retry-after', String(limited.retryAfterSeconds));
      return sendError(reply, 429, 'TooManyRequests', `rate limit of ${ctx.limiter.limitPerMinute} requests per minute exceeded for client ${request.clientId}`);
    }
    reply.header('cache-control', 'no-store');
    return { access_token: result.accessToken, token_type: 'Bearer', expires_in: result.expiresIn, scope: result.scope };
  });

  app.get<PageQuery>('/api/v2/outbound/campaigns', { config: { scope: SCOPES.read } }, async (request, reply) => {
    const paging = parsePaging(request);
    if (typeof paging === 'string') return sendError(reply, 400, 'BadRequest', paging);
    const page = ctx.store.page(paging.pageNumber, paging.pageSize);
    return { entities: page.entities, pageNumber: paging.pageNumber, pageSize: paging.pageSize, total: page.total, pageCount: page.pageCount };
  });

  app.get<IdParams>('/api/v2/outbound/campaigns/:id', { config: { scope: SCOPES.read } }, async (request, reply) => {
    const campaign = ctx.store.get(request.params.id);
    return campaign ?? sendError(reply, 404, 'NotFound', `campaign ${request.params.id} does not exist`);
  });

  app.put<IdParams>('/api/v2/outbound/campaigns/:id', { config: { scope: SCOPES.write } }, async (request, reply) => {
    const body: unknown = request.body;
    const carriesVersion = isPlainObject(body) && body.version !== undefined;
    if (carriesVersion && ctx.store.get(request.params.id) && ctx.random() < ctx.faults.conflictRate) {
      return sendError(reply, 409, 'Conflict', `campaign ${request.params.id} was modified concurrently: fetch the latest version and re-plan`);
    }
    const result = ctx.store.put(request.params.id, roundWeights(body, ctx.faults.weightDecimals), `api:${request.clientId ?? 'unknown'}`);
    if (!result.ok) return sendError(reply, result.status, result.error, result.message, result.details);
    ctx.webhooks.notifyTuned(result.campaign);
    const applyThenDrop = ctx.takeScripted('PUT', request.url, ['apply-then-drop']) ?? (ctx.faults.applyThenDropRate > 0 && ctx.random() < ctx.faults.applyThenDropRate);
    if (applyThenDrop) {
      // Applied, then the connection is reset: the client never learns that its PUT happened.
      ctx.requests.add({ time: new Date(ctx.now()).toISOString(), method: 'PUT', path: request.url.split('?')[0]!, status: 0, durationMs: 0 });
      request.raw.socket.destroy();
      return reply.hijack();
    }
    return result.campaign;
  });

  app.post('/api/v2/outbound/campaigns/simulations', { config: { scope: SCOPES.simulate } }, async (request, reply) => {
    const body = request.body;
    if (!isPlainObject(body)) return sendError(reply, 400, 'BadRequest', 'the request body must be a JSON object');
    const allowed = ['campaignId', 'simulationType', 'durationSeconds', 'predictiveDialerSettings'];
    const errors = Object.keys(body).filter((key) => !allowed.includes(key)).map((key) => `${key} is not a known field (allowed: ${allowed.join(', ')})`);
    if (typeof body.campaignId !== 'string') errors.push('campaignId is required');
    if (typeof body.simulationType !== 'string' || body.simulationType === '') errors.push('simulationType is required, e.g. predictive_weight_validation');
    const duration = body.durationSeconds ?? 300;
    if (typeof duration !== 'number' || !Number.isInteger(duration) || duration < 1 || duration > 86_400) {
      errors.push('durationSeconds must be an integer from 1 to 86400');
    }
    const settings = body.predictiveDialerSettings === undefined ? undefined : validateDialerSettings(body.predictiveDialerSettings);
    if (settings && !settings.ok) errors.push(...settings.errors);
    if (errors.length > 0) return sendError(reply, 400, 'BadRequest', errors.join('; '), errors);
    const campaign = ctx.store.get(body.campaignId as string);
    if (!campaign) return sendError(reply, 404, 'NotFound', `campaign ${String(body.campaignId)} does not exist`);
    const simulation = ctx.simulations.start(campaign, body.simulationType as string, duration as number, settings?.ok ? settings.value : undefined);
    return reply.code(202).send({ id: simulation.id, status: simulation.status });
  });

  app.get<IdParams>('/api/v2/outbound/campaigns/simulations/:id', { config: { scope: SCOPES.simulate } }, async (request, reply) => {
    const simulation = ctx.simulations.get(request.params.id);
    return simulation ?? sendError(reply, 404, 'NotFound', `simulation ${request.params.id} does not exist`);
  });

  app.get<PageQuery>('/api/v2/webhooks', { config: { scope: SCOPES.webhooks } }, async (request, reply) => {
    const paging = parsePaging(request);
    if (typeof paging === 'string') return sendError(reply, 400, 'BadRequest', paging);
    const all = ctx.webhooks.list();
    const start = (paging.pageNumber - 1) * paging.pageSize;
    return {
      entities: all.slice(start, start + paging.pageSize),
      pageNumber: paging.pageNumber,
      pageSize: paging.pageSize,
      total: all.length,
      pageCount: Math.ceil(all.length / paging.pageSize),
    };
  });

  app.post('/api/v2/webhooks', { config: { scope: SCOPES.webhooks } }, async (request, reply) => {
    const result = ctx.webhooks.create(request.body);
    if (!result.ok) return sendError(reply, 400, 'BadRequest', result.errors.join('; '), result.errors);
    return reply.code(201).send(result.webhook);
  });

  app.delete<IdParams>('/api/v2/webhooks/:id', { config: { scope: SCOPES.webhooks } }, async (request, reply) => {
    if (!ctx.webhooks.delete(request.params.id)) return sendError(reply, 404, 'NotFound', `webhook ${request.params.id} does not exist`);
    return reply.code(204).send();
  });
}

/** A CXone that normalises values: the weights of a PUT kept to `decimals` places (0: as sent). */
function roundWeights(body: unknown, decimals: number): unknown {
  if (decimals <= 0 || !isPlainObject(body) || !isPlainObject(body.predictiveDialerSettings)) return body;
  const settings = body.predictiveDialerSettings;
  if (!isPlainObject(settings.parameterWeights)) return body;
  const factor = 10 ** decimals;
  const weights = Object.fromEntries(Object.entries(settings.parameterWeights).map(([key, value]) => [key, typeof value === 'number' ? Math.round(value * factor) / factor : value]));
  return { ...body, predictiveDialerSettings: { ...settings, parameterWeights: weights } };
}
