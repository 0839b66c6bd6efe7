/**
 * The reporting paths of the cxone emulator, fed by live traffic: `GET {base}/skills/{id}/summary`,
 * `GET {base}/skills/summary` and `GET {base}/wfm-data/skills/dialer-contacts`. Registered by the
 * cxone emulator server inside its authenticated API scope.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { LiveTraffic, TrafficSkill } from './live-traffic.js';
import { dialerContactsRow, PHONE_MEDIA_TYPE, skillSummary, type SummarySkill } from './reporting-answers.js';

export interface ReportingSkill extends TrafficSkill, SummarySkill {}

export interface ReportingRoutesOptions {
  /** The API base, e.g. `/inContactAPI/services/v34.0`. */
  base: string;
  traffic: LiveTraffic;
  /** Every skill of the store. */
  skills: () => Iterable<ReportingSkill>;
  /** Sends the dialect's error body `{ error, error_description }`. */
  sendError: (reply: FastifyReply, status: number, error: string, description: string) => FastifyReply;
}

type Query = Record<string, string | undefined>;

/** The period of a report: both dates required, ISO date-times, start before end. */
function period(query: Query): { start: number; end: number } | string {
  const start = query.startDate === undefined ? NaN : Date.parse(query.startDate);
  const end = query.endDate === undefined ? NaN : Date.parse(query.endDate);
  if (Number.isNaN(start)) return 'Invalid parameter: startDate must be an ISO 8601 date-time';
  if (Number.isNaN(end)) return 'Invalid parameter: endDate must be an ISO 8601 date-time';
  if (end <= start) return 'Invalid parameter: endDate must be after startDate';
  return { start, end };
}

function summaryOf(options: ReportingRoutesOptions, skill: ReportingSkill, start: number, end: number): Record<string, unknown> {
  const { traffic } = options;
  const totals = traffic.totals(skill.skillId, start, end);
  return skillSummary(skill, totals, { loggedIn: traffic.agentsLoggedIn(skill.skillId), free: traffic.freeAgents(skill.skillId) });
}

export function registerReportingRoutes(app: FastifyInstance, options: ReportingRoutesOptions): void {
  const { base, sendError } = options;

  app.get<{ Params: { skillId: string }; Querystring: Query }>(`${base}/skills/:skillId/summary`, async (request, reply) => {
    const id = Number(request.params.skillId);
    const skill = Number.isInteger(id) ? [...options.skills()].find((s) => s.skillId === id) : undefined;
    if (skill === undefined) return sendError(reply, 404, 'NotFound', 'Invalid skillId');
    const range = period(request.query);
    if (typeof range === 'string') return sendError(reply, 400, 'BadRequest', range);
    return reply.send({ skillSummaries: [summaryOf(options, skill, range.start, range.end)] });
  });

  app.get<{ Querystring: Query }>(`${base}/skills/summary`, async (request, reply) => {
    const range = period(request.query);
    if (typeof range === 'string') return sendError(reply, 400, 'BadRequest', range);
    const { mediaTypeId, isOutbound } = request.query;
    if (mediaTypeId !== undefined && !/^\d+$/.test(mediaTypeId)) return sendError(reply, 400, 'BadRequest', 'Invalid parameter: mediaTypeId must be an integer');
    if (isOutbound !== undefined && isOutbound !== 'true' && isOutbound !== 'false') return sendError(reply, 400, 'BadRequest', 'Invalid parameter: isOutbound must be true or false');
    const skills = [...options.skills()].filter(
      (s) => (mediaTypeId === undefined || Number(mediaTypeId) === PHONE_MEDIA_TYPE.mediaTypeId) && (isOutbound === undefined || String(s.isOutbound) === isOutbound),
    );
    return reply.send({ skillSummaries: skills.map((skill) => summaryOf(options, skill, range.start, range.end)) });
  });

  app.get<{ Querystring: Query }>(`${base}/wfm-data/skills/dialer-contacts`, async (request, reply) => {
    const range = period(request.query);
    if (typeof range === 'string') return sendError(reply, 400, 'BadRequest', range);
    const mediaTypeId = request.query.mediaTypeId;
    if (mediaTypeId === undefined || !['1', '3', '4', '5', '6', '7', '8'].includes(mediaTypeId)) {
      return sendError(reply, 400, 'BadRequest', 'Invalid parameter: mediaTypeId is required, one of 1, 3, 4, 5, 6, 7, 8');
    }
    if (Number(mediaTypeId) !== PHONE_MEDIA_TYPE.mediaTypeId) return reply.send({ wfM_OB_StatsV9: [] });
    const names = new Map([...options.skills()].map((s) => [s.skillId, s.skillName]));
    const rows = options.traffic.intervals(range.start, range.end, names).map(dialerContactsRow);
    return reply.send({ wfM_OB_StatsV9: rows });
  });
}
