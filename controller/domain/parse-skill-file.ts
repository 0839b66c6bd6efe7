/**
 * One `OutboundSkill` file, from bytes to a checked document: its schema and the skill's own rules.
 * The regulatory cap (which needs the policy) and repository-wide uniqueness are applied by
 * validateDesiredState.
 */
import type { CompiledDesiredStateSchemas } from './compile-schemas.js';
import { hasErrors } from './diagnostic.js';
import type { Diagnostic } from './diagnostic.js';
import { readCalibrationNote, type CalibrationNote } from './calibration-note.js';
import { quoteText } from './describe-value.js';
import type { OutboundSkillDocument } from './outbound-skill-document.js';
import type { FileExpectation, ParsedFile } from './parse-desired-state-file.js';
import type { SkillPositions } from './skill-spec.js';
import { checkSkillRules } from './skill-rules.js';
import type { SourcePosition } from './diagnostic.js';

export interface ParsedSkillFile {
  document?: OutboundSkillDocument;
  positions?: SkillPositions;
  /** Where `spec.generalSettings.abandonRateThreshold` is, when the file sets it. */
  thresholdPosition?: SourcePosition;
  /** When `calibrate` last wrote the profile (its comment on `spec.simulation.profile`). */
  calibrated?: CalibrationNote;
  diagnostics: Diagnostic[];
}

function wrongKind(kind: string): string {
  return `kind is ${quoteText(kind)}: files in the desired-state directory are kind CampaignWeights or OutboundSkill; fix kind or move the file out of the directory`;
}

/** What a skill file must be. */
export function skillExpectation(schemas: CompiledDesiredStateSchemas): FileExpectation {
  return {
    kind: 'OutboundSkill',
    knownKinds: ['CampaignWeights', 'OutboundSkill'],
    topLevelKeys: ['apiVersion', 'kind', 'metadata', 'spec'],
    schema: schemas.outboundSkill,
    wrongKind,
    rules: checkSkillRules,
  };
}

/** A skill file's document and positions, from a parse without errors. */
export function skillFileOf(parsed: ParsedFile): ParsedSkillFile {
  const { source, diagnostics } = parsed;
  if (source === undefined || hasErrors(diagnostics)) return { diagnostics };
  const document = source.value as OutboundSkillDocument;
  const positions: SkillPositions = {
    name: source.positionOf(['metadata', 'name']),
    skillId: source.positionOf(['metadata', 'skillId']),
    spec: source.positionOf(['spec'], 'key'),
  };
  const threshold = document.spec.generalSettings?.abandonRateThreshold;
  const calibrated = readCalibrationNote(source.commentOf(['spec', 'simulation', 'profile']));
  return {
    document,
    positions,
    ...(calibrated ? { calibrated } : {}),
    ...(threshold === undefined ? {} : { thresholdPosition: source.positionOf(['spec', 'generalSettings', 'abandonRateThreshold']) }),
    diagnostics,
  };
}
