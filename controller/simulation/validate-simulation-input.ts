import { modelProblem } from './model-versions.js';
import { DEFAULT_PROFILE, WEIGHT_KEYS } from './types.js';
import type { OperatingProfile } from './types.js';

/** Largest durationSeconds accepted (one day). */
export const MAX_DURATION_SECONDS = 86_400;
/** Largest replications accepted. */
export const MAX_REPLICATIONS = 1_000;
/** Largest profile.agents accepted. */
export const MAX_AGENTS = 10_000;

type ProfileKey = keyof OperatingProfile;

/** How each profile field is checked: the predicate and the phrase used when it fails. */
const PROFILE_RULES: Record<ProfileKey, { ok: (value: number) => boolean; must: string }> = {
  agents: { ok: (v) => Number.isInteger(v) && v >= 1 && v <= MAX_AGENTS, must: `an integer in 1..${MAX_AGENTS}` },
  answerProbability: { ok: (v) => v >= 0 && v <= 1, must: 'a number in [0, 1]' },
  machineProbability: { ok: (v) => v >= 0 && v <= 1, must: 'a number in [0, 1]' },
  ringMeanSeconds: { ok: (v) => v > 0, must: 'a number > 0' },
  ringTimeoutSeconds: { ok: (v) => v > 0, must: 'a number > 0' },
  avgTalkSeconds: { ok: (v) => v > 0, must: 'a number > 0' },
  talkCv: { ok: (v) => v >= 0, must: 'a number >= 0' },
  wrapSeconds: { ok: (v) => v >= 0, must: 'a number >= 0' },
  abandonAfterSeconds: { ok: (v) => v >= 0, must: 'a number >= 0' },
  machineHoldSeconds: { ok: (v) => v >= 0, must: 'a number >= 0' },
};

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

function isIntegerIn(value: unknown, low: number, high: number): boolean {
  return isFiniteNumber(value) && Number.isInteger(value) && value >= low && value <= high;
}

function checkWeights(weights: unknown, problems: string[]): void {
  if (!isRecord(weights)) {
    problems.push('weights must be an object of weight name to number');
    return;
  }
  const known: readonly string[] = WEIGHT_KEYS;
  for (const [key, value] of Object.entries(weights)) {
    if (!known.includes(key)) {
      problems.push(`weights.${key} is not a known weight (known: ${WEIGHT_KEYS.join(', ')})`);
    } else if (value !== undefined && !(isFiniteNumber(value) && value >= -1 && value <= 1)) {
      problems.push(`weights.${key} must be a number in [-1, 1]`);
    }
  }
}

function checkProfile(profile: unknown, problems: string[]): void {
  if (profile === undefined) return;
  if (!isRecord(profile)) {
    problems.push('profile must be an object of operating profile fields');
    return;
  }
  for (const [key, value] of Object.entries(profile)) {
    if (!Object.hasOwn(PROFILE_RULES, key)) {
      problems.push(`profile.${key} is not a known profile field (known: ${Object.keys(PROFILE_RULES).join(', ')})`);
      continue;
    }
    const rule = PROFILE_RULES[key as ProfileKey];
    if (value !== undefined && !(isFiniteNumber(value) && rule.ok(value))) {
      problems.push(`profile.${key} must be ${rule.must}`);
    }
  }
  const answer = profile.answerProbability ?? DEFAULT_PROFILE.answerProbability;
  const machine = profile.machineProbability ?? DEFAULT_PROFILE.machineProbability;
  const inRange = (v: unknown): v is number => isFiniteNumber(v) && v >= 0 && v <= 1;
  if (inRange(answer) && inRange(machine) && answer + machine > 1) {
    problems.push('profile.answerProbability + profile.machineProbability must be <= 1');
  }
}

/**
 * Every problem with a simulation input, each a sentence naming the field; empty when the input is
 * valid. Accepts unknown data (e.g. parsed JSON), so it is safe on a request body.
 */
export function validateSimulationInput(input: unknown): string[] {
  const problems: string[] = [];
  if (!isRecord(input)) return ['input must be an object with weights and durationSeconds'];
  checkWeights(input.weights, problems);
  checkProfile(input.profile, problems);
  if (!isIntegerIn(input.durationSeconds, 1, MAX_DURATION_SECONDS)) {
    problems.push(`durationSeconds must be an integer in 1..${MAX_DURATION_SECONDS}`);
  }
  if (input.replications !== undefined && !isIntegerIn(input.replications, 1, MAX_REPLICATIONS)) {
    problems.push(`replications must be an integer in 1..${MAX_REPLICATIONS}`);
  }
  if (input.seed !== undefined && !Number.isSafeInteger(input.seed)) {
    problems.push('seed must be a safe integer');
  }
  const model = modelProblem(input.model, 'campaign');
  if (model !== undefined) problems.push(model);
  return problems;
}
