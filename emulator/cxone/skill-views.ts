/**
 * How the real CXone API shows a skill, quirks included (README, "Real CXone"): the listing
 * (`GET /skills/parameters`) gives `aggressiveness` as an integer, `enableCPALogging` as a string,
 * `attemptNo` for the PUT's `attempt_No`, and leaves out a few PUT fields; the group GETs are flat
 * while the PUTs are wrapped; `GET cpa-management` answers one capitalised field only.
 */
import type { EmulatedSkill } from './skill-store.js';

const LEVELS = ['conservative', 'moderate', 'aggressive'];
const NOT_LISTED_GENERAL = ['deliverCallbacksOnDNCHolidays', 'deliverPrioritiesOnDNCHolidays'];

function without(fields: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(fields).filter(([key]) => !keys.includes(key)));
}

/** One entry of `GET /skills/parameters` (and the body of `GET /skills/{id}/parameters`). */
export function listingOf(skill: EmulatedSkill): Record<string, unknown> {
  const general = without(skill.groups.generalSettings, NOT_LISTED_GENERAL);
  const level = LEVELS.indexOf(String(general.aggressiveness));
  general.aggressiveness = level < 0 ? 0 : level;
  const cpa = without(skill.groups.cpaSettings, ['ansMachineOverrideSeconds']);
  cpa.enableCPALogging = String(cpa.enableCPALogging ?? false);
  const exceptions = Array.isArray(cpa.exceptions) ? (cpa.exceptions as Array<Record<string, unknown>>) : [];
  cpa.exceptions = exceptions.map(({ attempt_No: attemptNo, ...rest }) => ({ ...rest, ...(attemptNo === undefined ? {} : { attemptNo }) }));
  return {
    skillNo: skill.skillId,
    skillName: skill.skillName,
    generalSettings: general,
    cpaSettings: cpa,
    retrySettings: { ...skill.groups.retrySettings },
    ...skill.other,
  };
}

/** `GET /skills/{id}/parameters/general-settings`: flat. */
export function generalSettingsOf(skill: EmulatedSkill): Record<string, unknown> {
  return { ...skill.groups.generalSettings };
}

/** `GET /skills/{id}/parameters/cpa-management`: the one field the published answer has. */
export function cpaManagementOf(skill: EmulatedSkill): Record<string, unknown> {
  return { AnsMachineOverrideSeconds: skill.groups.cpaSettings.ansMachineOverrideSeconds };
}

/** `GET /skills/{id}/parameters/retry-settings`: flat. */
export function retrySettingsOf(skill: EmulatedSkill): Record<string, unknown> {
  return { ...skill.groups.retrySettings };
}

/** A skill as `GET /skills` and `GET /skills/{id}` show it (the fields the client reads, and a few more). */
export function summaryOf(skill: EmulatedSkill): Record<string, unknown> {
  return {
    skillId: skill.skillId,
    skillName: skill.skillName,
    mediaTypeId: 4,
    mediaTypeName: 'Phone Call',
    isActive: skill.isActive,
    isOutbound: skill.isOutbound,
    outboundStrategy: skill.outboundStrategy,
    isRunning: skill.isRunning,
    campaignId: skill.campaignId,
    campaignName: skill.campaignName,
  };
}
