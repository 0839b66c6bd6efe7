/**
 * An audit record (README, "The controller"): one JSON record per apply, rollback, pause, block, failure,
 * drift change, incident message, invalid file and deletion. The reconciler writes them; the audit
 * trail (adapters/git) journals them and commits them to the audit branch.
 */

export interface AuditRecord {
  /** Unique id (a uuid): the key that keeps a record from appearing twice on the branch. */
  id: string;
  /** When it happened, ISO 8601; its UTC day picks the file `audit/YYYY/MM/DD.jsonl`. */
  time: string;
  campaign: string;
  campaignId: string;
  /** e.g. applied, rolled-back, paused, blocked, failed, drift-detected, drift-healed, invalid, deleted. */
  outcome: string;
  /** The desired-state commit the action was for. */
  desiredRevision?: string;
  /** Why; becomes the body of the audit commit. */
  reason?: string;
  /** The live version before and after (an apply or rollback): shown in the commit subject as `(v4 → v5)`. */
  fromVersion?: number | string;
  toVersion?: number | string;
  /** More JSON-serialisable details. */
  [more: string]: unknown;
}

/** A status document written to `status/<name>.json` with a record. */
export interface AuditStatus {
  name: string;
  document: unknown;
}

