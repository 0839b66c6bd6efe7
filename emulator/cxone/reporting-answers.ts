/**
 * The reporting answers of the cxone emulator, shaped exactly as the reference OpenAPI subset
 * describes `GET /skills/{id}/summary`, `GET /skills/summary` (`{ skillSummaries: [...] }`) and
 * `GET /wfm-data/skills/dialer-contacts` (`{ wfM_OB_StatsV9: [...] }`). Pure.
 */
import { formatReportingDuration } from '../../controller/calibration/reporting-duration.js';
import type { TrafficInterval } from './live-traffic.js';
import type { TrafficTotals } from './skill-traffic.js';

/** The phone media type: the only one outbound skills report under. */
export const PHONE_MEDIA_TYPE = { mediaTypeId: 4, mediaTypeName: 'Phone Call' } as const;
export const BUSINESS_UNIT = { businessUnitId: 4_600_000, businessUnitName: 'Emulated Business Unit' } as const;

export interface SummarySkill {
  skillId: number;
  skillName: string;
  isOutbound: boolean;
  campaignId?: number;
  campaignName?: string;
}

/** The agents of a skill now: logged in (the true profile's agents while running) and free. */
export interface AgentState {
  loggedIn: number;
  free: number;
}

const average = (sum: number, count: number): number => (count > 0 ? sum / count : 0);

/** One `skillSummaries` item. */
export function skillSummary(skill: SummarySkill, totals: TrafficTotals, agents: AgentState): Record<string, unknown> {
  const live = totals.connects + totals.abandons;
  const talk = average(totals.talkSeconds, totals.handled);
  const wrap = average(totals.wrapSeconds, totals.handled);
  const working = Math.max(0, agents.loggedIn - agents.free);
  return {
    abandonCount: totals.abandons,
    abandonRate: Math.round(average(totals.abandons, live) * 100),
    agentsAcw: 0,
    agentsAvailable: agents.free,
    agentsIdle: agents.free,
    agentsLoggedIn: agents.loggedIn,
    agentsUnavailable: 0,
    agentsWorking: working,
    averageHandleTime: formatReportingDuration(talk + wrap),
    averageInqueueTime: formatReportingDuration(0),
    averageSpeedToAnswer: formatReportingDuration(0),
    averageTalkTime: formatReportingDuration(talk),
    averageWrapTime: formatReportingDuration(wrap),
    ...BUSINESS_UNIT,
    campaignId: skill.campaignId ?? 0,
    campaignName: skill.campaignName ?? '',
    connects: totals.connects,
    connectsAHT: formatReportingDuration(talk + wrap),
    contactsActive: working,
    contactsHandled: totals.handled,
    contactsOffered: live,
    contactsOutOfSLA: 0,
    contactsQueued: 0,
    contactsWithinSLA: totals.handled,
    dials: totals.dials,
    holdTime: formatReportingDuration(0),
    isOutbound: skill.isOutbound,
    longestQueueDur: formatReportingDuration(0),
    ...PHONE_MEDIA_TYPE,
    queueCount: 0,
    rightPartyConnects: totals.connects,
    rightPartyConnectsAHT: formatReportingDuration(talk + wrap),
    serviceLevel: 100,
    serviceLevelGoal: 90,
    serviceLevelThreshold: 30,
    skillId: skill.skillId,
    skillName: skill.skillName,
    totalContactTime: formatReportingDuration(totals.talkSeconds + totals.wrapSeconds),
  };
}

/** One `wfM_OB_StatsV9` item: connectsAHT in seconds (a number, as the reference types it). */
export function dialerContactsRow(interval: TrafficInterval): Record<string, unknown> {
  const { totals } = interval;
  const aht = Number(average(totals.talkSeconds + totals.wrapSeconds, totals.handled).toFixed(3));
  return {
    abandons: totals.abandons,
    ...BUSINESS_UNIT,
    connects: totals.connects,
    connectsAHT: aht,
    dials: totals.dials,
    intervalStartDate: interval.intervalStartDate,
    ...PHONE_MEDIA_TYPE,
    rightPartyConnects: totals.connects,
    rightPartyConnectsAHT: aht,
    skillId: interval.skillId,
    skillName: interval.skillName,
  };
}
