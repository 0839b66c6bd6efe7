/**
 * `cxone-gitops calibrate NAME [DIR] [--since 14d]` without the CLI around it (README,
 * "Calibrate"): find the OutboundSkill file, read the skill's history, fit the profile, write
 * `spec.simulation.profile` into the file keeping comments, and say each value with its sample size.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { loadDesiredState } from '../adapters/fs/load-desired-state.js';
import { DEFAULT_PROFILE } from '../simulation/types.js';
import { fitOperatingProfile, type ProfileFit } from './fit-operating-profile.js';
import { readSkillHistory, type ReportGet } from './read-skill-history.js';
import { writeCalibratedProfile } from './write-calibrated-profile.js';

export interface CalibrateOptions {
  name: string;
  dir: string;
  /** How far back to read, e.g. `14d`, `36h`, `90m`. */
  since: string;
  getReport: ReportGet;
  now: Date;
  out: NodeJS.WritableStream;
}

const SINCE = /^(?=.)(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/;

/** Seconds of a --since value (`14d`, `12h`, `1d12h`, `30m`), or undefined. */
export function parseSince(text: string): number | undefined {
  const match = SINCE.exec(text.trim());
  if (match === null) return undefined;
  const [, d = '0', h = '0', m = '0', s = '0'] = match;
  const seconds = Number(d) * 86_400 + Number(h) * 3600 + Number(m) * 60 + Number(s);
  return seconds > 0 ? seconds : undefined;
}

function describe(fit: ProfileFit): string[] {
  return fit.values.map(({ field, value, sampleSize, sampleOf, from }) => `  ${field}: ${value}  (n = ${sampleSize} ${sampleOf}; ${from})`);
}

/** Returns the fit written; throws an Error saying what to do when it cannot calibrate. */
export async function calibrateSkill(options: CalibrateOptions): Promise<ProfileFit> {
  const seconds = parseSince(options.since);
  if (seconds === undefined) throw new Error(`--since "${options.since}" is not a period: write it like 14d, 36h or 90m`);
  const { validation } = await loadDesiredState(options.dir);
  const skill = validation.skills.find((candidate) => candidate.name === options.name);
  if (skill === undefined) throw new Error(`no valid OutboundSkill named ${options.name} under ${options.dir}: check metadata.name and run cxone-gitops validate ${options.dir}`);
  const since = new Date(options.now.getTime() - seconds * 1000);
  const history = await readSkillHistory(options.getReport, skill.skillId, since, options.now);
  const profile = { ...DEFAULT_PROFILE, ...skill.simulation.profile };
  const ringTimeout = skill.groups.generalSettings?.maximumRingingDuration;
  const fit = fitOperatingProfile({
    ...history,
    ringTimeoutSeconds: typeof ringTimeout === 'number' ? ringTimeout : profile.ringTimeoutSeconds,
    ringMeanSeconds: profile.ringMeanSeconds,
  });
  if (fit.values.length === 0) throw new Error(`nothing to calibrate for ${options.name}: ${fit.problems.join('; ')}`);
  const text = await readFile(skill.path, 'utf8');
  await writeFile(skill.path, writeCalibratedProfile(text, fit.values, { at: options.now.toISOString(), since: options.since }));
  options.out.write(
    [
      `${skill.path}: calibrated spec.simulation.profile of ${options.name} (skill ${skill.skillId}) from ${options.since} of history:`,
      ...describe(fit),
      ...fit.problems.map((problem) => `  not fitted: ${problem}`),
      '',
      `Next: review the values, then commit them on a branch and open a pull request (git diff ${skill.path}).`,
      '',
    ].join('\n'),
  );
  return fit;
}
