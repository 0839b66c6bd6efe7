import { InvalidSimulationInputError } from './invalid-simulation-input-error.js';
import { modelProblem, PC_MODEL_ID, type PcModelId } from './model-versions.js';
import { resolveSimulationInput } from './resolve-simulation-input.js';
import { PC_DEFAULT_SETTINGS } from './pc-types.js';
import type { PcSettings, PcSimulationInput, ResolvedPcSettings } from './pc-types.js';
import type { OperatingProfile } from './types.js';
import { validateSimulationInput } from './validate-simulation-input.js';

/** A validated pc-v1 input with every default filled in. */
export interface ResolvedPcSimulationInput {
  settings: ResolvedPcSettings;
  profile: OperatingProfile;
  durationSeconds: number;
  replications: number;
  seed: number;
  model: PcModelId;
}

type NumericKey = Exclude<keyof ResolvedPcSettings, 'aggressiveness'>;

/** Range of each numeric setting, as the API's PUT schema gives it. */
const NUMERIC_RULES: Record<NumericKey, { low: number; high: number; integer: boolean }> = {
  maximumRatio: { low: 1, high: 3, integer: true },
  abandonRateThreshold: { low: 0, high: 99.9, integer: false },
  abandonRateCutoff: { low: 0, high: 100, integer: false },
  beginDampenPercentage: { low: 0, high: 100, integer: false },
  percentageOfAgentsBeforeOverdial: { low: 0, high: 100, integer: false },
  maximumRingingDuration: { low: 1, high: 60, integer: true },
  maxConcurrentCallsPerAgent: { low: 1, high: 10, integer: true },
  abandonTimeout: { low: 0, high: 60, integer: false },
};

const AGGRESSIVENESS_NAMES = ['conservative', 'moderate', 'aggressive'] as const;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Every problem with pc-v1 settings, each a sentence naming the field; empty when valid. */
export function validatePcSettings(settings: unknown): string[] {
  if (!isRecord(settings)) return ['settings must be an object of skill parameters'];
  const problems: string[] = [];
  for (const [key, value] of Object.entries(settings)) {
    if (value === undefined || value === null) continue;
    if (key === 'aggressiveness') {
      const ok = (AGGRESSIVENESS_NAMES as readonly unknown[]).includes(value) || value === 0 || value === 1 || value === 2;
      if (!ok) problems.push('settings.aggressiveness must be conservative, moderate or aggressive (or 0, 1, 2)');
      continue;
    }
    if (!Object.hasOwn(NUMERIC_RULES, key)) {
      problems.push(`settings.${key} is not a parameter pc-v1 reads (known: aggressiveness, ${Object.keys(NUMERIC_RULES).join(', ')})`);
      continue;
    }
    const rule = NUMERIC_RULES[key as NumericKey];
    const ok =
      typeof value === 'number' && Number.isFinite(value) && value >= rule.low && value <= rule.high &&
      (!rule.integer || Number.isInteger(value));
    if (!ok) problems.push(`settings.${key} must be ${rule.integer ? 'an integer' : 'a number'} in ${rule.low}..${rule.high}`);
  }
  return problems;
}

/** Every problem with a pc-v1 input (settings, profile, duration, replications, seed). */
export function validatePcSimulationInput(input: unknown): string[] {
  if (!isRecord(input)) return ['input must be an object with settings and durationSeconds'];
  const { settings, model, ...rest } = input;
  const problem = modelProblem(model, 'skill');
  return [...validatePcSettings(settings), ...validateSimulationInput({ ...rest, weights: {} }), ...(problem === undefined ? [] : [problem])];
}

/** The settings with defaults filled in; assumes validatePcSettings found nothing. */
export function resolvePcSettings(settings: PcSettings): ResolvedPcSettings {
  const resolved: ResolvedPcSettings = { ...PC_DEFAULT_SETTINGS };
  for (const key of Object.keys(NUMERIC_RULES) as NumericKey[]) {
    const value = settings[key];
    if (typeof value === 'number') resolved[key] = value;
  }
  const aggressiveness = settings.aggressiveness;
  if (typeof aggressiveness === 'number') resolved.aggressiveness = AGGRESSIVENESS_NAMES[aggressiveness] ?? 'conservative';
  else if (typeof aggressiveness === 'string') resolved.aggressiveness = aggressiveness;
  return resolved;
}

/**
 * Validates a pc-v1 input and fills in defaults (settings over PC_DEFAULT_SETTINGS, the profile
 * over DEFAULT_PROFILE, replications 20, seed 1, the current model). Throws InvalidSimulationInputError listing every problem.
 */
export function resolvePcSimulationInput(input: PcSimulationInput): ResolvedPcSimulationInput {
  const problems = validatePcSimulationInput(input);
  if (problems.length > 0) throw new InvalidSimulationInputError(problems);
  const { profile, durationSeconds, replications, seed } = resolveSimulationInput({ ...input, model: undefined, weights: {} });
  return { settings: resolvePcSettings(input.settings), profile, durationSeconds, replications, seed, model: input.model ?? PC_MODEL_ID };
}
