/**
 * The controller shell's state (docs/architecture.md, "The controller shell"): what `createController`
 * builds once and the shell's functions (reconcile-one, load, sweep) share. The desired state is
 * `generation`, replaced whole in one assignment by `loadGeneration`.
 */
import type { Logger } from '../adapters/logging/logger.js';
import { CampaignStates } from './campaign-states.js';
import type { IncidentCondition } from '../domain/incidents.js';
import type { SweepSchedule } from '../scheduler/sweep-schedule.js';
import type { WorkQueue } from '../scheduler/work-queue.js';
import { abortableSleep } from './abortable-sleep.js';
import { createActionDesk, type ActionDesk } from './action-desk.js';
import { withCommitAuthor } from './commit-author.js';
import { createIncidentKeeper, globalCondition, type IncidentKeeper } from './controller-incidents.js';
import type { ControllerOptions, DeletedCampaign } from './controller-types.js';
import type { DesiredGeneration } from './desired-generation.js';
import { sendMlEvent } from './ml-monitoring.js';
import type { GroupAuditSink } from './reconcile-types.js';
import { tutorialTarget, type ReconcileTarget, type ShellReconcileDeps } from './reconcile-target.js';
import { createSourceHealth, type SourceHealthTracker } from './source-health.js';
import { verificationOptions } from './verify-apply.js';
import type { WriteRightWait } from './write-right-wait.js';

/** What a sweep's list read of a campaign (null: not listed), carried by its work item. */
export type Observation = unknown;

export interface Shell {
  readonly options: ControllerOptions;
  /** The dialect's objects and API (reconcile-target.ts): the shell never asks which one it runs. */
  readonly target: ReconcileTarget;
  readonly now: () => Date;
  readonly mayWrite: () => boolean;
  readonly log: Logger;
  readonly states: CampaignStates;
  readonly deleted: DeletedCampaign[];
  readonly stopping: AbortController;
  readonly sourceHealth: SourceHealthTracker;
  /** The audit trail, each record carrying the commit's author. */
  readonly records: GroupAuditSink;
  readonly incidents: IncidentKeeper;
  readonly reconcileDeps: ShellReconcileDeps;
  /** Manual actions (README, "Manual actions"): taken by the campaign's next reconcile, recorded with the actor. */
  readonly actions: ActionDesk;
  /** Set once by `createController`, right after the shell. */
  queue: WorkQueue<string, Observation>;
  /** Campaigns the write fence refused, queued again once it allows writes (write-right-wait.ts). Set with `queue`. */
  writeWait: WriteRightWait;
  /** The desired state: replaced whole, in one assignment, by `loadGeneration`. */
  generation: DesiredGeneration | undefined;
  /** Invalid-file conditions change only when a generation is loaded: computed then, not per reconcile. */
  fileConditions: IncidentCondition[];
  isReady: boolean;
  syncing: Promise<void>;
  sweepSchedule: SweepSchedule | undefined;
  lastSuccessfulSweepAt: string | undefined;
  mlWebhookRegistered: boolean;
}

function missingClient(): never {
  throw new Error('createController needs a target (or the tutorial client, cxone)');
}

function reconcileDepsOf(options: ControllerOptions, records: GroupAuditSink, now: () => Date, stopping: AbortController): ShellReconcileDeps {
  const { log } = options;
  const baseVerification = options.verification ?? verificationOptions();
  return {
    pool: options.pool,
    audit: records,
    actor: options.actor,
    now,
    log,
    intents: options.intents,
    // A verification poll ends at once when the controller stops (its sleep is cut short).
    verification: { ...baseVerification, sleep: (ms) => abortableSleep(baseVerification.sleep(ms), stopping.signal) },
    onApplied: (event) => {
      if (options.mlWebhookUrl) void sendMlEvent(options.mlWebhookUrl, event, now, log);
    },
  };
}

/** The shell's state, without its queue and write-right wait (`createController` adds them). */
export function createShell(options: ControllerOptions): Omit<Shell, 'queue' | 'writeWait'> {
  const { log } = options;
  const now = options.now ?? (() => new Date());
  const stopping = new AbortController();
  const shell: Omit<Shell, 'queue' | 'writeWait' | 'records' | 'incidents' | 'reconcileDeps' | 'actions'> = {
    options,
    target: options.target ?? tutorialTarget(options.cxone ?? missingClient()),
    now,
    mayWrite: options.mayWrite ?? (() => true),
    log,
    states: new CampaignStates(),
    deleted: [],
    stopping,
    sourceHealth: createSourceHealth(now),
    generation: undefined,
    fileConditions: [],
    isReady: false,
    syncing: Promise.resolve(),
    sweepSchedule: undefined,
    lastSuccessfulSweepAt: undefined,
    mlWebhookRegistered: false,
  };
  const records = withCommitAuthor(options.audit, () => shell.generation?.snapshot);
  const incidents = createIncidentKeeper({ audit: records, alerts: options.alerts, log, now, policy: () => shell.generation?.policy, revision: () => shell.generation?.snapshot.revision });
  const actions = createActionDesk({ record: (record, state) => records.record(record, { name: state.name, document: state }) });
  return Object.assign(shell, { records, incidents, reconcileDeps: reconcileDepsOf(options, records, now, stopping), actions });
}

/** The controller's own incident conditions: invalid files, the CXone circuit, the git source. */
export function globalConditions(shell: Shell): IncidentCondition[] {
  const circuit = shell.target.health().circuit === 'open' ? [globalCondition('circuit-open', 'circuit-open', 'the CXone API circuit is open after repeated failures: applies wait until it closes')] : [];
  return [...shell.fileConditions, ...circuit, ...shell.sourceHealth.conditions()];
}
