/**
 * When an OutboundSkill's operating profile was last calibrated (README, "Calibration"):
 * `cxone-gitops calibrate` leaves a comment on `spec.simulation.profile`; loading the file reads it
 * back, so the status and the dashboard can show it.
 */

export interface CalibrationNote {
  /** ISO time of the calibration. */
  at: string;
  /** The period read, e.g. `14d`. */
  since: string;
}

/** The comment calibrate leaves on `spec.simulation.profile`. */
export function calibrationComment(note: CalibrationNote): string {
  return ` calibrated ${note.at} from ${note.since} of CXone history by cxone-gitops calibrate`;
}

const COMMENT = /calibrated (\S+) from (\S+) of CXone history/;

/** When a profile comment says it was calibrated, or undefined. */
export function readCalibrationNote(comment: string | null | undefined): CalibrationNote | undefined {
  const found = comment ? COMMENT.exec(comment) : null;
  return found && !Number.isNaN(Date.parse(found[1]!)) ? { at: found[1]!, since: found[2]! } : undefined;
}
