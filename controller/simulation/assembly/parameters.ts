/**
 * The call engine module's parameter block: f64 slots the host (call-engine.ts) writes before a
 * run, at a static address. Shared by the loop (call-engine.ts) and pc-v1's pacing (pc-pacing.ts).
 */
export const P_AGENTS: i32 = 0;
export const P_LIVE: i32 = 1;
export const P_MACHINE: i32 = 2;
export const P_RING_MEAN: i32 = 3;
export const P_RING_TIMEOUT: i32 = 4;
export const P_TALK_MU: i32 = 5;
export const P_TALK_SIGMA: i32 = 6;
export const P_WRAP: i32 = 7;
export const P_PATIENCE: i32 = 8;
export const P_MACHINE_HOLD: i32 = 9;
export const P_LATE_AFTER: i32 = 10;
export const P_HORIZON: i32 = 11;
/** 1: ziggurat draws; 0: inversion and Box–Muller. */
export const P_ZIGGURAT: i32 = 12;
/** The pacer: PACER_HOST (the host's, called each tick), PACER_WEIGHTS or PACER_PC (inline, below). */
export const P_PACER: i32 = 13;
export const PACER_HOST: i32 = 0;
export const PACER_WEIGHTS: i32 = 1;
export const PACER_PC: i32 = 2;
export const P_LOOK_AHEAD: i32 = 14;
export const P_DIAL_LEVEL: i32 = 15;
export const P_LINES_PER_AGENT_CAP: i32 = 16;
export const P_DIALS_PER_SECOND_CAP: i32 = 17;
export const P_PACER_AGENTS: i32 = 18;
/** pc-v1's ratio rule (pc-pacing.ts): the step, the dampen point, the cutoff, the busy share before overdial, the cap of lines in flight. */
export const P_STEP: i32 = 19;
export const P_DAMPEN_AT: i32 = 20;
export const P_CUTOFF: i32 = 21;
export const P_OVERDIAL_SHARE: i32 = 22;
export const P_MAX_LINES: i32 = 23;
export const PARAMETERS: i32 = 24;

/** The block itself: static, so that a read is one load from a constant address. */
export const parameters: usize = memory.data(PARAMETERS << 3, 16);

@inline export function parameter(index: i32): f64 {
  return load<f64>(parameters + (<usize>index << 3));
}
