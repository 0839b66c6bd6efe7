/**
 * The shell's side of the one incident lifecycle (domain/incidents.ts; docs/architecture.md, "The
 * controller shell"): campaign incidents from a campaign's state, global ones from the
 * controller's own conditions (an invalid file no campaign owns, the CXone circuit, the git
 * source), both evaluated the same way, announced to the alert sinks and recorded on the audit
 * branch.
 */
import { randomUUID } from 'node:crypto';
import type { AlertDispatcher } from '../adapters/alerts/alert-dispatcher.js';
import type { Logger } from '../adapters/logging/logger.js';
import type { CampaignState } from '../domain/campaign-state.js';
import type { AlertPolicy, ControllerPolicy } from '../domain/controller-policy.js';
import type { Diagnostic } from '../domain/diagnostic.js';
import type { SyncPolicy } from '../domain/desired-state-documents.js';
import { evaluateConditions, evaluateIncidents, type AlertAction, type Incident, type IncidentCondition, type IncidentPolicy } from '../domain/incidents.js';
import type { AuditSink } from './reconcile-campaign.js';
import { invalidReason } from './invalid-record.js';

export interface IncidentKeeperDeps {
  audit: AuditSink;
  alerts?: AlertDispatcher;
  log: Logger;
  now: () => Date;
  /** The policy of the current generation (undefined while the policy file is invalid). */
  policy: () => ControllerPolicy | undefined;
  /** The revision of the current generation, for the records. */
  revision: () => string | undefined;
}

export interface IncidentKeeper {
  /** Evaluates a campaign's incidents after its state changed; the state with the incidents open now. */
  forCampaign(state: CampaignState, syncPolicy: SyncPolicy): Promise<CampaignState>;
  /** Evaluates the controller's own conditions (those holding now); does nothing when they and no reminder changed. */
  refreshGlobal(conditions: readonly IncidentCondition[]): Promise<void>;
  global(): Incident[];
  /** After a restart: hands the campaigns' open incidents back to the sinks that keep open alerts (Alertmanager's re-posts). */
  resumeOpen(states: Iterable<CampaignState>): void;
}

/** A global condition (campaign `*`). */
export function globalCondition(key: string, kind: Incident['kind'], summary: string): IncidentCondition {
  return { key, kind, summary, campaign: '*', campaignId: '*', labels: {} };
}

/** The grouped invalid-file incident's message lists at most this many files; the rest are counted. */
export const INVALID_FILES_LISTED = 20;

/**
 * Every invalid file on the watched branch, owned by a managed campaign or not, as one condition:
 * grouped by cause like Alertmanager's grouping, so 300 broken files are one incident and one
 * message listing them, not 300. The key stays while the files change (the open incident shows the
 * files now, `refreshGlobal`); it resolves when none is left.
 */
export function invalidFileConditions(invalidFiles: readonly Diagnostic[]): IncidentCondition[] {
  const byPath = new Map<string, Diagnostic[]>();
  for (const diagnostic of invalidFiles) byPath.set(diagnostic.path, [...(byPath.get(diagnostic.path) ?? []), diagnostic]);
  if (byPath.size === 0) return [];
  const files = [...byPath].sort(([a], [b]) => a.localeCompare(b));
  const listed = files.slice(0, INVALID_FILES_LISTED).map(([, diagnostics]) => invalidReason(diagnostics));
  const more = files.length - listed.length;
  const count = files.length === 1 ? '1 invalid file' : `${files.length} invalid files`;
  return [globalCondition('invalid-files', 'invalid-file', `${count} on the watched branch: ${listed.join('; ')}${more > 0 ? `; and ${more} more (the status API lists every one)` : ''}`)];
}

function incidentPolicy(alerts: AlertPolicy | undefined): IncidentPolicy {
  return { driftThreshold: alerts?.driftThreshold ?? 2, reminderAfterSeconds: alerts?.reminderAfterSeconds ?? 4 * 3600 };
}

export function createIncidentKeeper(deps: IncidentKeeperDeps): IncidentKeeper {
  const { audit, log, now } = deps;
  let globalOpen: Incident[] = [];
  let lastKeys = '';

  async function announce(actions: readonly AlertAction[], state?: CampaignState): Promise<void> {
    if (actions.length === 0) return;
    deps.alerts?.dispatch(actions, deps.policy()?.alerts.routes ?? []);
    for (const { event, incident } of actions) {
      log.info({ campaign: incident.campaign, key: incident.key, event }, `alert ${event}: ${incident.summary}`);
      await audit
        .record(
          { id: randomUUID(), time: now().toISOString(), campaign: incident.campaign, campaignId: incident.campaignId, outcome: `incident-${event}`, desiredRevision: deps.revision(), key: incident.key, kind: incident.kind, reason: incident.summary },
          state ? { name: state.name, document: state } : undefined,
        )
        .catch((error: unknown) => log.error({ err: error }, 'audit record not written'));
    }
  }

  return {
    async forCampaign(state, syncPolicy) {
      const { open, actions } = evaluateIncidents(state.incidents ?? [], state, syncPolicy, incidentPolicy(deps.policy()?.alerts), now());
      const next = { ...state, incidents: open };
      await announce(actions, next);
      return next;
    },
    async refreshGlobal(conditions) {
      const at = now();
      const keys = conditions.map((condition) => `${condition.key}\u0000${condition.summary}`).join('\n');
      const policy = incidentPolicy(deps.policy()?.alerts);
      const reminderDue = globalOpen.some((incident) => at.getTime() - Date.parse(incident.lastNotifiedAt) >= policy.reminderAfterSeconds * 1000);
      if (keys === lastKeys && !reminderDue) return;
      lastKeys = keys;
      // A grouped incident keeps its key while its members change: it shows them as they are now,
      // without a message (its reminder lists them), as Alertmanager's group does.
      const current = new Map(conditions.map((condition) => [condition.key, condition.summary]));
      const refreshed = globalOpen.map((incident) => ({ ...incident, summary: current.get(incident.key) ?? incident.summary }));
      const { open, actions } = evaluateConditions(refreshed, conditions, policy, at);
      globalOpen = open;
      await announce(actions);
    },
    global: () => [...globalOpen],
    resumeOpen(states) {
      const open = [...states].flatMap((state) => state.incidents ?? []);
      if (open.length > 0) deps.alerts?.resume(open, deps.policy()?.alerts.routes ?? []);
    },
  };
}
