/**
 * What the audit trail stores: one JSON record per apply, rollback, block, drift incident or
 * failure, optionally with the campaign's status document; and where each goes on the audit branch.
 */

import type { AuditRecord, AuditStatus } from '../../domain/audit-record.js';

export type { AuditRecord, AuditStatus };

/** One line of the journal: a record and the status document(s) that go with it (`statuses` for a grouped record, in order). */
export interface AuditEntry {
  record: AuditRecord;
  status?: AuditStatus;
  statuses?: AuditStatus[];
}

/** The status documents of an entry, in the order they are written. */
export function entryStatuses(entry: AuditEntry): AuditStatus[] {
  return [...(entry.status ? [entry.status] : []), ...(entry.statuses ?? [])];
}

/** One campaign of a grouped record (`campaigns`): e.g. each campaign a commit made invalid. */
export interface GroupedMember {
  name: string;
  campaignId: string;
  reason?: string;
  [more: string]: unknown;
}

function membersOf(record: AuditRecord): GroupedMember[] {
  return Array.isArray(record.campaigns) ? (record.campaigns as unknown[]).filter((member): member is GroupedMember => typeof (member as GroupedMember | null)?.name === 'string') : [];
}

/**
 * The record as one campaign's history shows it, or undefined when it is not about that campaign:
 * the record itself, or — for a grouped record naming the campaign among its `campaigns` — that
 * campaign's part of it (same id, its own campaign id and reason, and `group` = how many it names).
 */
export function recordForCampaign(record: AuditRecord, campaign: string): AuditRecord | undefined {
  if (record.campaign === campaign) return record;
  const members = membersOf(record);
  const member = members.find((candidate) => candidate.name === campaign);
  if (!member) return undefined;
  const { campaigns: _all, ...rest } = record;
  return { ...rest, ...member, campaign: member.name, campaignId: member.campaignId, group: members.length };
}

const STATUS_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,252}$/;

/**
 * Validates an entry and returns it as plain JSON (undefined values dropped). Throws a TypeError
 * naming the problem: a record the trail cannot store is a programming error, not a git failure.
 */
export function normaliseAuditEntry(record: AuditRecord, status?: AuditStatus | readonly AuditStatus[]): AuditEntry {
  const problems: string[] = [];
  for (const field of ['id', 'time', 'campaign', 'campaignId', 'outcome'] as const) {
    if (typeof record[field] !== 'string' || record[field].trim() === '') problems.push(`${field} must be a non-empty string`);
  }
  if (typeof record.time === 'string' && Number.isNaN(Date.parse(record.time))) problems.push(`time "${record.time}" is not an ISO 8601 date`);
  const statuses = status === undefined ? [] : Array.isArray(status) ? (status as readonly AuditStatus[]) : [status as AuditStatus];
  for (const one of statuses) if (!STATUS_NAME.test(one.name) || one.name.includes('..')) problems.push(`status name "${one.name}" is not a file name (letters, digits, . _ -)`);
  if (problems.length > 0) throw new TypeError(`audit record ${String(record.id)} for ${String(record.campaign)} cannot be stored: ${problems.join('; ')}`);
  let json: string;
  try {
    json = JSON.stringify(statuses.length === 0 ? { record } : statuses.length === 1 ? { record, status: statuses[0] } : { record, statuses });
  } catch (error) {
    throw new TypeError(`audit record ${record.id} for ${record.campaign} is not JSON-serialisable (${error instanceof Error ? error.message : String(error)})`, { cause: error });
  }
  return JSON.parse(json) as AuditEntry;
}

/** `audit/YYYY/MM/DD.jsonl` for the UTC day of `time`. */
export function auditDayPath(time: string): string {
  const day = new Date(time).toISOString();
  return `audit/${day.slice(0, 4)}/${day.slice(5, 7)}/${day.slice(8, 10)}.jsonl`;
}

/** `status/<name>.json`. */
export function statusPath(name: string): string {
  return `status/${name}.json`;
}

/**
 * What is wrong with a parsed journal line as an entry (extra fields are tolerated), or undefined:
 * a record without its strings, a `time` that is not a date, a status name that is not a file name
 * (`../../x` would write outside the audit worktree).
 */
export function auditEntryProblem(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'not a JSON object with a record';
  const { record, status } = value as { record?: unknown; status?: unknown };
  if (typeof record !== 'object' || record === null) return 'no record';
  const fields = record as Record<string, unknown>;
  for (const field of ['id', 'time', 'campaign', 'campaignId', 'outcome']) {
    if (typeof fields[field] !== 'string' || (fields[field] as string).trim() === '') return `record.${field} must be a non-empty string`;
  }
  if (Number.isNaN(Date.parse(fields.time as string))) return `record.time ${JSON.stringify(fields.time)} is not an ISO 8601 date`;
  const { statuses } = value as { statuses?: unknown };
  if (statuses !== undefined && !Array.isArray(statuses)) return 'statuses must be a list';
  for (const [where, one] of [...(status === undefined ? [] : [['status', status] as const]), ...((statuses as unknown[] | undefined) ?? []).map((item, i) => [`statuses[${i}]`, item] as const)]) {
    const name = (one as { name?: unknown } | null)?.name;
    if (typeof name !== 'string' || !STATUS_NAME.test(name) || name.includes('..')) return `${where}.name ${JSON.stringify(name)} is not a file name (letters, digits, . _ -)`;
  }
  return undefined;
}
