/**
 * Writes a fitted profile into an OutboundSkill file as `spec.simulation.profile.<field>`,
 * keeping comments and layout (the yaml library's Document API), with a comment on the profile
 * saying when and from how much history it was calibrated.
 */
import { isMap, parseDocument, type YAMLMap } from 'yaml';
import { calibrationComment, type CalibrationNote } from '../domain/calibration-note.js';
import type { FittedValue } from './fit-operating-profile.js';

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
