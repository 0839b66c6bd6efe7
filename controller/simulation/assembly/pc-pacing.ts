/**
 * pc-v1's pacing inside the call engine's module (README, "The pc-v1 pacing model"): the rolling
 * abandon window, the ratio rule every ADJUST_EVERY_SECONDS and the dials at each tick, the same
 * operations in the same order as controller/simulation/pc-pacing.ts (PcPacer, whose rule the first
 * pc-v1 dialler in test/support/reference-engine/ runs), with the window of
 * pc-abandon-window.ts kept from the engine's counts at each tick: engine-equivalence.test.ts holds
 * the two dialers equal, and golden-outputs.test.ts pins pc-v1's and pc-v2's numbers.
 */
import {
  parameter, P_CUTOFF, P_DAMPEN_AT, P_DIALS_PER_SECOND_CAP, P_LINES_PER_AGENT_CAP, P_LOOK_AHEAD, P_MAX_LINES, P_OVERDIAL_SHARE, P_PACER_AGENTS, P_STEP,
} from './parameters';

/** Seconds the window looks back over (pc-abandon-window.ts). */
export const ABANDON_WINDOW_SECONDS: i32 = 900;
const ADJUST_EVERY_SECONDS: i32 = 10;
const MIN_LIVE_ANSWERS_TO_ADJUST: f64 = 50;

/** The dial ratio r (1..M) and the cutoff latch. */
export let pcRatio: f64 = 1;
export let pcCutOff: bool = false;
/** Statistics: pacing ticks, the sum of the ratio in force, seconds with the latch set. */
export let pcTicks: f64 = 0;
export let pcRatioSum: f64 = 0;
export let pcCutoffSeconds: f64 = 0;
/** The window: cumulative live answers and abandons at each of the last 900 ticks (a ring), and its sums. */
let liveAt: usize = 0;
let abandonsAt: usize = 0;
let liveSeen: f64 = 0;
let liveInWindow: f64 = 0;
let abandonsInWindow: f64 = 0;

/** A new dialler: ratio 1, no latch, no statistics, an empty window at `window` (2 · 900 f64). */
export function resetPc(window: usize): void {
  liveAt = window;
  abandonsAt = window + (<usize>ABANDON_WINDOW_SECONDS << 3);
  memory.fill(window, 0, <usize>ABANDON_WINDOW_SECONDS << 4);
  pcRatio = 1;
  pcCutOff = false;
  pcTicks = 0;
  pcRatioSum = 0;
  pcCutoffSeconds = 0;
  liveSeen = 0;
  liveInWindow = 0;
  abandonsInWindow = 0;
}

/** New settings: the ratio carries over, capped by the new M (PcPacer.configure). */
export function capPcRatio(): void {
  pcRatio = min<f64>(pcRatio, parameter(P_LINES_PER_AGENT_CAP));
}

/** The ratio rule (PcPacer.adjust). */
function adjust(): void {
  if (liveSeen < MIN_LIVE_ANSWERS_TO_ADJUST) return;
  const rate = liveInWindow > 0 ? abandonsInWindow / liveInWindow : 0;
  const dampenAt = parameter(P_DAMPEN_AT);
  if (pcCutOff && rate < dampenAt) pcCutOff = false;
  if (rate >= parameter(P_CUTOFF)) {
    pcCutOff = true;
    pcRatio = 1;
  } else if (pcCutOff) {
    pcRatio = 1;
  } else if (rate >= dampenAt) {
    pcRatio = max<f64>(1, pcRatio - 2 * parameter(P_STEP));
  } else {
    pcRatio = min<f64>(parameter(P_LINES_PER_AGENT_CAP), pcRatio + parameter(P_STEP));
  }
}

/** The dials at `tick` (the tick pacer of pc-dialer.ts): the window, the rule every 10 s, the ratio in force, the dials. */
export function pcDials(tick: i32, freeAgents: i32, linesInFlight: i32, liveAnswers: i32, abandons: i32): i32 {
  // The window: the slot holds the counts at tick − 900 (0 before the window first filled).
  const slot = <usize>(tick % ABANDON_WINDOW_SECONDS) << 3;
  const live = <f64>liveAnswers;
  const abandoned = <f64>abandons;
  liveInWindow = live - load<f64>(liveAt + slot);
  abandonsInWindow = abandoned - load<f64>(abandonsAt + slot);
  store<f64>(liveAt + slot, live);
  store<f64>(abandonsAt + slot, abandoned);
  liveSeen = live;
  if (tick > 0 && tick % ADJUST_EVERY_SECONDS == 0) adjust();
  const free = <f64>max<i32>(0, freeAgents);
  const agents = parameter(P_PACER_AGENTS);
  // PcPacer.ratioInForce: r while at least the overdial share of agents is busy, else 1.
  const ratio: f64 = pcRatio > 1 && agents - free >= parameter(P_OVERDIAL_SHARE) * agents ? pcRatio : 1;
  pcTicks += 1;
  pcRatioSum += ratio;
  if (pcCutOff) pcCutoffSeconds += 1;
  // PcPacer.dialsAt, then never past the cap of lines in flight (a cut in agents can leave more).
  const expectedFree = ratio > 1 ? free + parameter(P_LOOK_AHEAD) * (agents - free) : free;
  const level = Math.floor(min<f64>(parameter(P_LINES_PER_AGENT_CAP) * agents, ratio * expectedFree));
  const lines = <f64>linesInFlight;
  const dials = min<f64>(parameter(P_DIALS_PER_SECOND_CAP), max<f64>(0, level - lines));
  return <i32>min<f64>(dials, max<f64>(0, parameter(P_MAX_LINES) - lines));
}
