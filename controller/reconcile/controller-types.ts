/** The controller shell's interfaces (docs/architecture.md, "The controller shell"). */
import type { AlertDispatcher } from '../adapters/alerts/alert-dispatcher.js';
import type { CxoneClient } from '../adapters/cxone/cxone-client.js';
import type { LoadedDesiredState } from '../adapters/fs/load-desired-state.js';
import type { ReadDesiredStateOptions } from '../adapters/fs/read-desired-state.js';
import type { GitSource } from '../adapters/git/git-source-types.js';
import type { Logger } from '../adapters/logging/logger.js';
import type { CampaignState } from '../domain/campaign-state.js';
import type { Diagnostic } from '../domain/diagnostic.js';
import type { Incident } from '../domain/incidents.js';
import type { SyncWindow } from '../domain/controller-policy.js';
import type { SweepSchedule } from '../scheduler/sweep-schedule.js';
import type { WorkQueueStats } from '../scheduler/work-queue.js';
import type { SimulationPool } from '../simulation/index.js';
import type { ActionTicket } from './action-desk.js';
import type { IntentLog } from './apply-intents.js';
import type { ActionRequest } from './manual-actions.js';
import type { StatusPageAnswer, StatusPageQuery } from './status-page.js';
import type { AuditRecord } from './reconcile-campaign.js';
import type { GroupAuditSink } from './reconcile-types.js';
import type { ApiHealth, ReconcileTarget, ShellReconcileDeps } from './reconcile-target.js';

/** What the controller needs of the audit trail (adapters/git/audit-trail). */
export interface ControllerAudit {
  record(...args: Parameters<GroupAuditSink['record']>): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Undefined until the journal is read. */
  pending(): number | undefined;
  readStatuses(): Promise<Map<string, unknown>>;
  readRecords(options?: { campaign?: string; limit?: number }): Promise<AuditRecord[]>;
}

export interface ControllerOptions {
  /** What is reconciled and over which API (reconcile-target.ts). Default: the tutorial's campaigns over `cxone`. */
  target?: ReconcileTarget;
  /** The tutorial API client, when no `target` is given. */
  cxone?: CxoneClient;
  source: GitSource;
  audit: ControllerAudit;
  pool: SimulationPool;
  log: Logger;
  actor: string;
  /** Creates the sweep schedule with the controller's tick (scheduler/sweep-schedule.ts in production). */
  createSweep?: (onTick: () => void | Promise<void>) => SweepSchedule;
  /** ML_WEBHOOK_URL: registered once as a CXone webhook and sent an event per apply. */
  mlWebhookUrl?: string;
  /** Campaigns reconciled at once. Default 4. */
  concurrency?: number;
  verification?: ShellReconcileDeps['verification'];
  now?: () => Date;
  /** Told after each reconcile (metrics). */
  onReconciled?: (state: CampaignState, seconds: number) => void;
  /** Write-ahead intents of PUTs; pending ones are resolved at start. */
  intents?: IntentLog;
  /** Where alert messages go (drift incidents, failures, rollbacks, pauses, invalid files, circuit, git source). */
  alerts?: AlertDispatcher;
  /**
   * Asked before each reconcile that may write to CXone or the audit branch: "may I write now?".
   * Leader election and fencing answer it (docs/architecture.md, "One writer"). Default: always yes.
   */
  mayWrite?: () => boolean;
  /** How often campaigns refused by the write fence ask it again (write-right-wait.ts). Default 1000 ms. */
  writeRightPollMs?: number;
  /**
   * Reads and validates a checked-out revision. Default `loadDesiredState` on this thread; the
   * process uses `loadDesiredStateInWorker` so /healthz answers while thousands of files are parsed.
   */
  loadDesiredState?: (dir: string, options: ReadDesiredStateOptions) => Promise<LoadedDesiredState>;
}

export interface DeletedCampaign {
  name: string;
  campaignId: string;
  path: string;
  deletedAt: string;
  revision: string;
}

/** The desired-state source's health: fetch failures are shown, alerted and make /readyz fail. */
export interface SourceHealth {
  ok: boolean;
  /** Consecutive failed fetches. */
  failures: number;
  /** When the current run of failures began. */
  failingSince?: string;
  /** The last failure, classified (its message says what to do). */
  error?: string;
  errorClass?: string;
  /** The last successful fetch. */
  lastFetchAt?: string;
  /** While fetches fail: when the next poll fetches again (polls back off, bounded, while the remote keeps failing). */
  nextFetchAt?: string;
  /** True while the next poll waits longer than the poll interval (GITOPS_POLL_SECONDS) because fetches failed. */
  backingOff?: boolean;
}

/** `auditPendingReason` while the audit journal is not read yet (`auditPending` is then null, not 0). */
export const AUDIT_PENDING_NOT_READ = 'the audit journal is not read yet (the controller is starting): how many records wait to be pushed is known once it is';

/** The journal's count, or null with the reason while it is not read yet (never a 0 it does not know). */
export function auditPendingOf(pending: number | undefined): Pick<ControllerStatus, 'auditPending' | 'auditPendingReason'> {
  return pending === undefined ? { auditPending: null, auditPendingReason: AUDIT_PENDING_NOT_READ } : { auditPending: pending };
}

export interface ControllerStatus {
  ready: boolean;
  /** Every open incident: the controller's own (invalid files, the CXone circuit, the git source; campaign `*`), then each campaign's. */
  incidents: Incident[];
  revision?: string;
  commit?: { subject: string; author: string; committedAt: string };
  campaigns: CampaignState[];
  deleted: DeletedCampaign[];
  invalidFiles: Diagnostic[];
  /** The policy's sync windows (the campaign page's window in force); undefined while the policy file is invalid. */
  syncWindows?: SyncWindow[];
  policyValid: boolean;
  queue: WorkQueueStats;
  /** Audit records journaled and not yet pushed; null until the journal is read at start-up (`auditPendingReason` says so). */
  auditPending: number | null;
  /** Why `auditPending` is null (`AUDIT_PENDING_NOT_READ`). */
  auditPendingReason?: string;
  /** When a sweep last read the live campaigns from CXone (metrics: no successful sweep for N minutes). */
  lastSuccessfulSweepAt?: string;
  cxone: ApiHealth;
  source: SourceHealth;
  /** Under leader election: this replica's role and who leads (adapters/election). */
  leadership?: { role: 'leader' | 'standby'; holder: string; leader?: string; leaseRemainingSeconds?: number };
}

export interface Readiness {
  ready: boolean;
  /** Why not, for /readyz. */
  reason?: string;
}

export interface Controller {
  start(): Promise<void>;
  stop(): Promise<void>;
  ready(): boolean;
  readiness(): Readiness;
  status(): ControllerStatus;
  /**
   * One page of `GET /api/status`: the same answer as `statusPageOf(status(), query)`, built from
   * the page's states only (docs/architecture.md, "The status API at scale"). Without it the
   * status server cuts the page from `status()`.
   */
  statusPage?(query: StatusPageQuery): StatusPageAnswer;
  campaign(name: string): CampaignState | undefined;
  /** Fetch now (the signed push webhook). */
  notifyPush(): void;
  /**
   * A person's manual action on a campaign (README, "Manual actions"): checked now (an
   * ActionRefusedError says why not), taken by the campaign's next reconcile.
   */
  act(name: string, request: ActionRequest): ActionTicket;
  /** The campaign's audit records (oldest first), for its history and weights over time. */
  history(name: string, limit?: number): Promise<AuditRecord[]>;
}
