/**
 * The rules of a campaign file beyond its schema that need no other file: the maximum deviation
 * rule, an override that carries its reason, and a possible operating profile.
 */
import type { Diagnostic } from './diagnostic.js';
import { errorAt } from './diagnostic.js';
import { checkMaxDeviation } from './max-deviation-rule.js';
import { checkProfile } from './profile-rule.js';
import type { YamlSource } from './yaml-source.js';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkOverride(spec: Record<string, unknown>, source: YamlSource): Diagnostic[] {
  const override = spec.override;
  if (!isRecord(override) || override.allowInsignificantChange !== true) return [];
  if (typeof override.reason === 'string' && override.reason.trim() !== '') return [];
  if (override.reason !== undefined && typeof override.reason !== 'string') return []; // the schema reports it
  const at = override.reason === undefined ? ['spec', 'override'] : ['spec', 'override', 'reason'];
  const message =
    'spec.override.allowInsignificantChange is true but spec.override.reason is empty: ' +
    'write why this change should go through although it is not significant';
  return [errorAt(source.path, source.positionOf(at, override.reason === undefined ? 'key' : 'value'), message, 'override')];
}

/** Every problem of a campaign document (as loaded) that its schema does not catch. */
export function checkCampaignRules(document: unknown, source: YamlSource): Diagnostic[] {
  const spec = isRecord(document) ? document.spec : undefined;
  if (!isRecord(spec)) return [];
  const simulation = spec.simulation;
  return [
    ...checkMaxDeviation(document, source),
    ...checkOverride(spec, source),
    ...(isRecord(simulation) ? checkProfile(simulation.profile, ['spec', 'simulation', 'profile'], source) : []),
  ];
}
