/**
 * The message of an audit commit: a subject (`applied spring-renewals (v4 → v5)`), the record's
 * reason as the body, and the trailers `Campaign-Id`, `Desired-Revision` and `Outcome` that
 * `git interpret-trailers --parse` and `git log --format=%(trailers)` read back.
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

export function formatAuditCommitMessage(record: AuditRecord): string {
  const paragraphs = [auditCommitSubject(record)];
  // The trailers are the last paragraph, so nothing in the reason can pass for them.
  if (typeof record.reason === 'string' && record.reason.trim() !== '') paragraphs.push(record.reason.trim());
  paragraphs.push(
    [
      `Campaign-Id: ${oneLine(record.campaignId)}`,
      `Desired-Revision: ${hasValue(record.desiredRevision) ? oneLine(record.desiredRevision) : 'none'}`,
      `Outcome: ${oneLine(record.outcome)}`,
    ].join('\n'),
  );
  return `${paragraphs.join('\n\n')}\n`;
}
