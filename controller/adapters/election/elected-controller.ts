/**
 * The controller under leader election (README "High availability"): while this replica leads, a
 * fresh controller runs one term (restoring its statuses from the audit branch and resolving the
 * PUT intents the previous leader left in etcd, so I1 and I2 hold across a takeover); when the
 * lease is lost the term is stopped (the fence already refuses its writes) and the replica
 * campaigns again. A standby is ready, serves /healthz, /readyz, /metrics and a read-only status
 * made of the audit branch's statuses, and writes nothing.
 */
import type { CxoneClient } from '../cxone/cxone-client.js';
import { restoredCampaignStates } from '../git/status-document.js';
import type { Logger } from '../logging/logger.js';
import type { CampaignState } from '../../domain/campaign-state.js';
import { auditPendingOf, type Controller, type ControllerAudit, type ControllerStatus } from '../../reconcile/controller-types.js';
import type { EtcdElection } from './etcd-election.js';
import { ActionRefusedError } from '../../reconcile/manual-actions.js';
import { statusPageOf } from '../../reconcile/status-page.js';

/** Who leads, as the status API and metrics show it. */
export interface Leadership {
  role: 'leader' | 'standby';
  holder: string;
  leader?: string;
  leaseRemainingSeconds?: number;
}

export interface ElectedControllerOptions {
  election: EtcdElection;
  /** A new controller for one term of leadership (called once elected). */
  createTerm: () => Promise<Controller>;
  /** After a term stopped: `closing` when the process stops (not a lost lease or a failed start). */
  endTerm?: (closing: boolean) => Promise<void>;
  /** Read-only: the standby's view of the statuses and history. */
  audit: Pick<ControllerAudit, 'readStatuses' | 'readRecords' | 'pending'>;
  /** The API client's health, shown by a standby too. */
  cxone: Pick<CxoneClient, 'health'>;
  /** The dialect's status-document check (reconcile-target.ts). Default: the campaign's schema. */
  statusProblem?: (name: string, document: unknown) => string | undefined;
  holder: string;
  log: Logger;
  /** How often a standby re-reads the statuses from the audit branch. Default 15 s. */
  standbyRefreshMs?: number;
}

export interface ElectedController extends Controller {
  leadership(): Leadership;
}

/** Who leads as this replica sees it: the leader only while it holds the lease and its term runs. */
function leadershipOf(election: EtcdElection, holder: string, termRunning: boolean): Leadership {
  return {
    role: election.isLeader() && termRunning ? 'leader' : 'standby',
    holder,
    leader: election.leader(),
    leaseRemainingSeconds: election.isLeader() ? Math.round(election.leaseRemainingMs() / 100) / 10 : undefined,
  };
}

/**
 * A standby's status: the audit branch's statuses, ready, nothing queued or written; its journal's
 * count as the leader's is given (records a term of its own left, pushed by its next term).
 */
function standbyStatus(states: ReadonlyMap<string, CampaignState>, cxone: Pick<CxoneClient, 'health'>, pending: number | undefined): ControllerStatus {
  return {
    ready: true,
    incidents: [],
    campaigns: [...states.values()].sort((a, b) => a.name.localeCompare(b.name)),
    deleted: [],
    invalidFiles: [],
    policyValid: true,
    queue: { queued: 0, running: 0, waitingRetry: 0, failures: {}, stalled: 0 },
    ...auditPendingOf(pending),
    cxone: cxone.health(),
    source: { ok: true, failures: 0 },
  };
}

/** `status` and `statusPage` of the role held now, with the leadership: the term's (a page from its states only), or a standby's. */
function roleStatus(term: () => Controller | undefined, standby: () => ControllerStatus, leadership: () => Leadership): Pick<Controller, 'status' | 'statusPage'> {
  return {
    status: () => ({ ...(term()?.status() ?? standby()), leadership: leadership() }),
    statusPage: (query) => {
      const current = term();
      const { page, totals, ...status } = current?.statusPage?.(query) ?? statusPageOf(current?.status() ?? standby(), query);
      return { ...status, leadership: leadership(), page, totals };
    },
  };
}

export function createElectedController(options: ElectedControllerOptions): ElectedController {
  const { election, log, holder } = options;
  let term: Controller | undefined;
  let transitions: Promise<void> = Promise.resolve();
  let standbyStates = new Map<string, CampaignState>();
  let refreshTimer: NodeJS.Timeout | undefined;
  let stopped = false;

  async function refreshStandby(): Promise<void> {
    if (term) return;
    try {
      standbyStates = restoredCampaignStates(await options.audit.readStatuses(), log, options.statusProblem);
    } catch (error) {
      log.warn({ err: error }, 'standby cannot read the statuses from the audit branch');
    }
  }

  /** One role change at a time, in order, without blocking the election's keep-alives. */
  function transition(step: () => Promise<void>): void {
    transitions = transitions.then(step).catch((error: unknown) => log.error({ err: error }, 'leadership change failed'));
  }

  const endTerm = (closing: boolean): Promise<void> => (options.endTerm?.(closing) ?? Promise.resolve()).catch((error: unknown) => log.warn({ err: error }, 'ending the term failed'));
  const startTerm = async (): Promise<void> => {
    if (stopped || !election.isLeader()) return;
    let next: Controller | undefined;
    try {
      next = await options.createTerm();
      term = next;
      await next.start();
      log.info({ holder }, 'leading: reconciling and writing');
    } catch (error) {
      // A term that cannot start (the lease lost meanwhile, CXone or Git down) gives the lead away.
      log.error({ err: error }, 'the leader could not start: stepping down');
      term = undefined;
      await next?.stop().catch(() => undefined);
      await endTerm(false);
      await election.resign();
    }
  };
  const stopTerm = async (): Promise<void> => {
    const current = term;
    term = undefined;
    await current?.stop();
    if (current) {
      await endTerm(false);
      log.info({ holder }, 'standing by: the term was stopped, nothing more is written');
    }
    await refreshStandby();
  };

  const leadership = (): Leadership => leadershipOf(election, holder, term !== undefined);

  return {
    async start() {
      await refreshStandby();
      election.start({ onElected: () => transition(startTerm), onLost: () => transition(stopTerm) });
      await election.campaigning();
      refreshTimer = setInterval(() => void refreshStandby(), options.standbyRefreshMs ?? 15_000);
      refreshTimer.unref();
      log.info({ holder, leader: election.leader() }, 'campaigning for leadership');
    },
    async stop() {
      stopped = true;
      if (refreshTimer) clearInterval(refreshTimer);
      await transitions;
      // The last audit push happens while we still hold the lease; then it is revoked for a fast takeover.
      const current = term;
      term = undefined;
      await current?.stop();
      if (current) await endTerm(true);
      await election.close();
    },
    ready: () => (term ? term.ready() : true),
    readiness: () => (term ? term.readiness() : { ready: true }),
    ...roleStatus(() => term, () => standbyStatus(standbyStates, options.cxone, options.audit.pending()), leadership),
    campaign: (name) => (term ? term.campaign(name) : standbyStates.get(name)),
    notifyPush: () => term?.notifyPush(),
    act: (name, request) => {
      if (!term) throw new ActionRefusedError(503, `this replica is standing by (the leader is ${election.leader() ?? 'unknown'}): send the action to the leader`);
      return term.act(name, request);
    },
    history: (name, limit = 200) => (term ? term.history(name, limit) : options.audit.readRecords({ campaign: name, limit })),
    leadership,
  };
}
