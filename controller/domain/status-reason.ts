/**
 * Why a campaign has its status: a closed set, so tests, metrics and alerts match on the reason and
 * never on the message (docs/architecture.md, "Status reasons"). The message beside it says what
 * happened and what to do next.
 */
export const STATUS_REASONS = [
  /** Live matches Git (or matches what the API kept of Git's values, at its precision). */
  'InSync',
  /** Live already matched Git when the campaign was first taken on. */
  'Adopted',
  /** Git's settings were applied and verified. */
  'Applied',
  /** A change made outside Git was put back and verified. */
  'Healed',
  /** Git differs from live and is about to be applied. */
  'GitChanged',
  /** Live was changed outside Git. */
  'DriftDetected',
  /** sync.policy is observe: differences are reported, never written. */
  'ObserveOnly',
  /** sync.policy is suspend. */
  'SyncSuspended',
  /** The significance rule stops the change. */
  'InsignificantChange',
  /** A deny sync window (or no allow window) is open. */
  'WindowClosed',
  /** The local simulation predicts the abandon limit broken: never applied. */
  'GateFailed',
  /** An apply was accepted; its verification is running or was cut short and resumes. */
  'Verifying',
  /** Verification failed and the previous settings were put back. */
  'RolledBack',
  /** Verification failed and simulation.onFailure is alert: left applied. */
  'VerificationFailed',
  /** Verification failed and the rollback could not be written: the bad settings are live. */
  'RollbackFailed',
  /** Verification was inconclusive (error, timeout, failed simulation). */
  'VerificationInconclusive',
  /** The campaign changed under us more often than the re-plan budget allows. */
  'Conflict',
  /** CXone has no object with the file's id. */
  'NotFound',
  /** The file is invalid. */
  'InvalidFile',
  /** A write's answer was lost and the campaign could not be read to settle it: retried. */
  'WriteUnsettled',
  /** Any other failure of a step (API, journal); retried by the work queue when transient. */
  'ReconcileError',
  /** Not reconciled yet. */
  'Pending',
] as const;

export type StatusReason = (typeof STATUS_REASONS)[number];
