/**
 * Reads what really happened on a skill from CXone's reporting API (README, "Live outcome
 * analysis"): `GET /skills/{id}/summary?startDate=&endDate=` → dials, connects, abandonCount.
 */
import type { SkillCounts } from './analysis-state.js';

/** A GET on the API base (`{api_endpoint}/inContactAPI/services/vNN.0`) through the one CXone gateway. */
export type CxoneGet = (path: string, query: Record<string, string>, signal?: AbortSignal) => Promise<unknown>;

export interface SkillOutcomeReader {
  /** The skill's counts over [start, end]. */
  counts(skillId: number, start: Date, end: Date, signal?: AbortSignal): Promise<SkillCounts>;
}

/** Thrown when a summary answer does not have the shape the reference gives it. */
export class SkillSummaryShapeError extends Error {
  override readonly name = 'SkillSummaryShapeError';
}

const isCount = (value: unknown): value is number => typeof value === 'number' && Number.isInteger(value) && value >= 0;

/** The counts of one `skillSummaries` answer; throws SkillSummaryShapeError naming what is wrong. */
export function countsFromSummary(body: unknown, skillId: number): SkillCounts {
  const list = (body as { skillSummaries?: unknown } | null)?.skillSummaries;
  if (!Array.isArray(list)) throw new SkillSummaryShapeError(`GET /skills/${skillId}/summary answered without a skillSummaries array`);
  const item = (list as Array<Record<string, unknown>>).find((entry) => entry?.skillId === skillId) ?? (list.length === 1 ? (list[0] as Record<string, unknown>) : undefined);
  if (item === undefined) return { dials: 0, connects: 0, abandons: 0 };
  const { dials, connects, abandonCount } = item;
  if (!isCount(dials) || !isCount(connects) || !isCount(abandonCount)) {
    throw new SkillSummaryShapeError(`GET /skills/${skillId}/summary: dials, connects and abandonCount must be whole numbers >= 0`);
  }
  return { dials, connects, abandons: abandonCount };
}

export function createSummaryOutcomeReader(get: CxoneGet): SkillOutcomeReader {
  return {
    async counts(skillId, start, end, signal) {
      const body = await get(`/skills/${skillId}/summary`, { startDate: start.toISOString(), endDate: end.toISOString() }, signal);
      return countsFromSummary(body, skillId);
    },
  };
}
