/**
 * The controller's decision for outbound skills (README, "Real CXone"; I5 in docs/architecture.md):
 * `planSkill` against the skill's history (last applied from Git, a hold, a pending verification),
 * through the same `decideOnPlan` the campaigns use. The reconcile (reconcile/skill-model.ts) and
 * `plan` both call `decideSkill`, so they decide alike. Pure.
 */
import type { Hold } from './campaign-state.js';
import { decideOnPlan, type Decision } from './decide-campaign.js';
import type { LiveSkill } from './live-skill.js';
import type { AppliedState, CampaignPlan } from './plan-campaign.js';
import { summarizePlans, type DesiredStatePlan } from './plan-desired-state.js';
import { planSkill, type SkillPlan } from './plan-skill.js';
import type { SkillGroups } from './skill-groups.js';
import type { SkillSpec } from './skill-spec.js';

/** What a skill's decision needs from its status document. */
export interface SkillHistory {
  lastApplied?: AppliedState<SkillGroups>;
  hold?: Hold;
  /** The fingerprint of the desired settings whose apply waits for its verdict. */
  verifying?: string;
}

/** The desired fields as a stable text (the file's keys are sorted when it is loaded). */
export function skillFingerprint(skill: SkillSpec): string {
  return JSON.stringify(skill.groups);
}

export function decideSkill(desired: SkillSpec, live: LiveSkill | undefined, history: SkillHistory): Decision<SkillPlan> {
  const plan = planSkill({ desired, live, lastApplied: history.lastApplied });
  return decideOnPlan(plan, skillFingerprint(desired), live !== undefined, history);
}

/**
 * A skill's decision as a row of the plan report: `campaignId` is the skill id as text; a skill
 * has no version (CXone keeps none), so there is no `liveVersion`, and no `lastModified` (CXone does
 * not say who changed a skill).
 */
export function skillPlanRow(decision: Decision<SkillPlan>): CampaignPlan {
  const { name, skillId, path, policy, changes, drift, drifted } = decision.plan;
  return { name, campaignId: String(skillId), path, policy, action: decision.action, status: decision.status, reason: decision.message, changes, drift, drifted };
}

/** Every skill file paired with the live skill of its id (`live` by id as text), decided and summed up. */
export function decideSkills(input: {
  skills: readonly SkillSpec[];
  live: ReadonlyMap<string, LiveSkill>;
  histories: ReadonlyMap<string, SkillHistory>;
  invalidFiles?: number;
}): DesiredStatePlan {
  const rows = input.skills.map((skill) => skillPlanRow(decideSkill(skill, input.live.get(String(skill.skillId)), input.histories.get(skill.name) ?? {})));
  return summarizePlans(rows, input.invalidFiles ?? 0);
}
