/**
 * The manual-action routes (README, "Manual actions"):
 * - `POST /api/campaigns/{name}/actions/{resume|retry|sync}` with `Authorization: Bearer
 *   <HTTP_AUTH_TOKEN>` and a JSON body `{actor, reason?, force?, wait?}` — the CLI's way in. It
 *   needs the token even on loopback (a page open on 127.0.0.1 must not be able to act).
 * - `POST /campaigns/{name}/actions/{action}`, the dashboard's form: the token typed in the form (or
 *   a valid bearer header), the session's form token, and the browser saying the request is
 *   same-origin (`Sec-Fetch-Site`, `Origin`).
 * Either answers once the campaign's next reconcile took the action (its audit record written),
 * with the state that reconcile left when it finished within `wait` seconds.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { setTimeout as delay } from 'node:timers/promises';
import type { CampaignState } from '../../domain/campaign-state.js';
import { constantTimeEqual } from '../../lib/constant-time-equal.js';
import { html } from '../../lib/html.js';
import type { Controller } from '../../reconcile/controller.js';
import { ActionRefusedError, isManualAction, type ActionRequest, type ManualAction } from '../../reconcile/manual-actions.js';
import type { Logger } from '../logging/logger.js';
import { createCsrfGuard, renderActionPanel } from './action-panel.js';
import { campaignHref, PAGE_HEADERS, renderPage } from './dashboard-layout.js';

export interface CampaignActionsOptions {
  controller: Controller;
  /** HTTP_AUTH_TOKEN: without it every action is refused (403) and the page shows the commands. */
  authToken?: string;
  log: Logger;
  scrub: <T>(value: T) => T;
}

type Params = { name: string; action: string };
type Answer = { code: number; body: Record<string, unknown> };

const NO_TOKEN = 'manual actions need HTTP_AUTH_TOKEN: set it on the controller and send Authorization: Bearer <token>';
const DEFAULT_WAIT_SECONDS = 20;

