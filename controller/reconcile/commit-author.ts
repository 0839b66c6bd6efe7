/**
 * Every audit record names the author of the desired-state commit it was for (README, "The audit
 * branch"): the shell's audit sink adds `commitAuthor` to a record whose `desiredRevision` is the
 * generation's commit, so the campaign page's records say whose commit each apply carried out.
 */
import type { AuditRecord } from '../domain/audit-record.js';
import type { GroupAuditSink } from './reconcile-types.js';

export interface CommitIdentity {
  revision: string;
  /** `Name <email>`, as git names the author. */
  author: string;
}

/** `sink`, adding the commit author to each record of the current commit that does not name one. */
export function withCommitAuthor(sink: GroupAuditSink, commit: () => CommitIdentity | undefined): GroupAuditSink {
  return {
    record(record, status) {
      const current = commit();
      const stamped: AuditRecord =
        current && record.desiredRevision === current.revision && record.commitAuthor === undefined ? { ...record, commitAuthor: current.author } : record;
      return sink.record(stamped, status);
    },
  };
}
