/** A valid `OutboundSkill` document as a SkillSpec: defaults from the policy, group keys in a fixed order. */
import type { CalibrationNote } from './calibration-note.js';
import type { ControllerPolicy } from './controller-policy.js';
import { parseDurationSeconds } from './duration.js';
import { mergeSimulation } from './normalize-policy.js';
import type { AnalysisBlock, OutboundSkillDocument } from './outbound-skill-document.js';
import { SKILL_GROUPS, type SkillGroups } from './skill-groups.js';
import { DEFAULT_ANALYSIS, type AnalysisSettings, type SkillPositions, type SkillSpec } from './skill-spec.js';

/** A copy of `fields` with its keys sorted. */
export function sortedFields(fields: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.keys(fields).sort().map((key) => [key, fields[key]]));
}

function seconds(value: string | undefined, fallback: number): number {
  return (value === undefined ? undefined : parseDurationSeconds(value)) ?? fallback;
}

export function normalizeAnalysis(block: AnalysisBlock | undefined): AnalysisSettings {
  return {
    windowSeconds: seconds(block?.window, DEFAULT_ANALYSIS.windowSeconds),
    intervalSeconds: seconds(block?.interval, DEFAULT_ANALYSIS.intervalSeconds),
    minLiveAnswers: block?.minLiveAnswers ?? DEFAULT_ANALYSIS.minLiveAnswers,
    maxWindowSeconds: seconds(block?.maxWindow, DEFAULT_ANALYSIS.maxWindowSeconds),
  };
}

export function normalizeSkill(document: OutboundSkillDocument, path: string, positions: SkillPositions, policy: ControllerPolicy, calibrated?: CalibrationNote): SkillSpec {
  const { metadata, spec } = document;
  const groups: SkillGroups = {};
  for (const { name } of SKILL_GROUPS) {
    const fields = spec[name];
    if (fields !== undefined) groups[name] = sortedFields(fields);
  }
  return {
    kind: 'OutboundSkill',
    name: metadata.name,
    skillId: metadata.skillId,
    labels: { ...metadata.labels },
    path,
    groups,
    sync: { policy: spec.sync?.policy ?? policy.sync.policy },
    simulation: mergeSimulation(policy.simulation, spec.simulation),
    analysis: normalizeAnalysis(spec.analysis),
    ...(calibrated ? { calibrated } : {}),
    positions,
  };
}
