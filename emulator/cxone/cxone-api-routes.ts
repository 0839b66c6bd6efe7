/**
 * The skill endpoints of the real CXone API under `/inContactAPI/services/vNN.0` (README, "Real
 * CXone"), answering as NICE's published OpenAPI describes: wrappers, the GET-flat / PUT-wrapped
 * asymmetry, field-name quirks, `{error, error_description}` bodies, 400 `Invalid parameter`,
 * 404 `Invalid skillId`.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { describeApiErrors, strictCxoneApi, type CxoneApiSchemaName } from '../../controller/adapters/cxone/cxone-api-schemas.js';
import { takeScripted } from '../scripted-faults.js';
import type { CxoneEmulatorContext } from './cxone-emulator-context.js';
import { sendCxoneError } from './cxone-errors.js';
import { cpaManagementOf, generalSettingsOf, listingOf, retrySettingsOf, summaryOf } from './skill-views.js';
import type { EmulatedSkill, GroupName } from './skill-store.js';

export const API_BASE = '/inContactAPI/services/:version';

type SkillParams = { Params: { version: string; skillId: string } };
type PageQuery = { Params: { version: string }; Querystring: { skip?: string; top?: string; isActive?: string } };

const GROUP_ROUTES: ReadonlyArray<{ segment: string; group: GroupName; put: CxoneApiSchemaName; view: (skill: EmulatedSkill) => Record<string, unknown> }> = [
  { segment: 'general-settings', group: 'generalSettings', put: 'generalSettingsPut', view: generalSettingsOf },
  { segment: 'cpa-management', group: 'cpaSettings', put: 'cpaManagementPut', view: cpaManagementOf },
  { segment: 'retry-settings', group: 'retrySettings', put: 'retrySettingsPut', view: retrySettingsOf },
];

function wholeNumber(text: string | undefined, fallback: number): number | undefined {
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  return Number.isInteger(value) && value >= 0 ? value : undefined;
}

function findSkill(ctx: CxoneEmulatorContext, text: string, reply: FastifyReply): EmulatedSkill | FastifyReply {
  const skillId = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(skillId)) return sendCxoneError(reply, 400, 'Invalid parameter', `Invalid parameter: skillId "${text}" is not an integer`);
  return ctx.store.get(skillId) ?? sendCxoneError(reply, 404, 'NotFound', 'Invalid skillId');
}

function isSkill(value: EmulatedSkill | FastifyReply): value is EmulatedSkill {
  return typeof (value as EmulatedSkill).skillId === 'number';
}

/**
 * After an accepted PUT: a queued supervisor edit, or (the race fault) a supervisor who puts one
 * field the PUT changed back as it was, lands on the same group.
 */
function afterPut(ctx: CxoneEmulatorContext, skill: EmulatedSkill, group: GroupName, before: Record<string, unknown>): void {
  const queued = ctx.editsAfterNextPut.get(skill.skillId);
  if (queued !== undefined) {
    ctx.editsAfterNextPut.delete(skill.skillId);
    ctx.store.patch(skill.skillId, queued);
    return;
  }
  if (ctx.faults.raceRate > 0 && ctx.random() < ctx.faults.raceRate) {
    const fields = skill.groups[group];
    const changed = Object.keys(fields).filter((key) => JSON.stringify(fields[key]) !== JSON.stringify(before[key]));
    const key = changed[Math.floor(ctx.random() * changed.length)];
    if (key !== undefined) ctx.store.patch(skill.skillId, { [group]: { [key]: before[key] } });
  }
}

export function registerCxoneApiRoutes(app: FastifyInstance, ctx: CxoneEmulatorContext): void {
  app.get<PageQuery>(`${API_BASE}/skills`, async (request, reply) => {
    const skip = wholeNumber(request.query.skip, 0);
    const top = wholeNumber(request.query.top, 100);
    if (skip === undefined || top === undefined || top < 1 || top > 10_000) {
      return sendCxoneError(reply, 400, 'Invalid parameter', 'Invalid parameter: skip must be a whole number and top one from 1 to 10000');
    }
    let skills = ctx.store.all();
    if (request.query.isActive !== undefined) skills = skills.filter((skill) => String(skill.isActive) === request.query.isActive);
    return { businessUnitId: 4_600_001, lastPollTime: new Date(ctx.now()).toISOString(), totalRecords: skills.length, skills: skills.slice(skip, skip + top).map(summaryOf) };
  });

  app.get(`${API_BASE}/skills/parameters`, async () => ({
    skills: ctx.store.all().filter((skill) => skill.isOutbound).map(listingOf),
  }));

  app.get<SkillParams>(`${API_BASE}/skills/:skillId`, async (request, reply) => {
    const skill = findSkill(ctx, request.params.skillId, reply);
    return isSkill(skill) ? summaryOf(skill) : skill;
  });

  app.get<SkillParams>(`${API_BASE}/skills/:skillId/parameters`, async (request, reply) => {
    const skill = findSkill(ctx, request.params.skillId, reply);
    return isSkill(skill) ? listingOf(skill) : skill;
  });

  for (const route of GROUP_ROUTES) {
    const path = `${API_BASE}/skills/:skillId/parameters/${route.segment}`;
    app.get<SkillParams>(path, async (request, reply) => {
      const skill = findSkill(ctx, request.params.skillId, reply);
      return isSkill(skill) ? route.view(skill) : skill;
    });
    app.put<SkillParams>(path, async (request, reply) => {
      const skill = findSkill(ctx, request.params.skillId, reply);
      if (!isSkill(skill)) return skill;
      const validate = strictCxoneApi()[route.put];
      if (!validate(request.body)) return sendCxoneError(reply, 400, 'Invalid parameter', `Invalid parameter: ${describeApiErrors(validate).join('; ')}`);
      if (!skill.isOutbound) return sendCxoneError(reply, 400, 'Invalid parameter', `Invalid parameter: skill ${skill.skillId} is not an outbound skill`);
      const fields = (request.body as Record<string, Record<string, unknown>>)[route.group]!;
      const before = { ...skill.groups[route.group] };
      ctx.store.putGroup(skill.skillId, route.group, fields);
      afterPut(ctx, skill, route.group, before);
      if (takeScripted(ctx.scripted, 'PUT', request.url, ['apply-then-drop']) ?? (ctx.faults.applyThenDropRate > 0 && ctx.random() < ctx.faults.applyThenDropRate)) {
        // Applied, then the connection is reset: the client never learns that its PUT happened.
        ctx.requests.add({ time: new Date(ctx.now()).toISOString(), method: 'PUT', path: request.url.split('?')[0]!, status: 0, durationMs: 0 });
        request.raw.socket.destroy();
        return reply.hijack();
      }
      return reply.code(200).send();
    });
  }
}
