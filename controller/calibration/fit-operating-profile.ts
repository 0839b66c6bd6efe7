/**
 * Calibration (README, "Calibrate"): fits the operating profile of a skill from what CXone
 * reports about its past, pure. Each value comes with the size of the sample it rests on.
 */
import type { OperatingProfile } from '../simulation/types.js';
import { parseReportingDuration } from './reporting-duration.js';

/** One 15-minute interval of `GET /wfm-data/skills/dialer-contacts` for the skill. */
export interface DialerContactsInterval {
  dials: number;
  connects: number;
  abandons: number;
}

/** The fields of `GET /skills/{id}/summary` over the period that the fit reads. */
export interface SkillSummaryFields {
  contactsHandled?: number;
  averageTalkTime?: string;
  averageWrapTime?: string;
  agentsLoggedIn?: number;
}

export interface FitInput {
  intervals: readonly DialerContactsInterval[];
  summary: SkillSummaryFields;
  /** The ring timeout the skill dialled with (maximumRingingDuration), seconds. */
  ringTimeoutSeconds: number;
  /** The mean time to answer of the profile (not observable in the counts), seconds. */
  ringMeanSeconds: number;
}

export type FittedField = 'agents' | 'answerProbability' | 'avgTalkSeconds' | 'wrapSeconds';

export interface FittedValue {
  field: FittedField;
  value: number;
  /** How many observations the value rests on. */
  sampleSize: number;
  /** What the observations are: dials, handled contacts, or reporting intervals. */
  sampleOf: 'dials' | 'handled contacts' | 'summary';
  /** Where it comes from, for the printout. */
  from: string;
}

export interface ProfileFit {
  profile: Partial<Pick<OperatingProfile, FittedField>>;
  values: FittedValue[];
  /** Fields that could not be fitted, and why. */
  problems: string[];
}

const round = (value: number, digits: number): number => Number(value.toFixed(digits));

function fitAnswerProbability(input: FitInput, values: FittedValue[], problems: string[]): void {
  let dials = 0;
  let live = 0;
  for (const interval of input.intervals) {
    dials += interval.dials;
    live += interval.connects + interval.abandons;
  }
  if (dials === 0) {
    problems.push('answerProbability: no dials in the period; widen --since or pick a period when the skill ran');
    return;
  }
  // A live person who answers after the ring timeout is a no answer: p · P(ring <= timeout) is what the counts show.
  const answeredInTime = 1 - Math.exp(-input.ringTimeoutSeconds / input.ringMeanSeconds);
  const value = Math.min(1, live / dials / answeredInTime);
  values.push({
    field: 'answerProbability', value: round(value, 4), sampleSize: dials, sampleOf: 'dials',
    from: `(connects + abandons) / dials of ${input.intervals.length} intervals, over P(answer within ${input.ringTimeoutSeconds} s)`,
  });
}

function fitDuration(field: 'avgTalkSeconds' | 'wrapSeconds', text: string | undefined, name: string, handled: number, values: FittedValue[], problems: string[]): void {
  const seconds = text === undefined ? undefined : parseReportingDuration(text);
  if (seconds === undefined || handled <= 0 || (field === 'avgTalkSeconds' && seconds <= 0)) {
    problems.push(`${field}: the summary has no usable ${name} (${text ?? 'missing'}) over ${handled} handled contacts`);
    return;
  }
  values.push({ field, value: round(seconds, 1), sampleSize: handled, sampleOf: 'handled contacts', from: `${name} of the skill summary` });
}

/** Fits agents, answerProbability, avgTalkSeconds and wrapSeconds; the rest of the profile stays as the file has it. */
export function fitOperatingProfile(input: FitInput): ProfileFit {
  const values: FittedValue[] = [];
  const problems: string[] = [];
  const agents = input.summary.agentsLoggedIn;
  if (agents !== undefined && Number.isInteger(agents) && agents >= 1) {
    values.push({ field: 'agents', value: agents, sampleSize: 1, sampleOf: 'summary', from: 'agentsLoggedIn of the skill summary' });
  } else {
    problems.push(`agents: the summary reports ${agents ?? 'no'} agents logged in; set spec.simulation.profile.agents by hand`);
  }
  fitAnswerProbability(input, values, problems);
  const handled = input.summary.contactsHandled ?? 0;
  fitDuration('avgTalkSeconds', input.summary.averageTalkTime, 'averageTalkTime', handled, values, problems);
  fitDuration('wrapSeconds', input.summary.averageWrapTime, 'averageWrapTime', handled, values, problems);
  const profile: ProfileFit['profile'] = {};
  for (const { field, value } of values) profile[field] = value;
  return { profile, values, problems };
}
