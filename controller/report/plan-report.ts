/**
 * What `plan` reports, before it is rendered as text, markdown or JSON. The JSON rendering is this
 * shape (formatVersion 1); it is documented in the README and kept stable.
 */
import type { Diagnostic } from '../domain/diagnostic.js';
import type { CampaignPlan } from '../domain/plan-campaign.js';
import type { DesiredStatePlan, PlanSummary } from '../domain/plan-desired-state.js';
import type { Prediction } from '../domain/gate-prediction.js';

export interface SimulationComparison {
  before: Prediction;
  after: Prediction;
  /** The campaign's `simulation.maxAbandonRate`. */
  limit: number;
  /** The proposal's abandon bound is over the limit: the controller will not apply it. */
  breaksLimit: boolean;
  /** The simulator model, when it is not the campaigns' (an OutboundSkill: dialer-des/pc-v2). */
  model?: string;
}

export interface PlanReport {
  plan: DesiredStatePlan;
  diagnostics: Diagnostic[];
  /** By campaign name, for changed campaigns, with `--simulate`. */
  simulations: Map<string, SimulationComparison>;
  /** The API failure that stopped the plan, if one did. */
  error?: string;
  /** Where the campaigns' history (last applied, holds) came from, or why there is none (I5). */
  history?: PlanHistory;
}

/** `audit-branch`: the status documents of the audit branch; `none`: planned without history, and why. */
export interface PlanHistory {
  source: 'audit-branch' | 'none';
  message: string;
}

export const PLAN_FORMAT_VERSION = 1;

export interface PlanJson {
  formatVersion: number;
  exitCode: number;
  summary: PlanSummary;
  campaigns: Array<
    Pick<CampaignPlan, 'name' | 'campaignId' | 'path' | 'policy' | 'action' | 'status' | 'reason' | 'changes' | 'drift' | 'drifted'> & {
      liveVersion: number | null;
      block: CampaignPlan['block'] | null;
      lastModified: CampaignPlan['lastModified'] | null;
      simulation: SimulationComparison | null;
    }
  >;
  diagnostics: Array<Pick<Diagnostic, 'path' | 'line' | 'column' | 'severity' | 'message'> & { rule: string | null }>;
  error: string | null;
  history: PlanHistory | null;
}

export function planToJson(report: PlanReport): PlanJson {
  return {
    formatVersion: PLAN_FORMAT_VERSION,
    exitCode: report.error ? 1 : report.plan.exitCode,
    summary: report.plan.summary,
    campaigns: report.plan.plans.map((plan) => ({
      name: plan.name,
      campaignId: plan.campaignId,
      path: plan.path,
      policy: plan.policy,
      action: plan.action,
      status: plan.status,
      reason: plan.reason,
      liveVersion: plan.liveVersion ?? null,
      changes: plan.changes,
      drift: plan.drift,
      drifted: plan.drifted,
      block: plan.block ?? null,
      lastModified: plan.lastModified ?? null,
      simulation: report.simulations.get(plan.name) ?? null,
    })),
    diagnostics: report.diagnostics.map(({ path, line, column, severity, message, rule }) => ({ path, line, column, severity, message, rule: rule ?? null })),
    error: report.error ?? null,
    history: report.history ?? null,
  };
}
