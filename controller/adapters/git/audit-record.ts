/**
 * What the audit trail stores: one JSON record per apply, rollback, block, drift incident or
 * failure, optionally with the campaign's status document; and where each goes on the audit branch.
 */

import type { AuditRecord, AuditStatus } from '../../domain/audit-record.js';

export type { AuditRecord, AuditStatus };

/** One line of the journal: a record and the status document that goes with it. */
export interface AuditEntry {
  record: AuditRecord;
  status?: AuditStatus;
}

const STATUS_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,252}$/;

/**
 * Validates an entry and returns it as plain JSON (undefined values dropped). Throws a TypeError
 * naming the problem: a record the trail cannot store is a programming error, not a git failure.
 */
export function normaliseAuditEntry(record: AuditRecord, status?: AuditStatus): AuditEntry {
  const problems: string[] = [];
  for (const field of ['id', 'time', 'campaign', 'campaignId', 'outcome'] as const) {
    if (typeof record[field] !== 'string' || record[field].trim() === '') problems.push(`${field} must be a non-empty string`);
  }
  if (typeof record.time === 'string' && Number.isNaN(Date.parse(record.time))) problems.push(`time "${record.time}" is not an ISO 8601 date`);
  if (status && (!STATUS_NAME.test(status.name) || status.name.includes('..'))) problems.push(`status name "${status.name}" is not a file name (letters, digits, . _ -)`);
  if (problems.length > 0) throw new TypeError(`audit record ${String(record.id)} for ${String(record.campaign)} cannot be stored: ${problems.join('; ')}`);
  let json: string;
  try {
    json = JSON.stringify(status ? { record, status } : { record });
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
  if (status !== undefined) {
    const name = (status as { name?: unknown } | null)?.name;
    if (typeof name !== 'string' || !STATUS_NAME.test(name) || name.includes('..')) return `status.name ${JSON.stringify(name)} is not a file name (letters, digits, . _ -)`;
  }
  return undefined;
}
