/**
 * Admin routes under `/emulator/` (loopback only, no auth): tests and demos act as the outside
 * world through them — seed campaigns, edit one as a supervisor would, inject faults, read logs.
 */
import type { FastifyInstance } from 'fastify';
import { sendError } from '../http-errors.js';
import type { EmulatorContext } from '../emulator-context.js';
import { isPlainObject } from '../settings-validation.js';
import type { Campaign } from '../types.js';

type IdParams = { Params: { id: string } };
type RequestQuery = { Querystring: { since?: string; method?: string; path?: string; limit?: string } };

export function registerAdminRoutes(app: FastifyInstance, ctx: EmulatorContext): void {
  app.post('/emulator/campaigns', async (request, reply) => {
    const bodies = Array.isArray(request.body) ? request.body : [request.body];
    const saved: Campaign[] = [];
    const errors: string[] = [];
    bodies.forEach((body: unknown, index) => {
      const result = ctx.store.upsert(body);
      if (result.ok) saved.push(result.campaign);
      else errors.push(...result.message.split('; ').map((message) => (bodies.length > 1 ? `[${index}] ${message}` : message)));
    });
    if (errors.length > 0) return sendError(reply, 400, 'BadRequest', errors.join('; '), errors);
    return reply.code(200).send(Array.isArray(request.body) ? saved : saved[0]);
  });

  app.patch<IdParams>('/emulator/campaigns/:id', async (request, reply) => {
    const result = ctx.store.patch(request.params.id, request.body);
    if (!result.ok) return sendError(reply, result.status, result.error, result.message, result.details);
    ctx.webhooks.notifyTuned(result.campaign);
    return result.campaign;
  });

  app.get('/emulator/faults', async () => ctx.faults);

  app.post('/emulator/faults', async (request, reply) => {
    if (!isPlainObject(request.body)) return sendError(reply, 400, 'BadRequest', 'the request body must be a JSON object');
    const errors = ctx.setFaults(request.body);
    if (errors.length > 0) return sendError(reply, 400, 'BadRequest', errors.join('; '), errors);
    return { ...ctx.faults, rateLimitPerMinute: ctx.limiter.limitPerMinute, tokenTtlSeconds: ctx.tokens.tokenTtlSeconds };
  });

  app.post('/emulator/clients', async (request, reply) => {
    const body = request.body;
    if (
      !isPlainObject(body) ||
      typeof body.clientId !== 'string' ||
      typeof body.clientSecret !== 'string' ||
      !Array.isArray(body.scopes) ||
      !body.scopes.every((scope) => typeof scope === 'string')
    ) {
      return sendError(reply, 400, 'BadRequest', 'a client needs clientId, clientSecret and scopes (a list of strings)');
    }
    ctx.tokens.registerClient({ clientId: body.clientId, clientSecret: body.clientSecret, scopes: body.scopes as string[] });
    return reply.code(201).send({ clientId: body.clientId, scopes: body.scopes });
  });

  app.get<RequestQuery>('/emulator/requests', async (request) => {
    const { since, method, path, limit } = request.query;
    const entries = ctx.requests.query({
      since: since === undefined ? undefined : Number(since),
      method,
      pathPrefix: path,
      limit: limit === undefined ? undefined : Number(limit),
    });
    return { entries, lastSeq: ctx.requests.lastSeq };
  });

  app.get('/emulator/state', async () => ({
    campaigns: ctx.store.all(),
    changes: ctx.store.changes,
    webhooks: ctx.webhooks.list(),
    deliveries: ctx.webhooks.deliveries,
    simulations: ctx.simulations.list(),
    faults: ctx.faults,
    clients: ctx.tokens.listClients(),
    rateLimitPerMinute: ctx.limiter.limitPerMinute,
    tokenTtlSeconds: ctx.tokens.tokenTtlSeconds,
  }));

  app.post('/emulator/reset', async () => {
    ctx.reset();
    return { campaigns: ctx.store.size };
  });
}
