/**
 * The local gate of an OutboundSkill (README, "The pc-v1 pacing model"): before any write, the
 * proposed parameters are simulated with `dialer-des/pc-v2` on the skill's operating profile
 * (spec.simulation.profile over the defaults) and refused when the upper 95% bound of the
 * abandon rate breaks spec.simulation.maxAbandonRate. Used by the controller, `plan --simulate`
 * and `simulate FILE`.
 */
import type { LiveSkill } from '../domain/live-skill.js';
import type { SkillSpec } from '../domain/skill-spec.js';
import { pcSettingsFromSkill, simulatePc, type PcSimulationInput, type PcSimulationSummary, type SimulationPool } from '../simulation/index.js';
import { DEFAULT_PROFILE, type OperatingProfile } from '../simulation/types.js';
import { GATE_REPLICATIONS, GATE_SEED, judgeGate, type GateVerdict } from './local-gate.js';

/** The profile a skill dials against: the defaults, then the file's spec.simulation.profile. */
export function skillProfileFor(skill: SkillSpec): OperatingProfile {
  return { ...DEFAULT_PROFILE, ...skill.simulation.profile };
}

/** The pc-v1 input of a skill: the live groups with the desired fields over them (what the write would leave live). */
export function skillGateInput(skill: SkillSpec, live?: LiveSkill, overrides: Partial<Pick<PcSimulationInput, 'durationSeconds' | 'replications' | 'seed' | 'model'>> = {}): PcSimulationInput {
  const general = { ...live?.groups.generalSettings, ...skill.groups.generalSettings };
  const cpa = { ...live?.groups.cpaSettings, ...skill.groups.cpaSettings };
  return {
    settings: pcSettingsFromSkill(general, cpa).settings,
    profile: skillProfileFor(skill),
    durationSeconds: overrides.durationSeconds ?? skill.simulation.durationSeconds,
    replications: overrides.replications ?? GATE_REPLICATIONS,
    seed: overrides.seed ?? GATE_SEED,
    ...(overrides.model === undefined ? {} : { model: overrides.model }),
  };
}

export function judgeSkillPrediction(summary: PcSimulationSummary, limit: number): GateVerdict {
  return judgeGate({ abandonRate: summary.abandonRate.mean, abandonRateUpper95: summary.abandonRateUpper95, occupancy: summary.occupancy.mean, answerRate: summary.answerRate.mean }, limit);
}

/** The gate on a pool (the controller); `simulateSkill` is the same on the calling thread. */
export async function runSkillGate(pool: SimulationPool, skill: SkillSpec, live?: LiveSkill): Promise<GateVerdict & { summary: PcSimulationSummary }> {
  const summary = await pool.runPc(skillGateInput(skill, live));
  return { ...judgeSkillPrediction(summary, skill.simulation.maxAbandonRate), summary };
}

export function simulateSkill(skill: SkillSpec, overrides: Partial<Pick<PcSimulationInput, 'durationSeconds' | 'replications' | 'seed' | 'model'>> = {}): PcSimulationSummary {
  return simulatePc(skillGateInput(skill, undefined, overrides));
}
