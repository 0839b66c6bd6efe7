/** What one reconcile of one object takes and returns (docs/architecture.md, "The phases"). */
import type { CxoneClient } from '../adapters/cxone/cxone-client.js';
import type { Logger } from '../adapters/logging/logger.js';
import type { AuditRecord, AuditStatus } from '../domain/audit-record.js';
import type { CampaignSpec } from '../domain/campaign-spec.js';
import type { SyncWindow } from '../domain/controller-policy.js';
import type { CampaignUpdate, LiveCampaign } from '../domain/live-campaign.js';
import type { SimulationPool } from '../simulation/index.js';
import type { Weights } from '../simulation/types.js';
import type { IntentLog } from './apply-intents.js';
import type { Dialect, VerificationKind } from './dialect.js';
import type { ReconcileResource, ResourceTypes, StateOf } from './resource-model.js';
import type { CampaignTypes } from './tutorial-model.js';
import type { VerifyOptions } from './verify-apply.js';
import type { READ_AFRESH } from './observe-phase.js';

/** Where records go: the journal first (durable when this resolves), then the audit branch. */
export interface AuditSink {
  record(record: AuditRecord, status?: AuditStatus): Promise<void>;
}

/** The shell's sink: a grouped record (one naming many campaigns) carries each one's status document, in order. */
export interface GroupAuditSink {
  record(record: AuditRecord, status?: AuditStatus | readonly AuditStatus[]): Promise<void>;
}

/** What each apply sends to the ML monitoring URL (after verification, with its accuracy). */
export interface AppliedEvent {
  campaign: string;
  campaignId: string;
  desiredRevision: string;
  version: number;
  weights: Weights;
  verification: 'pass' | 'fail' | 'inconclusive';
  predictionAccuracyRate?: number;
  configurationLatencyMs: number;
}

/** What a reconcile of any dialect's objects needs. */
export interface ResourceReconcileDeps<T extends ResourceTypes> {
  /** The dialect: its API calls, its pure model and its verification kinds. */
  resource: ReconcileResource<T>;
  pool: SimulationPool;
  audit: AuditSink;
  /** How CXone names this controller in `modifiedBy`. */
  actor: string;
  now: () => Date;
  /** Ids of audit records. Default `crypto.randomUUID` (injected from the composition root when given). */
  newId?: () => string;
  /** Cancels waits (verification polls) when the process stops. Default none. */
  signal?: AbortSignal;
  log: Logger;
  /** Re-observe and re-plan after a conflict at most this many times. Default 3. */
  maxConflictRetries?: number;
  /** Write-ahead intents of writes (apply-intents.ts), so no accepted write loses its record. */
  intents?: IntentLog;
  onApplied?: (event: AppliedEvent) => void;
}

/** The tutorial's campaigns: the dialect and the remote simulation are built on `cxone` unless given. */
export interface ReconcileDeps extends Omit<ResourceReconcileDeps<CampaignTypes>, 'resource'> {
  cxone: CxoneClient;
  /** The API dialect. Default: the tutorial dialect over `cxone`. */
  dialect?: Dialect<CampaignSpec, LiveCampaign, CampaignUpdate>;
  /** Verification kinds by name. Default: the remote simulation over `cxone` with `verification`. */
  verifiers?: ReadonlyMap<string, VerificationKind<CampaignSpec, LiveCampaign>>;
  verification: Omit<VerifyOptions, 'now'>;
}

export interface ResourceReconcileInput<T extends ResourceTypes> {
  /** The desired object (a campaign, a skill). */
  campaign: T['desired'];
  revision: string;
  windows: readonly SyncWindow[];
  previous: StateOf<T>;
  /**
   * The object as a sweep's list just read it (`null`: the list has no such object), so a sweep
   * costs the list pages, not one GET per object. Without it the last observation is used: the
   * write is conditional on its version, so a stale one costs a conflict, never a wrong write.
   * `READ_AFRESH`: the list held the object but not valid, so it is read afresh.
   */
  observed?: T['live'] | null | typeof READ_AFRESH;
  /** Aborted when the controller stops: phases that wait (verification polls) end at once. Default `deps.signal`. */
  signal?: AbortSignal;
  /**
   * Told the status each time one of this reconcile's records is journaled with it, so the shell
   * shows it at once — an accepted apply is `Verifying` from its record on, not the state the
   * reconcile started from until the verdict (I2, I6 in docs/architecture.md). Default none.
   */
  onRecorded?: (state: StateOf<T>) => void;
}

export type ReconcileInput = ResourceReconcileInput<CampaignTypes>;

export interface ResourceReconcileOutcome<T extends ResourceTypes> {
  state: StateOf<T>;
  /** Run again after this long (a closed sync window, an analysis still watching). */
  requeueAfterMs?: number;
  /** The error that ended the reconcile, classified, for the work queue's backoff. */
  error?: unknown;
}

export type ReconcileOutcome = ResourceReconcileOutcome<CampaignTypes>;
