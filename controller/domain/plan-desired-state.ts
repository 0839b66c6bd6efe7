/**
 * Plans a whole desired-state directory against the live campaigns: pairs files with campaigns by
 * campaign id, plans each, and sums up — with terraform's `-detailed-exitcode` convention:
 * 0 in sync, 2 changes or drift, 1 invalid files or a campaign missing in CXone.
 */
import type { CampaignSpec } from './campaign-spec.js';
import type { LiveCampaign } from './live-campaign.js';
import { decideCampaign, type DecisionHistory } from './decide-campaign.js';
import { planCampaign, type AppliedState, type CampaignPlan, type PlanAction } from './plan-campaign.js';

export interface PlanSummary {
  campaigns: number;
  inSync: number;
  toApply: number;
  drifted: number;
  observed: number;
  blocked: number;
  suspended: number;
  notFound: number;
  /** Held ("needs a human") or waiting for a verdict: known only from the campaign's history. */
  held: number;
  invalidFiles: number;
}

export interface DesiredStatePlan {
  plans: CampaignPlan[];
  summary: PlanSummary;
  exitCode: 0 | 1 | 2;
}

/** Desired campaigns paired with the live campaign of the same id (undefined when CXone has none). */
export function pairCampaigns(desired: readonly CampaignSpec[], live: readonly LiveCampaign[]): Array<{ desired: CampaignSpec; live?: LiveCampaign }> {
  const byId = new Map(live.map((campaign) => [campaign.id, campaign]));
  return desired.map((campaign) => ({ desired: campaign, live: byId.get(campaign.campaignId) }));
}

export function summarizePlans(plans: readonly CampaignPlan[], invalidFiles: number): DesiredStatePlan {
  const counts: Record<PlanAction, number> = { none: 0, update: 0, heal: 0, observe: 0, suspended: 0, blocked: 0, 'not-found': 0, held: 0, verify: 0 };
  for (const plan of plans) counts[plan.action] += 1;
  const summary: PlanSummary = {
    campaigns: plans.length,
    inSync: counts.none,
    toApply: counts.update + counts.heal,
    drifted: plans.filter((plan) => plan.drifted && plan.action !== 'suspended').length,
    observed: counts.observe,
    blocked: counts.blocked,
    suspended: counts.suspended,
    notFound: counts['not-found'],
    held: counts.held + counts.verify,
    invalidFiles,
  };
  const exitCode = invalidFiles > 0 || summary.notFound > 0 ? 1 : summary.toApply + summary.observed + summary.blocked + counts.held > 0 ? 2 : 0;
  return { plans: [...plans], summary, exitCode };
}

export function planDesiredState(input: {
  campaigns: readonly CampaignSpec[];
  live: readonly LiveCampaign[];
  lastApplied?: ReadonlyMap<string, AppliedState>;
  actor?: string;
  invalidFiles?: number;
}): DesiredStatePlan {
  const plans = pairCampaigns(input.campaigns, input.live).map(({ desired, live }) =>
    planCampaign({ desired, live, lastApplied: input.lastApplied?.get(desired.name), actor: input.actor }),
  );
  return summarizePlans(plans, input.invalidFiles ?? 0);
}

/**
 * The controller's decision for every campaign (I5 in docs/architecture.md): `decideCampaign` with
 * each campaign's history (from the audit branch's status documents), so `plan` names the action
 * the controller takes on the same inputs — `held` for a campaign that needs a human, the
 * significance rule against the last applied weights. A campaign without history is planned as
 * the controller plans one it has never seen.
 */
export function decideDesiredState(input: {
  campaigns: readonly CampaignSpec[];
  live: readonly LiveCampaign[];
  histories: ReadonlyMap<string, DecisionHistory>;
  actor?: string;
  invalidFiles?: number;
}): DesiredStatePlan {
  const plans = pairCampaigns(input.campaigns, input.live).map(({ desired, live }): CampaignPlan => {
    const decision = decideCampaign({ desired, live, actor: input.actor, history: input.histories.get(desired.name) ?? {} });
    return { ...decision.plan, action: decision.action, status: decision.status, reason: decision.message };
  });
  return summarizePlans(plans, input.invalidFiles ?? 0);
}
