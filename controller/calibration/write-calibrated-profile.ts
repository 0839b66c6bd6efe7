/**
 * Writes a fitted profile into an OutboundSkill file as `spec.simulation.profile.<field>`,
 * keeping comments and layout (the yaml library's Document API), with a comment on the profile
 * saying when and from how much history it was calibrated.
 */
import { isMap, parseDocument, type YAMLMap } from 'yaml';
import type { FittedValue } from './fit-operating-profile.js';

export interface CalibrationNote {
  /** ISO time of the calibration. */
  at: string;
  /** The period read, e.g. `14d`. */
  since: string;
}

/** The comment calibrate leaves on `spec.simulation.profile`; the dashboard reads it back. */
export function calibrationComment(note: CalibrationNote): string {
  return ` calibrated ${note.at} from ${note.since} of CXone history by cxone-gitops calibrate`;
}

const COMMENT = /calibrated (\S+) from (\S+) of CXone history/;

/** When a profile comment says it was calibrated, or undefined. */
export function readCalibrationNote(comment: string | null | undefined): CalibrationNote | undefined {
  const found = comment ? COMMENT.exec(comment) : null;
  return found ? { at: found[1]!, since: found[2]! } : undefined;
}

export function writeCalibratedProfile(text: string, values: readonly FittedValue[], note: CalibrationNote): string {
  const document = parseDocument(text, { keepSourceTokens: true });
  if (document.errors.length > 0) throw new Error(`the file is not valid YAML (${document.errors[0]!.message}); fix it and run calibrate again`);
  for (const { field, value } of values) document.setIn(['spec', 'simulation', 'profile', field], value);
  // A comment inside a flow map reads badly: the simulation block and its profile become block maps.
  const simulation = document.getIn(['spec', 'simulation'], true);
  if (isMap(simulation)) (simulation as YAMLMap).flow = false;
  const profile = document.getIn(['spec', 'simulation', 'profile'], true);
  if (isMap(profile)) {
    (profile as YAMLMap).flow = false;
    (profile as YAMLMap).commentBefore = calibrationComment(note);
  }
  return document.toString();
}
