/** Campaign states and a controller status for the dashboard's renderer tests. */
import type { AuditRecord } from '../../controller/domain/audit-record.js';
import type { CampaignState } from '../../controller/domain/campaign-state.js';
import type { ControllerStatus } from '../../controller/reconcile/controller.js';

export const NOW = Date.parse('2026-11-24T12:00:00.000Z');

export function campaignState(overrides: Partial<CampaignState> = {}): CampaignState {
  return {
    name: 'spring-renewals',
    campaignId: 'a1b2c3d4-e5f6-7890-abcd-ef1234567890',
    path: 'retention/spring-renewals.yaml',
    labels: { team: 'retention' },
    status: 'Synced',
    reason: 'live matches Git',
    desiredRevision: '631d9bf321e4ab585b4db1633e0ca64797f0ba91',
    liveVersion: 2,
    driftObservations: 0,
    pendingChanges: [],
    lastReconcileAt: '2026-11-24T11:59:30.000Z',
    history: [{ at: '2026-11-24T11:00:00.000Z', status: 'Synced', reason: 'live matches Git', liveVersion: 2 }],
    ...overrides,
  };
}

export function controllerStatus(campaigns: CampaignState[]): ControllerStatus {
  return {
    ready: true,
    incidents: [],
    revision: '631d9bf321e4ab585b4db1633e0ca64797f0ba91',
    commit: { subject: 'raise predictive_factor', author: 'Engineer', committedAt: '2026-11-24T10:00:00.000Z' },
    campaigns,
    deleted: [],
    invalidFiles: [],
    policyValid: true,
    queue: { queued: 0, running: 0, waitingRetry: 0, failures: {}, stalled: 0 },
    source: { ok: true, failures: 0 },
    auditPending: 0,
    cxone: { circuit: 'closed', budgetRemaining: 100, queued: 0, requestsGranted: 10, tokenRequests: 1 },
  };
}

export function appliedRecord(time: string, weights: Record<string, number>, outcome = 'applied', versions: [number, number] = [1, 2]): AuditRecord {
  return {
    id: `id-${time}-${outcome}`,
    time,
    campaign: 'spring-renewals',
    campaignId: 'a1b2c3d4-e5f6-7890-abcd-ef1234567890',
    outcome,
    fromVersion: versions[0],
    toVersion: versions[1],
    settings: { algorithmId: 'CXONE_PREDICTIVE_V3', parameterWeights: weights, validationSplit: 0.8, maxDeviationLimit: 0.2, convergenceThreshold: 0.05 },
  };
}
