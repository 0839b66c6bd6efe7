/**
 * What calibration reads (README, "Calibrate"): the skill's 15-minute dialer-contacts intervals
 * (`GET /wfm-data/skills/dialer-contacts?mediaTypeId=4`) and its summary
 * (`GET /skills/{id}/summary`) over [since, now].
 */
import type { DialerContactsInterval, SkillSummaryFields } from './fit-operating-profile.js';

export type ReportGet = (path: string, query: Record<string, string>) => Promise<unknown>;

export interface SkillHistory {
  intervals: DialerContactsInterval[];
  summary: SkillSummaryFields;
}

/** Thrown when a reporting answer does not have the documented shape. */
export class ReportShapeError extends Error {
  override readonly name = 'ReportShapeError';
}

const count = (value: unknown): number => (typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : 0);

export async function readSkillHistory(get: ReportGet, skillId: number, since: Date, now: Date): Promise<SkillHistory> {
  const period = { startDate: since.toISOString(), endDate: now.toISOString() };
  const contacts = (await get('/wfm-data/skills/dialer-contacts', { ...period, mediaTypeId: '4' })) as { wfM_OB_StatsV9?: unknown };
  if (!Array.isArray(contacts?.wfM_OB_StatsV9)) throw new ReportShapeError('GET /wfm-data/skills/dialer-contacts answered without a wfM_OB_StatsV9 array');
  const intervals = (contacts.wfM_OB_StatsV9 as Array<Record<string, unknown>>)
    .filter((row) => row?.skillId === skillId)
    .map((row) => ({ dials: count(row.dials), connects: count(row.connects), abandons: count(row.abandons) }));
  const summaryBody = (await get(`/skills/${skillId}/summary`, period)) as { skillSummaries?: unknown };
  if (!Array.isArray(summaryBody?.skillSummaries)) throw new ReportShapeError(`GET /skills/${skillId}/summary answered without a skillSummaries array`);
  const item = ((summaryBody.skillSummaries as Array<Record<string, unknown>>).find((entry) => entry?.skillId === skillId) ?? {}) as Record<string, unknown>;
  const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
  const summary: SkillSummaryFields = {
    contactsHandled: count(item.contactsHandled),
    averageTalkTime: text(item.averageTalkTime),
    averageWrapTime: text(item.averageWrapTime),
    agentsLoggedIn: typeof item.agentsLoggedIn === 'number' ? item.agentsLoggedIn : undefined,
  };
  return { intervals, summary };
}
