/**
 * Skills to seed the cxone-dialect emulator with: `--skills N` generated ones, and `--from DIR`,
 * the skills that a desired-state directory's `OutboundSkill` files name. Every third skill from a
 * directory starts with one managed field slightly off, as if a supervisor had changed it in the
 * CXone UI, so there is drift to find.
 */
import { loadDesiredState } from '../../controller/adapters/fs/load-desired-state.js';
import { formatDiagnostic } from '../../controller/domain/diagnostic.js';
import type { SkillSpec } from '../../controller/domain/skill-spec.js';
import { DEFAULT_PROFILE } from '../../controller/simulation/types.js';
import { seededRandom } from '../seeded-random.js';

function nudge(groups: SkillSpec['groups'], random: () => number): SkillSpec['groups'] {
  const general = { ...groups.generalSettings };
  const candidates = ['maximumRingingDuration', 'beginDampenPercentage', 'percentageOfAgentsBeforeOverdial'].filter((key) => typeof general[key] === 'number');
  const key = candidates[Math.floor(random() * candidates.length)];
  if (key === undefined) return groups;
  general[key] = Math.max(1, (general[key] as number) + (random() < 0.5 ? -2 : 3));
  return { ...groups, generalSettings: general };
}

/** The live skill body for a desired skill; `random` puts one field slightly off. */
export function liveSkillFor(skill: SkillSpec, random?: () => number): Record<string, unknown> {
  const groups = random ? nudge(skill.groups, random) : skill.groups;
  return {
    skillId: skill.skillId,
    skillName: skill.name,
    isRunning: true,
    ...groups,
    trueProfile: { ...DEFAULT_PROFILE, ...skill.simulation.profile },
  };
}

export async function loadDesiredStateSkills(dir: string, seed: number): Promise<{ skills: unknown[]; problems: string[] }> {
  const { validation, diagnostics } = await loadDesiredState(dir);
  const problems = diagnostics.filter((diagnostic) => diagnostic.severity === 'error').map((diagnostic) => `skipped: ${formatDiagnostic(diagnostic)}`);
  const random = seededRandom(seed ^ 0x5c11);
  return { skills: validation.skills.map((skill, index) => liveSkillFor(skill, index % 3 === 1 ? random : undefined)), problems };
}

/** `count` outbound skills with ids from 5_000_001, settings varied by `seed`. */
export function generateSkills(count: number, seed: number): unknown[] {
  const random = seededRandom(seed ^ 0x7a11);
  return Array.from({ length: count }, (_, index) => ({
    skillId: 5_000_001 + index,
    skillName: `generated-outbound-${index + 1}`,
    isRunning: index % 2 === 0,
    generalSettings: {
      maximumRatio: 1 + Math.floor(random() * 3),
      abandonRateThreshold: 1 + Math.round(random() * 20) / 10,
      abandonRateCutoff: 3,
      maximumRingingDuration: 20 + Math.floor(random() * 10),
    },
  }));
}
