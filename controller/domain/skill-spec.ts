/**
 * An outbound skill as the controller works with it: one valid `OutboundSkill` file, normalised,
 * with the repository policy's defaults applied.
 */
import type { CalibrationNote } from './calibration-note.js';
import type { SimulationSettings } from './controller-policy.js';
import type { SourcePosition } from './diagnostic.js';
import type { SyncPolicy } from './desired-state-documents.js';
import type { SkillGroups } from './skill-groups.js';

/** Live outcome analysis settings, durations in seconds. */
export interface AnalysisSettings {
  /** Default 3600 (60m). */
  windowSeconds: number;
  /** Default 300 (5m). */
  intervalSeconds: number;
  /** Default 200. */
  minLiveAnswers: number;
  /** Default 14400 (4h). */
  maxWindowSeconds: number;
}

export const DEFAULT_ANALYSIS: Readonly<AnalysisSettings> = Object.freeze({
  windowSeconds: 3600,
  intervalSeconds: 300,
  minLiveAnswers: 200,
  maxWindowSeconds: 4 * 3600,
});

export interface SkillPositions {
  name: SourcePosition;
  skillId: SourcePosition;
  spec: SourcePosition;
}

export interface SkillSpec {
  kind: 'OutboundSkill';
  /** `metadata.name`, unique in the repository (across every kind). */
  name: string;
  /** `metadata.skillId`, unique in the repository. */
  skillId: number;
  labels: Record<string, string>;
  path: string;
  /** The managed fields of each group, keys sorted (so key order never shows up as a change). */
  groups: SkillGroups;
  sync: { policy: SyncPolicy };
  simulation: SimulationSettings;
  analysis: AnalysisSettings;
  /** When `calibrate` last wrote `spec.simulation.profile` (from its comment in the file). */
  calibrated?: CalibrationNote;
  positions: SkillPositions;
}
