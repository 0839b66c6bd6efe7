/** The predictive-dialer simulator, models `dialer-des/v1`, `v2`, `pc-v1`, `pc-v2` (README, "The dialer simulator and the abandon gate"). */
export { DEFAULT_PROFILE, WEIGHT_KEYS } from './types.js';
export { MODEL_ID, MODEL_IDS, PC_MODEL_ID, PC_MODEL_IDS } from './model-versions.js';
export type { ModelId, PcModelId } from './model-versions.js';
export type { Samplers } from './call-engine.js';
export type {
  Estimate,
  OperatingProfile,
  RunResult,
  SimulationInput,
  SimulationSummary,
  WeightKey,
  Weights,
} from './types.js';
export { validateSimulationInput, MAX_AGENTS, MAX_DURATION_SECONDS, MAX_REPLICATIONS } from './validate-simulation-input.js';
export { resolveSimulationInput, DEFAULT_REPLICATIONS, DEFAULT_SEED } from './resolve-simulation-input.js';
export type { ResolvedSimulationInput } from './resolve-simulation-input.js';
export { InvalidSimulationInputError, isInvalidSimulationInputError } from './invalid-simulation-input-error.js';
export { runReplication } from './run-replication.js';
export { simulate } from './simulate.js';
export { summarizeReplications } from './summarize-replications.js';
export { createSimulationPool } from './simulation-pool.js';
export type { SimulationPool, SimulationPoolOptions } from './simulation-pool.js';
export { withWarmPool } from './warm-pool.js';
export type { CreateSimulationPool } from './warm-pool.js';
export { pacingFor, dialsAtTick } from './pacing.js';
export type { Pacing } from './pacing.js';
export { deriveReplicationSeed } from './rng.js';
export { studentT975 } from './student-t.js';
export { lognormalParameters } from './lognormal-parameters.js';
export type { LognormalParameters } from './lognormal-parameters.js';
export { PC_DEFAULT_SETTINGS, AGGRESSIVENESS_STEP } from './pc-types.js';
export type {
  PcAggressiveness,
  PcCounts,
  PcRunResult,
  PcSettings,
  PcSimulationInput,
  PcSimulationSummary,
  ResolvedPcSettings,
} from './pc-types.js';
export { simulatePc } from './simulate-pc.js';
export { runPcReplication } from './run-pc-replication.js';
export { PcDialer, TSR_CONNECT_SECONDS } from './pc-dialer.js';
export { resolvePcSimulationInput, resolvePcSettings, validatePcSettings, validatePcSimulationInput } from './resolve-pc-simulation-input.js';
export type { ResolvedPcSimulationInput } from './resolve-pc-simulation-input.js';
export { summarizePcReplications } from './summarize-pc-replications.js';
export { pcSettingsFromSkill, PC_GENERAL_FIELDS } from './pc-settings-from-skill.js';
