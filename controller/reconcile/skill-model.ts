/**
 * The real CXone's outbound skill as the reconcile phases see it (docs/architecture.md, "The
 * dialect seam"; README, "Real CXone"): OutboundSkill files, the skills API's emulated
 * compare-and-set (adapters/cxone/cxone-skill-dialect.ts), the pc-v1 local gate, and the
 * verification kinds given (`live-analysis`, registered by the composition root).
 */
import type { CxoneSkillsClient } from '../adapters/cxone/cxone-skills-client.js';
import { createCxoneSkillDialect } from '../adapters/cxone/cxone-skill-dialect.js';
import { holdOf } from '../domain/decide-campaign.js';
import { decideSkill, skillFingerprint } from '../domain/decide-skills.js';
import type { LiveSkill } from '../domain/live-skill.js';
import { diffSkillSettings, type SkillWrite } from '../domain/plan-skill.js';
import type { SkillGroups } from '../domain/skill-groups.js';
import type { SkillSpec } from '../domain/skill-spec.js';
import { LIVE_ANALYSIS, liveAnalysisVerification } from './analysis/live-analysis-verification.js';
import { createSummaryOutcomeReader } from './analysis/outcome-reader.js';
import type { VerificationKind } from './dialect.js';
import type { ReconcileResource, ResourceModel } from './resource-model.js';
import { runSkillGate } from './skill-local-gate.js';

export interface SkillTypes {
  desired: SkillSpec;
  live: LiveSkill;
  write: SkillWrite;
  written: SkillGroups;
  settings: SkillGroups;
}

export { skillFingerprint };

export const skillModel: ResourceModel<SkillTypes> = {
  identity: ({ name, skillId, path, labels, calibrated }) => ({ name, campaignId: String(skillId), path, labels, ...(calibrated ? { calibrated } : {}) }),
  fingerprint: skillFingerprint,
  // The same decision `plan` shows (domain/decide-skills.ts).
  decide: (desired, state, live) => decideSkill(desired, live, { lastApplied: state.lastApplied, hold: holdOf(state), verifying: state.verification?.fingerprint }),
  desiredSettings: (desired) => desired.groups,
  liveSettings: (live) => live.groups,
  diffSettings: diffSkillSettings,
  // No API says who changed a skill (README, "Real CXone"): drift messages point at the Change Audit Report.
  modifiedOf: () => ({}),
  weightsOf: () => ({}),
  writtenWeightsOf: () => ({}),
  writtenOf: (write) => write.groups,
  writeOf: (written, objectId) => ({ skillId: Number(objectId), groups: written }),
  liveWrittenOf: (live) => live.groups,
  gate: (pool, desired, live) => runSkillGate(pool, desired, live),
  onFailure: (desired) => desired.simulation.onFailure,
};

export interface SkillResourceOptions {
  /**
   * The verification kinds by name: the hook of the settle phase. Default: `live-analysis`
   * (reconcile/analysis/live-analysis-verification.ts) reading `GET /skills/{id}/summary` through
   * the same client.
   */
  verifiers?: ReadonlyMap<string, VerificationKind<SkillSpec, LiveSkill>>;
}

export function skillResource(client: CxoneSkillsClient, options: SkillResourceOptions = {}): ReconcileResource<SkillTypes> {
  const analysis = liveAnalysisVerification(createSummaryOutcomeReader((path, query) => client.getReport(path, query)));
  return { dialect: createCxoneSkillDialect(client), model: skillModel, verifiers: options.verifiers ?? new Map([[LIVE_ANALYSIS, analysis]]) };
}
