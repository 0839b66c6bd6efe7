/**
 * Admin routes of the cxone-dialect emulator under `/emulator/` (loopback, no auth): seed skills,
 * edit one as a supervisor in the CXone UI would (or set its hidden true profile and whether it
 * runs), queue an edit to land right after the next PUT (a write race), inject faults (rates, and
 * one-shot `next` faults), expire tokens, read the request log, the accepted PUTs and the state, reset.
 */
import type { FastifyInstance } from 'fastify';
import { parseScript } from '../scripted-faults.js';
import { isPlainObject } from '../settings-validation.js';
import type { CxoneEmulatorContext } from './cxone-emulator-context.js';
import { sendCxoneError } from './cxone-errors.js';
import { withFaults } from './cxone-faults.js';
import type { EmulatedSkill } from './skill-store.js';

type IdParams = { Params: { id: string } };
type RequestQuery = { Querystring: { since?: string; method?: string; path?: string; limit?: string } };

export function registerCxoneAdminRoutes(app: FastifyInstance, ctx: CxoneEmulatorContext): void {
  app.post('/emulator/skills', async (request, reply) => {
    const bodies = Array.isArray(request.body) ? (request.body as unknown[]) : [request.body];
    const saved: EmulatedSkill[] = [];
    for (const [index, body] of bodies.entries()) {
      const result = ctx.store.upsert(body);
      if (!result.ok) return sendCxoneError(reply, 400, 'BadRequest', bodies.length > 1 ? `[${index}] ${result.message}` : result.message);
      saved.push(result.skill);
    }
    return Array.isArray(request.body) ? saved : saved[0];
  });

  app.patch<IdParams>('/emulator/skills/:id', async (request, reply) => {
    const result = ctx.store.patch(Number(request.params.id), request.body);
    if (!result.ok) return sendCxoneError(reply, result.status, result.status === 404 ? 'NotFound' : 'BadRequest', result.message);
    return result.skill;
  });

  app.post<IdParams>('/emulator/skills/:id/edit-after-next-put', async (request, reply) => {
    const skillId = Number(request.params.id);
    if (!ctx.store.get(skillId)) return sendCxoneError(reply, 404, 'NotFound', `no skill ${request.params.id}`);
    if (!isPlainObject(request.body)) return sendCxoneError(reply, 400, 'BadRequest', 'the body is a supervisor edit: { "generalSettings": { … } }');
    ctx.editsAfterNextPut.set(skillId, request.body);
    return reply.code(202).send({ queued: true });
  });

  app.get('/emulator/faults', async () => ({ ...ctx.faults, next: ctx.scripted }));

  /** Every group PUT the API accepted (the tests' count of what reached CXone), after `since` (a seq). */
  app.get<{ Querystring: { since?: string } }>('/emulator/changes', async (request) => {
    const since = Number(request.query.since ?? 0);
    return { changes: ctx.store.changes.filter((change) => change.seq > since) };
  });

  app.post('/emulator/faults', async (request, reply) => {
    if (!isPlainObject(request.body)) return sendCxoneError(reply, 400, 'BadRequest', 'the request body must be a JSON object');
    const { rateLimitPerMinute, tokenTtlSeconds, timeScale, next, ...faults } = request.body;
    const result = withFaults(ctx.faults, faults);
    const scriptErrors: string[] = [];
    const scripted = next === undefined ? [] : parseScript(next, scriptErrors);
    if ('errors' in result || scriptErrors.length > 0) return sendCxoneError(reply, 400, 'BadRequest', [...('errors' in result ? result.errors : []), ...scriptErrors].join('; '));
    ctx.faults = result.faults;
    ctx.scripted.push(...scripted);
    if (typeof rateLimitPerMinute === 'number') ctx.limiter.setLimit(rateLimitPerMinute);
    if (typeof tokenTtlSeconds === 'number') ctx.keys.tokenTtlSeconds = tokenTtlSeconds;
    if (typeof timeScale === 'number' && timeScale > 0) ctx.timeScale = timeScale;
    return { ...ctx.faults, next: ctx.scripted, rateLimitPerMinute: ctx.limiter.limitPerMinute, tokenTtlSeconds: ctx.keys.tokenTtlSeconds, timeScale: ctx.timeScale };
  });

  app.post('/emulator/tokens/expire', async () => {
    ctx.keys.expireAccessTokens();
    return { expired: true };
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
    dialect: 'cxone',
    tenantId: ctx.tenantId,
    skills: ctx.store.all(),
    faults: ctx.faults,
    timeScale: ctx.timeScale,
    rateLimitPerMinute: ctx.limiter.limitPerMinute,
    tokenTtlSeconds: ctx.keys.tokenTtlSeconds,
    tokensGranted: ctx.keys.granted,
  }));

  app.post('/emulator/reset', async () => {
    ctx.reset();
    return { skills: ctx.store.size };
  });
}
