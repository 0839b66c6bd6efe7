import { InvalidSimulationInputError } from './invalid-simulation-input-error.js';
import { MODEL_ID, type ModelId } from './model-versions.js';
import { DEFAULT_PROFILE, WEIGHT_KEYS } from './types.js';
import type { OperatingProfile, SimulationInput, Weights } from './types.js';
import { validateSimulationInput } from './validate-simulation-input.js';

/** Replications when the input does not say. */
export const DEFAULT_REPLICATIONS = 20;
/** Seed when the input does not say. */
export const DEFAULT_SEED = 1;

/** A validated input with every default filled in. */
export interface ResolvedSimulationInput {
  weights: Required<Weights>;
  profile: OperatingProfile;
  durationSeconds: number;
  replications: number;
  seed: number;
  model: ModelId;
}

/**
 * Validates the input and fills in defaults: weights missing keys as 0, the profile over
 * DEFAULT_PROFILE (fields set to undefined count as missing), replications 20, seed 1, the
 * current model.
 * Throws InvalidSimulationInputError listing every problem.
 */
export function resolveSimulationInput(input: SimulationInput): ResolvedSimulationInput {
  const problems = validateSimulationInput(input);
  if (problems.length > 0) throw new InvalidSimulationInputError(problems);
  const weights = {} as Required<Weights>;
  for (const key of WEIGHT_KEYS) weights[key] = input.weights[key] ?? 0;
  const profile: OperatingProfile = { ...DEFAULT_PROFILE };
  for (const [key, value] of Object.entries(input.profile ?? {})) {
    if (value !== undefined) profile[key as keyof OperatingProfile] = value;
  }
  return {
    weights,
    profile,
    durationSeconds: input.durationSeconds,
    replications: input.replications ?? DEFAULT_REPLICATIONS,
    seed: input.seed ?? DEFAULT_SEED,
    model: input.model ?? MODEL_ID,
  };
}
