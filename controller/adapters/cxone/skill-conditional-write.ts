/**
 * The conditional write of an outbound skill over CXone's last-writer-wins API (README, "Real
 * CXone"): no version exists, so for each group with a change it re-reads the full group just
 * before the PUT and compares the managed fields' fingerprint with the one the plan was computed
 * against (a difference is a conflict: nothing is written, re-plan), PUTs the full group with the
 * desired fields merged (every unmanaged field exactly as re-read), then reads it back (a
 * difference is a conflict after our write: recorded, re-plan). Honest limit: a write that lands
 * between our re-read and our PUT is overwritten; the read-back catches one that lands after.
 */
import type { LiveSkill } from '../../domain/live-skill.js';
import { diffSkill, groupFingerprint, mergeGroup, readBackDifferences, sameValue, skillFingerprints, type SkillFieldChange } from '../../domain/skill-diff.js';
import { SKILL_GROUPS, type SkillGroupName } from '../../domain/skill-groups.js';
import type { SkillSpec } from '../../domain/skill-spec.js';
import type { CxoneSkillsClient } from './cxone-skills-client.js';

export interface SkillConflict {
  /** `before-put`: the group changed since the plan, nothing sent; `after-put`: it changed right after our PUT. */
  stage: 'before-put' | 'after-put';
  group: SkillGroupName;
  /** The fields found different. */
  fields: string[];
}

export type SkillWriteResult =
  | { outcome: 'written'; groups: SkillGroupName[]; sent: Partial<Record<SkillGroupName, Record<string, unknown>>> }
  | { outcome: 'conflict'; conflict: SkillConflict; groups: SkillGroupName[]; sent: Partial<Record<SkillGroupName, Record<string, unknown>>> };

/** Writes the groups of `skill` that `changes` name, each conditionally; stops at the first conflict. */
export async function conditionalWriteSkill(
  client: CxoneSkillsClient,
  skill: SkillSpec,
  changes: readonly SkillFieldChange[],
  planned: Partial<Record<SkillGroupName, string>>,
): Promise<SkillWriteResult> {
  const groups: SkillGroupName[] = [];
  const sent: Partial<Record<SkillGroupName, Record<string, unknown>>> = {};
  for (const { name } of SKILL_GROUPS) {
    const desired = skill.groups[name];
    if (desired === undefined || !changes.some((change) => change.group === name)) continue;
    const current = await client.readGroup(skill.skillId, name);
    if (groupFingerprint(desired, current) !== planned[name]) {
      const before = JSON.parse(planned[name] ?? '{}') as Record<string, unknown>;
      const fields = Object.keys(desired).filter((field) => !sameValue(before[field] ?? null, current[field] ?? null));
      return { outcome: 'conflict', conflict: { stage: 'before-put', group: name, fields }, groups, sent };
    }
    const body = mergeGroup(current, desired);
    await client.putGroup(skill.skillId, name, body);
    groups.push(name);
    sent[name] = body;
    const after = await client.readGroup(skill.skillId, name);
    const different = readBackDifferences(body, after);
    if (different.length > 0) return { outcome: 'conflict', conflict: { stage: 'after-put', group: name, fields: different }, groups, sent };
  }
  return { outcome: 'written', groups, sent };
}

export type SkillApplyResult =
  | { outcome: 'in-sync'; live: LiveSkill }
  | { outcome: 'applied'; changes: SkillFieldChange[]; groups: SkillGroupName[]; conflicts: SkillConflict[] }
  | { outcome: 'conflict'; conflicts: SkillConflict[]; groups: SkillGroupName[] };

/**
 * Observe → diff → conditional write, re-planned after a conflict at most `maxAttempts` times
 * (default 3). `observed` (from a sweep) saves the first read.
 */
export async function applySkill(client: CxoneSkillsClient, skill: SkillSpec, observed?: LiveSkill, maxAttempts = 3): Promise<SkillApplyResult> {
  const conflicts: SkillConflict[] = [];
  const written = new Set<SkillGroupName>();
  let live = observed;
  for (let attempt = 1; attempt <= maxAttempts; attempt += 1) {
    live ??= await client.getSkillParameters(skill.skillId);
    const changes = diffSkill(skill.groups, live.groups);
    if (changes.length === 0) return conflicts.length === 0 && written.size === 0 ? { outcome: 'in-sync', live } : { outcome: 'applied', changes: [], groups: [...written], conflicts };
    const result = await conditionalWriteSkill(client, skill, changes, skillFingerprints(skill.groups, live.groups));
    for (const group of result.groups) written.add(group);
    if (result.outcome === 'written') return { outcome: 'applied', changes, groups: [...written], conflicts };
    conflicts.push(result.conflict);
    live = undefined;
  }
  return { outcome: 'conflict', conflicts, groups: [...written] };
}

/** The drift message of a skill: what changed, and why we cannot say who changed it. */
export function skillDriftMessage(skill: SkillSpec, changes: readonly SkillFieldChange[]): string {
  const fields = changes.map((change) => `${change.group}.${change.field} ${JSON.stringify(change.desired)} → ${JSON.stringify(change.live)}`).join(', ');
  return (
    `skill ${skill.name} (${skill.skillId}) differs from Git: ${fields}. ` +
    'CXone does not report who changed a skill through its API; see the Change Audit Report in CXone (Reporting) for the author and time'
  );
}
