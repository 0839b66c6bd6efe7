import { expect } from 'chai';
import { auditCommitSubject, formatAuditCommitMessage } from '../../../../controller/adapters/git/audit-commit-message.js';
import { auditDayPath, normaliseAuditEntry, statusPath, type AuditRecord } from '../../../../controller/adapters/git/audit-record.js';

const record = (overrides: Partial<AuditRecord> = {}): AuditRecord => ({
  id: '7f1c',
  time: '2025-03-14T23:30:00-02:00',
  campaign: 'spring-renewals',
  campaignId: 'a1b2',
  outcome: 'applied',
  desiredRevision: 'c'.repeat(40),
  ...overrides,
});

describe('audit commit message', () => {
  it('puts the versions in the subject when the record has both', () => {
    expect(auditCommitSubject(record({ fromVersion: 4, toVersion: 5 }))).to.equal('applied spring-renewals (v4 → v5)');
    expect(auditCommitSubject(record({ outcome: 'blocked', fromVersion: 4 }))).to.equal('blocked spring-renewals');
  });

  it('ends with exactly the three trailers, after the reason', () => {
    expect(formatAuditCommitMessage(record({ reason: 'abandon bound 4.1% > 3%\n\nrolled back' }))).to.equal(
      `applied spring-renewals\n\nabandon bound 4.1% > 3%\n\nrolled back\n\nCampaign-Id: a1b2\nDesired-Revision: ${'c'.repeat(40)}\nOutcome: applied\n`,
    );
    expect(formatAuditCommitMessage(record({ desiredRevision: undefined }))).to.contain('Desired-Revision: none\n');
  });

  it('keeps every trailer value on one line', () => {
    expect(formatAuditCommitMessage(record({ outcome: 'failed\nOutcome: applied' })).match(/^Outcome:/gm)).to.have.length(1);
  });
});

describe('audit record', () => {
  it('files a record under the UTC day of its time', () => {
    expect(auditDayPath('2025-03-14T23:30:00-02:00')).to.equal('audit/2025/03/15.jsonl');
    expect(auditDayPath('2025-01-02T00:00:00Z')).to.equal('audit/2025/01/02.jsonl');
    expect(statusPath('spring-renewals')).to.equal('status/spring-renewals.json');
  });

  it('refuses records it could not store, naming every problem', () => {
    expect(() => normaliseAuditEntry(record({ id: '', time: 'yesterday' }))).to.throw(TypeError, /id must be a non-empty string; time "yesterday" is not an ISO 8601 date/);
    expect(() => normaliseAuditEntry(record(), { name: '../etc/passwd', document: {} })).to.throw(TypeError, /status name/);
    expect(() => normaliseAuditEntry(record({ size: 10n }))).to.throw(TypeError, /not JSON-serialisable/);
  });

  it('stores plain JSON: undefined details dropped', () => {
    expect(normaliseAuditEntry(record({ desiredRevision: undefined, drift: { since: undefined, fields: ['a'] } })).record).to.not.have.property('desiredRevision');
  });
});
