/**
 * The message of an audit commit. A commit holding one record: a subject (`applied spring-renewals
 * (v4 → v5)`), the record's reason as the body, and the trailers `Campaign-Id`, `Desired-Revision`
 * and `Outcome` that `git interpret-trailers --parse` and `git log --format=%(trailers)` read back.
 * A commit holding a push's many records (docs/architecture.md, "Audit commits"): a subject counting
 * them by outcome, one line per record (its subject) in record order, and the three trailers of
 * each record, in the same order, as the last paragraph.
 */
import type { AuditRecord } from './audit-record.js';

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function hasValue(value: unknown): value is number | string {
  return (typeof value === 'number' && Number.isFinite(value)) || (typeof value === 'string' && value.trim() !== '');
}

export function auditCommitSubject(record: AuditRecord): string {
  const versions = hasValue(record.fromVersion) && hasValue(record.toVersion) ? ` (v${oneLine(String(record.fromVersion))} → v${oneLine(String(record.toVersion))})` : '';
  return `${oneLine(record.outcome)} ${oneLine(record.campaign)}${versions}`;
}

function trailersOf(record: AuditRecord): string[] {
  return [
    `Campaign-Id: ${oneLine(record.campaignId)}`,
    `Desired-Revision: ${hasValue(record.desiredRevision) ? oneLine(record.desiredRevision) : 'none'}`,
    `Outcome: ${oneLine(record.outcome)}`,
  ];
}

/** `12 audit records: adopted 10, applied 2` (outcomes in the order they first appear). */
export function batchCommitSubject(records: readonly AuditRecord[]): string {
  const counts = new Map<string, number>();
  for (const record of records) counts.set(oneLine(record.outcome), (counts.get(oneLine(record.outcome)) ?? 0) + 1);
  return `${records.length} audit records: ${[...counts].map(([outcome, count]) => `${outcome} ${count}`).join(', ')}`;
}

/** The message of the commit holding `records` (at least one), in their order. */
export function formatAuditCommitMessage(records: AuditRecord | readonly AuditRecord[]): string {
  const all: readonly AuditRecord[] = Array.isArray(records) ? records : [records as AuditRecord];
  if (all.length === 0) throw new TypeError('an audit commit needs at least one record');
  if (all.length === 1) {
    const record = all[0]!;
    const paragraphs = [auditCommitSubject(record)];
    // The trailers are the last paragraph, so nothing in the reason can pass for them.
    if (typeof record.reason === 'string' && record.reason.trim() !== '') paragraphs.push(record.reason.trim());
    paragraphs.push(trailersOf(record).join('\n'));
    return `${paragraphs.join('\n\n')}\n`;
  }
  // Each record's reason stays in its day-file line; the body names each record, one line each.
  const body = all.map((record) => `- ${auditCommitSubject(record)}`).join('\n');
  return `${[batchCommitSubject(all), body, all.flatMap(trailersOf).join('\n')].join('\n\n')}\n`;
}
