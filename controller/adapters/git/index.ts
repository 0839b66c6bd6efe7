/**
 * The git adapters: the desired-state source, the audit trail, and the typed git errors.
 */
export { createGitSource } from './git-source.js';
export type { DesiredStateSnapshot, GitSource, GitSourceOptions } from './git-source-types.js';
export { createAuditTrail } from './audit-trail.js';
export type { AuditTrail, AuditTrailOptions } from './audit-trail-types.js';
export type { AuditRecord, AuditStatus } from './audit-record.js';
export {
  GitAuthError,
  GitCommandError,
  GitNotFoundError,
  GitPushRejectedError,
  GitTransientError,
  isGitAuthError,
  isGitCommandError,
  isGitNotFoundError,
  isGitPushRejectedError,
  isGitTransientError,
  type GitErrorContext,
  type GitMissingThing,
} from './git-errors.js';
export { createGitRunner, type GitRunner, type GitRunnerOptions } from './git-runner.js';
export { redactUrl } from './redact-url.js';
