/**
 * The rules of an `OutboundSkill` file beyond its schema: the abandon-rate cutoff is not below the
 * threshold, the threshold is not above the regulator's cap (the policy's
 * `regulatoryAbandonPercent`, default 3: TSR/Ofcom), and a possible operating profile.
 */
import type { Diagnostic } from './diagnostic.js';
import { errorAt } from './diagnostic.js';
import { checkProfile } from './profile-rule.js';
import { SKILL_GROUPS } from './skill-groups.js';
import type { YamlSource } from './yaml-source.js';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function generalSettings(document: unknown): Record<string, unknown> | undefined {
  const spec = isRecord(document) ? document.spec : undefined;
  return isRecord(spec) && isRecord(spec.generalSettings) ? spec.generalSettings : undefined;
}

/** Rules that need only the file. */
export function checkSkillRules(document: unknown, source: YamlSource): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const general = generalSettings(document);
  const threshold = general?.abandonRateThreshold;
  const cutoff = general?.abandonRateCutoff;
  if (typeof threshold === 'number' && typeof cutoff === 'number' && cutoff < threshold) {
    const message =
      `spec.generalSettings.abandonRateCutoff ${cutoff} is below abandonRateThreshold ${threshold}: ` +
      'the cutoff stops overdialling once the threshold is already missed, so set it at or above the threshold';
    diagnostics.push(errorAt(source.path, source.positionOf(['spec', 'generalSettings', 'abandonRateCutoff']), message, 'abandon-cutoff'));
  }
  const spec = isRecord(document) ? document.spec : undefined;
  if (isRecord(spec) && !SKILL_GROUPS.some(({ name }) => spec[name] !== undefined)) {
    const message = 'spec manages no parameter group: write at least one of generalSettings, cpaSettings or retrySettings with the fields to manage';
    diagnostics.push(errorAt(source.path, source.positionOf(['spec'], 'key'), message, 'skill-groups'));
  }
  const simulation = isRecord(spec) ? spec.simulation : undefined;
  if (isRecord(simulation)) diagnostics.push(...checkProfile(simulation.profile, ['spec', 'simulation', 'profile'], source));
  return diagnostics;
}

/** The regulatory cap, which needs the policy: `abandonRateThreshold <= capPercent`. */
export function checkRegulatoryCap(path: string, threshold: unknown, at: { line: number; column: number }, capPercent: number): Diagnostic[] {
  if (typeof threshold !== 'number' || threshold <= capPercent) return [];
  const message =
    `spec.generalSettings.abandonRateThreshold ${threshold} is above the regulatory cap of ${capPercent}% ` +
    '(regulatoryAbandonPercent in cxone-gitops.yaml; 3% is the TSR and Ofcom limit): lower it to the cap or below';
  return [errorAt(path, at, message, 'regulatory-abandon-cap')];
}
