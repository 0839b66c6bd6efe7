/**
 * Adopting a skill's live settings into Git (pure; README, "Real CXone"): rewrites the managed
 * fields of an OutboundSkill file — only the fields the file writes, as calibrate writes only the
 * profile — with the values CXone has now, keeping the file's comments, key order and layout.
 * A managed field CXone does not show is left as the file has it, and said.
 */
import { isScalar, parseDocument, stringify } from 'yaml';
import type { AdoptResult } from './adopt-live-settings.js';
import type { LiveSkill } from './live-skill.js';
import { sameValue } from './skill-diff.js';
import { SKILL_GROUPS } from './skill-groups.js';
import type { SkillSpec } from './skill-spec.js';

export interface AdoptSkillResult extends AdoptResult {
  /** Managed fields CXone does not show (kept as the file has them). */
  unshown: string[];
}

function shown(value: unknown): string {
  return typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value);
}

interface Splice {
  start: number;
  end: number;
  text: string;
}

/**
 * Replaces each scalar's source text in place, so every other byte of the file stays as it was;
 * a comment after the value on its line keeps its column when there is room.
 */
function applySplices(text: string, splices: Splice[]): string {
  let out = text;
  for (const { start, end, text: value } of [...splices].sort((a, b) => b.start - a.start)) {
    const gap = /^( +)#/.exec(out.slice(end))?.[1]?.length;
    const spaces = gap === undefined ? 0 : Math.max(1, gap + (end - start) - value.length);
    out = out.slice(0, start) + value + (gap === undefined ? '' : ' '.repeat(spaces)) + out.slice(end + (gap ?? 0));
  }
  return out;
}

/** The skill file `text` with `live`'s values in the fields `desired` manages. */
export function adoptLiveSkill(text: string, desired: SkillSpec, live: LiveSkill): AdoptSkillResult {
  const doc = parseDocument(text, { keepSourceTokens: true });
  if (doc.errors.length > 0) throw new Error(`${desired.path} is not valid YAML (${doc.errors[0]!.message}): run cxone-gitops validate first`);
  const changes: string[] = [];
  const unshown: string[] = [];
  const splices: Splice[] = [];
  const edits: Array<{ path: string[]; value: unknown }> = [];
  for (const { name } of SKILL_GROUPS) {
    for (const field of Object.keys(desired.groups[name] ?? {})) {
      const path = ['spec', name, field];
      const value = live.groups[name]?.[field];
      if (value === undefined) {
        unshown.push(`spec.${name}.${field}`);
        continue;
      }
      const before = desired.groups[name]![field];
      if (sameValue(before, value)) continue;
      changes.push(`${path.join('.')}: ${shown(before)} → ${shown(value)}`);
      edits.push({ path, value });
      const node = doc.getIn(path, true);
      if (isScalar(node) && node.range && (typeof value !== 'object' || value === null)) {
        splices.push({ start: node.range[0], end: node.range[1], text: stringify(value, { lineWidth: 0 }).trimEnd() });
      }
    }
  }
  if (splices.length === edits.length) return { text: applySplices(text, splices), changes, unshown };
  // A list (cpaSettings.exceptions) has no one scalar to replace: the document is edited and re-rendered (comments kept).
  for (const { path, value } of edits) {
    const node = doc.getIn(path, true);
    if (isScalar(node) && (typeof value !== 'object' || value === null)) node.value = value;
    else doc.setIn(path, value);
  }
  return { text: doc.toString({ lineWidth: 0 }), changes, unshown };
}
