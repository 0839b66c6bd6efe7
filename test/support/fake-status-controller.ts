/**
 * An in-memory controller for status-server tests: the server under test only reads status and
 * forwards push events, which this one counts.
 */
import type { Controller, ControllerStatus } from '../../controller/reconcile/controller.js';
import { initialState } from '../../controller/domain/campaign-state.js';
import { ActionRefusedError } from '../../controller/reconcile/manual-actions.js';

export function fakeStatusController(): Controller & { pushes: number } {
  const state = initialState({ name: 'spring-renewals', campaignId: 'c-1', path: 'x.yaml', labels: { team: 'retention' } });
  const status: ControllerStatus = {
    ready: true,
    incidents: [],
    campaigns: [state],
    deleted: [],
    invalidFiles: [],
    policyValid: true,
    queue: { queued: 0, running: 0, waitingRetry: 0, failures: {}, stalled: 0 },
    source: { ok: true, failures: 0 },
    auditPending: 0,
    cxone: { circuit: 'closed', budgetRemaining: 10, queued: 0, requestsGranted: 0, tokenRequests: 1 },
  };
  const controller = {
    pushes: 0,
    start: async () => undefined,
    stop: async () => undefined,
    ready: () => true,
    readiness: () => ({ ready: true }),
    status: () => status,
    campaign: (name: string) => (name === state.name ? state : undefined),
    notifyPush: () => {
      controller.pushes += 1;
    },
    history: async () => [],
    act: (): never => {
      throw new ActionRefusedError(409, 'the fake controller takes no actions');
    },
  };
  return controller;
}
