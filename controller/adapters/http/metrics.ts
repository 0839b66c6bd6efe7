/**
 * Prometheus metrics (prom-client), named after Argo CD's and Flux's: campaign info with its
 * status, reconciles by outcome and their duration, drift age, CXone API requests by route and
 * code, the API budget and circuit, the last simulated abandon bound, alert deliveries and the
 * audit journal depth, the last successful sweep — plus Node's default process metrics (all of them
 * pass `promtool check metrics`; deploy/prometheus/ holds the alerting rules over them).
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { CampaignState } from '../../domain/campaign-state.js';
import type { ControllerStatus } from '../../reconcile/controller.js';
import { createAnalysisMetrics } from './analysis-metrics.js';

export interface Metrics {
  registry: Registry;
  /** For the CXone gateway's `onResponse`. */
  observeApiResponse(info: { method: string; route: string; status: number }): void;
  /** For the controller, after each reconcile. */
  observeReconcile(state: CampaignState, seconds: number): void;
  observeAlertDelivery(sink: string, outcome: 'delivered' | 'failed' | 'retried'): void;
  /** Reads the controller's status into the gauges, then renders the exposition text. */
  render(): Promise<{ contentType: string; body: string }>;
}

export function createMetrics(status: () => ControllerStatus, now: () => number = Date.now): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  // prom-client's sums of the per-type gauges end in `_total`, which `promtool check metrics`
  // refuses for a gauge; the per-type gauges (`nodejs_active_handles{type}`, …) stay.
  for (const name of ['nodejs_active_handles_total', 'nodejs_active_requests_total', 'nodejs_active_resources_total']) registry.removeSingleMetric(name);
  const startedAt = now() / 1000;
  const campaignInfo = new Gauge({ name: 'cxone_gitops_campaign_info', help: 'One per managed campaign; the labels carry its status', labelNames: ['campaign', 'campaign_id', 'team', 'status'], registers: [registry] });
  const reconciles = new Counter({ name: 'cxone_gitops_reconcile_total', help: 'Reconciles by resulting status', labelNames: ['status'], registers: [registry] });
  const duration = new Histogram({
    name: 'cxone_gitops_reconcile_duration_seconds',
    help: 'Duration of one campaign reconcile, apply and verification included',
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120],
    registers: [registry],
  });
  const driftAge = new Gauge({ name: 'cxone_gitops_drift_age_seconds', help: 'How long a campaign has been drifted (0 when not)', labelNames: ['campaign'], registers: [registry] });
  const apiRequests = new Counter({ name: 'cxone_gitops_api_requests_total', help: 'CXone API requests by route, method and status code (0: no answer)', labelNames: ['route', 'method', 'code'], registers: [registry] });
  const budget = new Gauge({ name: 'cxone_gitops_api_budget_remaining', help: 'Requests the client-side budget allows right now', registers: [registry] });
  const queued = new Gauge({ name: 'cxone_gitops_api_budget_queued', help: 'Callers waiting for the API budget', registers: [registry] });
  const circuit = new Gauge({ name: 'cxone_gitops_api_circuit_state', help: '1 for the circuit breaker state the CXone client is in', labelNames: ['state'], registers: [registry] });
  const bound = new Gauge({ name: 'cxone_gitops_simulation_abandon_upper95', help: 'Upper 95% bound of the abandon rate in the last simulation of each campaign', labelNames: ['campaign', 'source'], registers: [registry] });
  const limit = new Gauge({ name: 'cxone_gitops_simulation_abandon_limit', help: "The campaign's abandon limit (simulation.maxAbandonRate)", labelNames: ['campaign'], registers: [registry] });
  const alerts = new Counter({ name: 'cxone_gitops_alert_deliveries_total', help: 'Alert deliveries by sink and outcome', labelNames: ['sink', 'outcome'], registers: [registry] });
  const journal = new Gauge({ name: 'cxone_gitops_audit_journal_depth', help: 'Audit records journaled but not yet pushed to the audit branch', registers: [registry] });
  const lastSweep = new Gauge({
    name: 'cxone_gitops_last_successful_sweep_timestamp_seconds',
    help: 'When a sweep last read the live campaigns from CXone (the process start until the first one)',
    registers: [registry],
  });
  const gitSource = new Gauge({ name: 'cxone_gitops_git_source_up', help: '1 while the desired state can be fetched from Git, 0 while fetches fail', registers: [registry] });
  const gitFailures = new Gauge({ name: 'cxone_gitops_git_source_consecutive_failures', help: 'Consecutive failed fetches of the desired state', registers: [registry] });
  const leader = new Gauge({ name: 'cxone_gitops_leader', help: '1 when this controller is the writer (the elected leader, or the only controller without leader election), 0 on a standby', registers: [registry] });
  const analysis = createAnalysisMetrics(registry);
  const queue = new Gauge({ name: 'cxone_gitops_workqueue_depth', help: 'Campaigns queued, running or waiting for a retry', labelNames: ['state'], registers: [registry] });

  return {
    registry,
    observeApiResponse: ({ method, route, status: code }) => apiRequests.inc({ route, method, code: String(code) }),
    observeReconcile: (state, seconds) => {
      reconciles.inc({ status: state.status });
      duration.observe(seconds);
    },
    observeAlertDelivery: (sink, outcome) => alerts.inc({ sink, outcome }),
    async render() {
      const current = status();
      campaignInfo.reset();
      driftAge.reset();
      bound.reset();
      limit.reset();
      for (const campaign of current.campaigns) {
        campaignInfo.set({ campaign: campaign.name, campaign_id: campaign.campaignId, team: campaign.labels.team ?? '', status: campaign.status }, 1);
        driftAge.set({ campaign: campaign.name }, campaign.drift ? Math.max(0, (now() - Date.parse(campaign.drift.since)) / 1000) : 0);
        if (campaign.lastSimulation) {
          bound.set({ campaign: campaign.name, source: campaign.lastSimulation.source }, campaign.lastSimulation.abandonRateUpper95);
          limit.set({ campaign: campaign.name }, campaign.lastSimulation.limit);
        }
      }
      analysis.set(current.campaigns);
      const remaining = current.cxone.budgetRemaining;
      budget.set(Number.isFinite(remaining) ? remaining : -1);
      queued.set(current.cxone.queued);
      for (const state of ['closed', 'open', 'half-open']) circuit.set({ state }, current.cxone.circuit === state ? 1 : 0);
      // NaN while the journal is not read yet: unknown, not 0 (README "Status, metrics and the dashboard").
      journal.set(current.auditPending ?? Number.NaN);
      lastSweep.set(current.lastSuccessfulSweepAt ? Date.parse(current.lastSuccessfulSweepAt) / 1000 : startedAt);
      gitSource.set(current.source.ok ? 1 : 0);
      gitFailures.set(current.source.failures);
      leader.set(current.leadership === undefined || current.leadership.role === 'leader' ? 1 : 0);
      queue.set({ state: 'queued' }, current.queue.queued);
      queue.set({ state: 'running' }, current.queue.running);
      queue.set({ state: 'waiting_retry' }, current.queue.waitingRetry);
      return { contentType: registry.contentType, body: await registry.metrics() };
    },
  };
}
