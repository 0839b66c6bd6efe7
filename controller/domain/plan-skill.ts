/**
 * Plans one outbound skill (README, "Real CXone"): the desired file's managed fields against the
 * live skill and against what was last applied from Git (the audit branch). Pure. CXone keeps no
 * version and does not say who changed a skill, so drift is only what differs from our last
 * applied settings; its message points at CXone's Change Audit Report for the author.
 */
import type { CampaignStatusName } from './campaign-status.js';
import type { PlanOutline } from './decide-campaign.js';
import type { FieldChange } from './diff-settings.js';
import type { SyncPolicy } from './desired-state-documents.js';
import type { LiveSkill } from './live-skill.js';
import type { AppliedState } from './plan-campaign.js';
import { sameValue } from './skill-diff.js';
import { SKILL_GROUPS, type SkillGroups } from './skill-groups.js';
import type { SkillSpec } from './skill-spec.js';

/** What an apply of a skill sends: the managed fields of each group (the rest of each group is kept). */
export interface SkillWrite {
  skillId: number;
  groups: SkillGroups;
}

/** What to fix when CXone has no skill of a file's id: the file, line and column of its `metadata.skillId`. */
export function missingSkillMessage(skill: Pick<SkillSpec, 'skillId' | 'positions'>, path: string): string {
  const { line, column } = skill.positions.skillId;
  return `CXone has no skill ${skill.skillId}: check metadata.skillId in ${path}:${line}:${column}`;
}

export interface SkillPlan extends PlanOutline<SkillWrite> {
  name: string;
  skillId: number;
  path: string;
  policy: SyncPolicy;
  update?: SkillWrite;
}

export interface PlanSkillInput {
  desired: SkillSpec;
  /** Undefined when CXone has no skill with the file's id. */
  live?: LiveSkill;
  lastApplied?: AppliedState<SkillGroups>;
}

/** A value as a field change shows it (objects and lists as JSON, a field CXone does not show as `unset`). */
function shown(value: unknown): string | number | boolean {
  if (value === undefined || value === null) return 'unset';
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  return JSON.stringify(value);
}

/** `from` → `to` over the fields `to` manages, as `group.field` changes. */
export function diffSkillSettings(from: SkillGroups, to: SkillGroups): FieldChange[] {
  const changes: FieldChange[] = [];
  for (const { name } of SKILL_GROUPS) {
    const fields = to[name];
    if (fields === undefined) continue;
    for (const field of Object.keys(fields).sort()) {
      const before = from[name]?.[field];
      if (!sameValue(before ?? null, fields[field] ?? null)) changes.push({ field: `${name}.${field}`, before: shown(before), after: shown(fields[field]) });
    }
  }
  return changes;
}

/** The managed fields of `desired` as `settings` holds them (what was last applied of them). */
function managedOf(desired: SkillGroups, settings: SkillGroups): SkillGroups {
  const result: SkillGroups = {};
  for (const { name } of SKILL_GROUPS) {
    const fields = desired[name];
    if (fields !== undefined) result[name] = Object.fromEntries(Object.keys(fields).map((field) => [field, settings[name]?.[field]]));
  }
  return result;
}

export const NO_AUTHOR =
  "CXone does not report who changed a skill through its API: see CXone's Change Audit Report (Reporting > Change Audit) for the author and time";

function count(changes: readonly FieldChange[]): string {
  return changes.length === 1 ? '1 field differs' : `${changes.length} fields differ`;
}

export function planSkill({ desired, live, lastApplied }: PlanSkillInput): SkillPlan {
  const base = { name: desired.name, skillId: desired.skillId, path: desired.path, policy: desired.sync.policy, drift: [], drifted: false };
  if (!live) {
    return { ...base, action: 'not-found', status: 'Failed', changes: [], reason: missingSkillMessage(desired, desired.path) };
  }
  const changes = diffSkillSettings(live.groups, desired.groups);
  if (changes.length === 0) return { ...base, action: 'none', status: 'Synced', changes, reason: 'live matches Git' };
  // Drift: a managed field whose live value is not what we last applied (the audit branch's record).
  const applied = lastApplied ? managedOf(desired.groups, lastApplied.settings) : undefined;
  const drift = applied ? diffSkillSettings(applied, managedOf(desired.groups, live.groups)) : [];
  const gitChanged = lastApplied ? diffSkillSettings(lastApplied.desired ?? lastApplied.settings, desired.groups).length > 0 : true;
  const drifted = drift.length > 0;
  const plan = { ...base, changes, drift, drifted };
  if (desired.sync.policy === 'suspend') return { ...plan, action: 'suspended', status: 'Suspended', reason: `sync.policy is suspend: ${count(changes)}, left alone` };
  const status: CampaignStatusName = drifted ? 'Drifted' : 'OutOfSync';
  const outside = drifted ? `live was changed outside Git since our last apply (${drift.map((change) => change.field).join(', ')}); ${NO_AUTHOR}` : '';
  if (desired.sync.policy === 'observe') {
    return { ...plan, action: 'observe', status, reason: `${drifted ? outside : 'live differs from Git'} (${count(changes)}); sync.policy is observe: report only` };
  }
  const update: SkillWrite = { skillId: desired.skillId, groups: desired.groups };
  if (drifted && !gitChanged) return { ...plan, action: 'heal', status, update, reason: `${outside}: put Git's settings back` };
  const reason = drifted ? `Git changed, and ${outside}: apply Git` : `Git changed (${count(changes)}): apply`;
  return { ...plan, action: 'update', status, update, reason };
}