function bearerOf(request: FastifyRequest): string | undefined {
  return /^Bearer\s+(.+)$/i.exec(request.headers.authorization ?? '')?.[1];
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** The body of an API request, or a message saying what is wrong with it. */
function apiRequest(action: ManualAction, body: unknown): { request: ActionRequest; wait: number } | string {
  const fields = (typeof body === 'object' && body !== null && !Array.isArray(body) ? body : {}) as Record<string, unknown>;
  const { actor, reason, force, wait } = fields;
  if (typeof actor !== 'string') return 'the body must be JSON with "actor" (who asks), and optionally "reason", "force" and "wait" (seconds)';
  if (reason !== undefined && typeof reason !== 'string') return '"reason" must be a string';
  if (force !== undefined && typeof force !== 'boolean') return '"force" must be true or false';
  if (wait !== undefined && (typeof wait !== 'number' || !Number.isInteger(wait) || wait < 0 || wait > 300)) return '"wait" must be a whole number of seconds from 0 to 300';
  return { request: { action, actor, reason, force, via: 'api' }, wait: wait ?? DEFAULT_WAIT_SECONDS };
}

function summary(state: CampaignState): Record<string, unknown> {
  return { status: state.status, statusReason: state.statusReason, reason: state.reason };
}

export function registerCampaignActions(app: FastifyInstance, options: CampaignActionsOptions): { panel(request: FastifyRequest, reply: FastifyReply, state: CampaignState): ReturnType<typeof renderActionPanel> } {
  const csrf = createCsrfGuard();
  if (!app.hasContentTypeParser('application/x-www-form-urlencoded')) {
    app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'buffer' }, (request: FastifyRequest, body: Buffer, done) => {
      request.rawBody = body;
      done(null, Object.fromEntries(new URLSearchParams(body.toString('utf8'))));
    });
  }
  const { controller, authToken, scrub } = options;
  const tokenOk = (given: string | undefined): boolean => authToken !== undefined && given !== undefined && constantTimeEqual(given, authToken);

  async function perform(name: string, request: ActionRequest, wait: number): Promise<Answer> {
    try {
      const ticket = controller.act(name, request);
      const record = await ticket.taken;
      const stop = new AbortController();
      const done = await Promise.race([ticket.done, delay(wait * 1000, undefined, { signal: stop.signal }).catch(() => undefined)]).finally(() => stop.abort());
      options.log.info({ campaign: name, action: request.action, actor: request.actor, via: request.via }, 'manual action taken');
      const now = done ?? controller.campaign(name);
      return { code: done ? 200 : 202, body: { campaign: name, action: request.action, actor: record.actor, record: record.id, outcome: record.outcome, finished: done !== undefined, ...(now ? summary(now) : {}) } };
    } catch (error) {
      if (error instanceof ActionRefusedError) return { code: error.status, body: { error: 'ActionRefused', message: error.message } };
      throw error;
    }
  }

  app.post<{ Params: Params }>('/api/campaigns/:name/actions/:action', async (request, reply) => {
    const { name, action } = request.params;
    if (!isManualAction(action)) return reply.code(404).send({ error: 'NotFound', message: `no action ${action}: resume, retry or sync` });
    if (authToken === undefined) return reply.code(403).send({ error: 'Forbidden', message: NO_TOKEN });
    if (!tokenOk(bearerOf(request))) return reply.code(401).header('www-authenticate', 'Bearer').send({ error: 'Unauthorized', message: 'send Authorization: Bearer <HTTP_AUTH_TOKEN>' });
    const parsed = apiRequest(action, request.body);
    if (typeof parsed === 'string') return reply.code(400).send({ error: 'BadRequest', message: parsed });
    const answer = await perform(name, parsed.request, parsed.wait);
    return reply.code(answer.code).send(scrub(answer.body));
  });

  const page = (reply: FastifyReply, code: number, name: string, title: string, message: string) =>
    reply
      .code(code)
      .headers(PAGE_HEADERS)
      .send(renderPage({ title: `${title} · cxone-gitops`, refreshSeconds: 30, before: html`<p><a href="${campaignHref(name)}">← back to ${name}</a></p>`, live: html`<h1>${title}</h1><p>${message}</p>` }).toString());

  /** The browser's word that the form was posted by a page of this server (not another site's). */
  const sameOrigin = (request: FastifyRequest): boolean => {
    const site = text(request.headers['sec-fetch-site']);
    if (site !== undefined && site !== 'same-origin') return false;
    const origin = text(request.headers.origin);
    // The pages send `Referrer-Policy: no-referrer`, under which a browser's form POST says `Origin: null`.
    if (origin !== undefined && origin !== 'null') return [`http://${request.headers.host}`, `https://${request.headers.host}`].includes(origin);
    return site === 'same-origin';
  };

  app.post<{ Params: Params; Body: Record<string, string> }>('/campaigns/:name/actions/:action', async (request, reply) => {
    const { name, action } = request.params;
    if (!isManualAction(action)) return page(reply, 404, name, 'No such action', `${action} is not an action: resume, retry or sync`);
    if (authToken === undefined) return page(reply, 403, name, 'Manual actions are off', NO_TOKEN);
    const form = typeof request.body === 'object' && request.body !== null ? request.body : {};
    if (!sameOrigin(request) || !csrf.verify(request.headers.cookie, text(form.csrf))) {
      options.log.warn({ campaign: name, action, origin: request.headers.origin, site: request.headers['sec-fetch-site'] }, 'manual action form refused: not from this dashboard');
      return page(reply, 403, name, 'Refused', 'this form did not come from this dashboard (cross-site request or an expired session): reload the campaign page and try again');
    }
    if (!tokenOk(text(form.token)) && !tokenOk(bearerOf(request))) return page(reply, 401, name, 'Wrong token', 'the token is not HTTP_AUTH_TOKEN');
    const answer = await perform(name, { action, actor: text(form.actor) ?? '', reason: text(form.reason), force: form.force === '1' || form.force === 'on', via: 'dashboard' }, 5);
    const body = scrub(answer.body);
    const message = answer.code >= 400 ? String(body.message) : `${action} by ${String(body.actor)} recorded; ${name} is now ${String(body.status)}: ${String(body.reason)}`;
    return page(reply, answer.code >= 400 ? answer.code : 200, name, answer.code >= 400 ? `${action} refused` : `${action} taken`, message);
  });

  return {
    panel(request, reply, state) {
      if (authToken === undefined) return renderActionPanel(state, { enabled: false });
      const session = csrf.session(request.headers.cookie);
      if (session.setCookie) void reply.header('set-cookie', session.setCookie);
      return renderActionPanel(state, { enabled: true, formToken: csrf.formToken(session.id) });
    },
  };
}
