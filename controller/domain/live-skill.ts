/**
 * An outbound skill as CXone shows it, in the file's terms: the listing's quirks undone
 * (`aggressiveness` back to its name, `enableCPALogging` back to a boolean), so live and desired
 * values compare directly.
 */
import { aggressivenessName, type SkillGroups } from './skill-groups.js';

export interface LiveSkill {
  skillId: number;
  skillName: string;
  /** From `GET /skills`: unknown when only the parameters were read. */
  isActive?: boolean;
  isOutbound?: boolean;
  outboundStrategy?: string;
  isRunning?: boolean;
  groups: SkillGroups;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The groups of one `GET /skills/parameters` entry, in the file's terms. */
export function groupsFromListing(entry: Record<string, unknown>): SkillGroups {
  const groups: SkillGroups = {};
  if (isRecord(entry.generalSettings)) {
    const general = { ...entry.generalSettings };
    if ('aggressiveness' in general) general.aggressiveness = aggressivenessName(general.aggressiveness);
    groups.generalSettings = general;
  }
  if (isRecord(entry.cpaSettings)) {
    const cpa = { ...entry.cpaSettings };
    if (cpa.enableCPALogging === 'true' || cpa.enableCPALogging === 'false') cpa.enableCPALogging = cpa.enableCPALogging === 'true';
    if (Array.isArray(cpa.exceptions)) {
      cpa.exceptions = (cpa.exceptions as unknown[]).map((item) => {
        if (!isRecord(item) || !('attemptNo' in item)) return item;
        const { attemptNo, ...rest } = item;
        return { ...rest, attempt_No: attemptNo };
      });
    }
    groups.cpaSettings = cpa;
  }
  if (isRecord(entry.retrySettings)) groups.retrySettings = { ...entry.retrySettings };
  return groups;
}
