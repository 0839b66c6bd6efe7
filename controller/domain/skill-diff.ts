/**
 * Pure comparison of an outbound skill's desired fields with its live ones: the differences, the
 * fingerprint a conditional write compares before its PUT, and the full group to send (the live
 * group with the desired fields over it, every unmanaged field exactly as CXone had it).
 */
import type { LiveSkill } from './live-skill.js';
import { SKILL_GROUPS, type SkillGroupName, type SkillGroups } from './skill-groups.js';

export interface SkillFieldChange {
  group: SkillGroupName;
  field: string;
  desired: unknown;
  /** Undefined when CXone does not show the field. */
  live: unknown;
}

/** Equal as settings: numbers to 9 significant digits (so a float's last bit is never drift), the rest as JSON. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' && typeof b === 'number') return Number(a.toPrecision(9)) === Number(b.toPrecision(9));
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Every managed field whose live value differs, in group then field order. */
export function diffSkill(desired: SkillGroups, live: SkillGroups): SkillFieldChange[] {
  const changes: SkillFieldChange[] = [];
  for (const { name } of SKILL_GROUPS) {
    const fields = desired[name];
    if (fields === undefined) continue;
    for (const field of Object.keys(fields).sort()) {
      const liveValue = live[name]?.[field];
      if (!sameValue(fields[field], liveValue)) changes.push({ group: name, field, desired: fields[field], live: liveValue });
    }
  }
  return changes;
}

/** The live values of the managed fields only, per group (what a plan was computed against). */
export function managedLive(desired: SkillGroups, live: SkillGroups): SkillGroups {
  const result: SkillGroups = {};
  for (const { name } of SKILL_GROUPS) {
    const fields = desired[name];
    if (fields === undefined) continue;
    result[name] = Object.fromEntries(Object.keys(fields).sort().map((field) => [field, live[name]?.[field] ?? null]));
  }
  return result;
}

function canonical(value: unknown): unknown {
  if (typeof value === 'number') return Number(value.toPrecision(9));
  if (Array.isArray(value)) return value.map(canonical);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.keys(value).sort().map((key) => [key, canonical((value as Record<string, unknown>)[key])]));
  }
  return value;
}

/** A stable text of one group's managed live values: equal fingerprints mean nothing the plan read has changed. */
export function groupFingerprint(desiredFields: Record<string, unknown>, liveGroup: Record<string, unknown> | undefined): string {
  return JSON.stringify(canonical(Object.fromEntries(Object.keys(desiredFields).map((field) => [field, liveGroup?.[field] ?? null]))));
}

/** Fingerprints of every managed group of `live`. */
export function skillFingerprints(desired: SkillGroups, live: LiveSkill['groups']): Partial<Record<SkillGroupName, string>> {
  const result: Partial<Record<SkillGroupName, string>> = {};
  for (const { name } of SKILL_GROUPS) {
    const fields = desired[name];
    if (fields !== undefined) result[name] = groupFingerprint(fields, live[name]);
  }
  return result;
}

/** The PUT's fields: the full live group (unmanaged fields untouched, in their order) with the desired fields over it. */
export function mergeGroup(liveGroup: Record<string, unknown>, desiredFields: Record<string, unknown>): Record<string, unknown> {
  return { ...liveGroup, ...desiredFields };
}

/** The fields of `after` that differ from what was sent (`sent`): empty when the write landed as sent. */
export function readBackDifferences(sent: Record<string, unknown>, after: Record<string, unknown>): string[] {
  return Object.keys(sent).filter((field) => !sameValue(sent[field], after[field]));
}
