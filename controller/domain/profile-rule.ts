/**
 * The operating profile overrides must describe possible calls: a dial cannot be both a live
 * answer and a machine more than always (`answerProbability + machineProbability <= 1`).
 */
import { DEFAULT_PROFILE } from './dialer-weights.js';
import { errorAt } from './diagnostic.js';
import type { Diagnostic } from './diagnostic.js';
import type { FieldPath } from './field-path.js';
import { formatFieldPath } from './field-path.js';
import type { YamlSource } from './yaml-source.js';

function probability(value: unknown, fallback: number): number | undefined {
  if (value === undefined) return fallback;
  return typeof value === 'number' && value >= 0 && value <= 1 ? value : undefined;
}

/** Checks the profile at `field` of the document (nothing when it is missing or not a mapping). */
export function checkProfile(profile: unknown, field: FieldPath, source: YamlSource): Diagnostic[] {
  if (typeof profile !== 'object' || profile === null || Array.isArray(profile)) return [];
  const fields = profile as Record<string, unknown>;
  const answer = probability(fields.answerProbability, DEFAULT_PROFILE.answerProbability);
  const machine = probability(fields.machineProbability, DEFAULT_PROFILE.machineProbability);
  if (answer === undefined || machine === undefined || answer + machine <= 1) return [];
  const message =
    `${formatFieldPath(field)}: answerProbability ${answer} + machineProbability ${machine} is above 1 ` +
    '(a dial cannot be both): lower one of them';
  const at = fields.answerProbability === undefined ? [...field, 'machineProbability'] : [...field, 'answerProbability'];
  return [errorAt(source.path, source.positionOf(at), message, 'profile')];
}
