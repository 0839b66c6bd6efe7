/**
 * Plugs live traffic into the cxone emulator (its `traffic` option): the reporting paths, the
 * skill start/stop paths, and the rule that traffic is brought up to date before any request
 * that may change a skill, so what ran before the change ran with the old settings.
 */
import type { FastifyInstance } from 'fastify';
import type { CxoneEmulatorContext } from './cxone-emulator-context.js';
import { sendCxoneError } from './cxone-errors.js';
import { LiveTraffic } from './live-traffic.js';
import { registerReportingRoutes } from './reporting-routes.js';

/** Real milliseconds between two background advances (reports advance on their own too). */
export const ADVANCE_EVERY_MS = 100;
const API_BASE = '/inContactAPI/services/:version';

type SkillParams = { Params: { version: string; skillId: string } };

export interface InstalledTraffic {
  traffic: LiveTraffic;
  stop: () => Promise<void>;
}

/** Live traffic for the emulator `app` serving `ctx`; `seed` seeds every skill's dialler. */
export function installLiveTraffic(app: FastifyInstance, ctx: CxoneEmulatorContext, seed = 1): InstalledTraffic {
  // A stopped skill is passed as it is (live traffic skips it unless it just stopped, and then needs no settings).
  const traffic = new LiveTraffic({ timeScale: () => ctx.timeScale, now: ctx.now, seed, skills: () => ctx.store.all().map((skill) => (skill.isRunning ? { ...skill, ...skill.groups } : skill)) });
  app.addHook('preHandler', async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') traffic.advance();
  });
  registerReportingRoutes(app, {
    base: API_BASE,
    traffic,
    skills: () => ctx.store.all().map((skill) => ({ ...skill, ...skill.groups })),
    sendError: sendCxoneError,
  });
  for (const [action, running] of [['start', true], ['stop', false]] as const) {
    app.post<SkillParams>(`${API_BASE}/skills/:skillId/${action}`, async (request, reply) => {
      const skill = ctx.store.get(Number(request.params.skillId));
      if (skill === undefined) return sendCxoneError(reply, 404, 'NotFound', 'Invalid skillId');
      if (!skill.isOutbound) return sendCxoneError(reply, 409, 'Conflict', `skill ${skill.skillId} is not a Personal Connection skill`);
      skill.isRunning = running;
      traffic.advance();
      return reply.code(202).send();
    });
  }
  const timer = setInterval(() => traffic.advance(), ADVANCE_EVERY_MS);
  timer.unref();
  return {
    traffic,
    stop: async () => {
      clearInterval(timer);
    },
  };
}
