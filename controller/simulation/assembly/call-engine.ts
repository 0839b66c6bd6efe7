/**
 * The call engine's hot loop in WebAssembly (AssemblyScript, compiled by `npm run build` to
 * dist/controller/simulation/call-engine.wasm; docs/architecture.md, "The simulator"). One
 * instance is one engine: its state lives in this module's globals and memory between advances,
 * and `wasm-call-engine.ts` wraps it as the `CallEngine` every model runs on.
 *
 * The algorithm is the one call-engine.ts documents: a calendar of 1-second buckets for the events
 * with a random time, FIFO lanes for the constant-delay ones, line releases taken in bulk before
 * each tick, the next event the earliest by (time, insertion order). Every floating-point
 * operation is the same, in the same order, as the JavaScript engine it replaced, and the
 * transcendental functions (exp, log, sin, cos) are JavaScript's own `Math` functions, imported:
 * a seed gives the same results bit for bit (test/unit/simulation/golden-outputs.test.ts).
 *
 * Memory: the random block, the ziggurat's tables (written by the host at start), the calendar's
 * buckets and nodes, and the lanes, bump-allocated from the heap base. A full lane or node pool
 * is copied into one twice its size (rare: lines in flight are capped by the pacer); `reset`
 * starts again from the base with the capacities the last run needed.
 */

import { cosine, exp as jsExp, log as jsLog, sinCos, trigInRange } from './fdlibm';
import { parameter, parameters, P_AGENTS, P_DIALS_PER_SECOND_CAP, P_DIAL_LEVEL, P_HORIZON, P_LATE_AFTER, P_LINES_PER_AGENT_CAP, P_LIVE, P_LOOK_AHEAD, P_MACHINE, P_MACHINE_HOLD, P_PACER, P_PACER_AGENTS, P_PATIENCE, P_RING_MEAN, P_RING_TIMEOUT, P_TALK_MU, P_TALK_SIGMA, P_WRAP, P_ZIGGURAT, PACER_PC, PACER_WEIGHTS, PACER_HOST } from './parameters';
import { ABANDON_WINDOW_SECONDS, capPcRatio, pcCutoffSeconds, pcCutOff, pcDials, pcRatio, pcRatioSum, pcTicks, resetPc } from './pc-pacing';

// JavaScript's Math.sin and Math.cos, for an angle outside the range fdlibm.ts covers (never, for
// Box–Muller's 2π·U; kept so that any angle gives JavaScript's result).
@external("env", "sin") declare function hostSin(x: f64): f64;
@external("env", "cos") declare function hostCos(x: f64): f64;
/** The host's pacer (PacingView's fields): dials at this tick, already checked against its cap. */
@external("env", "pace") declare function hostPace(tick: i32, freeAgents: i32, linesInFlight: i32, liveAnswers: i32, abandoned: i32, connectedLate: i32): i32;

const TWO_POW_MINUS_32: f64 = 1.0 / 4294967296.0;
const TWO_PI: f64 = 2.0 * 3.141592653589793;
const BIT_BLOCK: i32 = 512;
const LIVE_ANSWER: i32 = 0;
const MACHINE_ANSWER: i32 = 1;
const AGENT_FREE: i32 = 2;
const EXPONENTIAL_R: f64 = 7.697117470131487;
const NORMAL_R: f64 = 3.442619855899;
const INITIAL_CAPACITY: i32 = 64;

// The parameter block's slots are parameters.ts's (re-exported for the host).
export * from './parameters';

// ---- The counts block (f64 slots written by `writeCounts`). ----
export const C_DIALS: i32 = 0;
export const C_LIVE: i32 = 1;
export const C_MACHINE: i32 = 2;
export const C_NO_ANSWER: i32 = 3;
export const C_CONNECTED: i32 = 4;
export const C_ABANDONED: i32 = 5;
export const C_LATE: i32 = 6;
export const C_BUSY_SECONDS: i32 = 7;
export const C_BUSY_INTEGRAL: i32 = 8;
export const C_TALK: i32 = 9;
export const C_WRAP: i32 = 10;
export const C_WAIT: i32 = 11;
export const C_EVENTS: i32 = 12;
export const C_RINGING: i32 = 13;
export const C_MACHINE_HOLDING: i32 = 14;
export const C_WAITING: i32 = 15;
export const C_TICK: i32 = 16;
export const C_FREE_AGENTS: i32 = 17;
/** pc-v1's statistics and state: pacing ticks, the sum of the ratio used, seconds cut off, the ratio, the cutoff latch (1/0). */
export const C_PC_TICKS: i32 = 18;
export const C_PC_RATIO_SUM: i32 = 19;
export const C_PC_CUTOFF_SECONDS: i32 = 20;
export const C_PC_RATIO: i32 = 21;
export const C_PC_CUT_OFF: i32 = 22;
export const COUNTS: i32 = 24;

// ---- Fixed regions (from the heap base). ----
let countsBlock: usize = 0;
/** Exponential tables k, w, f (256 each), then the normal's (128 each). */
let exponentialK: usize = 0;
let exponentialW: usize = 0;
let exponentialF: usize = 0;
let normalK: usize = 0;
let normalW: usize = 0;
let normalF: usize = 0;
let block: usize = 0;
let rngState: usize = 0;
/** Where the per-run regions start, and the bump pointer. */
let runBase: usize = 0;
let top: usize = 0;

// ---- Per-run regions and state. ----
let bucketHeads: usize = 0;
let calendarMask: i32 = 0;
let nodeTimes: usize = 0;
let nodeOrders: usize = 0;
let nodeKinds: usize = 0;
let nodeNext: usize = 0;
let nodeCapacity: i32 = INITIAL_CAPACITY;
let freeNode: i32 = 0;
let unusedNode: i32 = 1;
let cursor: i32 = 0;
let noAnswerTimes: usize = 0;
let noAnswerCounts: usize = 0;
let noAnswerMask: i32 = INITIAL_CAPACITY - 1;
let noAnswerHead: i32 = 0;
let noAnswerTail: i32 = 0;
let noAnswerLast: f64 = -Infinity;
let machineTimes: usize = 0;
let machineMask: i32 = INITIAL_CAPACITY - 1;
let machineHead: i32 = 0;
let machineTail: i32 = 0;
let machineLast: f64 = -Infinity;
let abandonTimes: usize = 0;
let abandonOrders: usize = 0;
let abandonTickets: usize = 0;
let abandonMask: i32 = INITIAL_CAPACITY - 1;
let abandonHead: i32 = 0;
let abandonTail: i32 = 0;
let abandonLast: f64 = -Infinity;
let waitingSince: usize = 0;
let waitingMask: i32 = INITIAL_CAPACITY - 1;
let waitingHead: i32 = 0;
let waitingTail: i32 = 0;
let order: f64 = 0;
let tick: i32 = 0;
let next: i32 = BIT_BLOCK;
let spareNormal: f64 = 0;
let hasSpareNormal: bool = false;
let freeAgents: i32 = 0;
let ringing: i32 = 0;
let machineHolding: i32 = 0;
let busyChangedAt: f64 = 0;
let busyIntegral: f64 = 0;
let dials: f64 = 0;
let liveAnswers: i32 = 0;
let machineAnswers: f64 = 0;
let noAnswers: f64 = 0;
let connected: f64 = 0;
let connectedLate: i32 = 0;
let abandoned: i32 = 0;
let events: f64 = 0;
let busySeconds: f64 = 0;
let talkSeconds: f64 = 0;
let wrapSeconds: f64 = 0;
let waitSeconds: f64 = 0;

@inline function f64At(base: usize, index: i32): f64 {
  return load<f64>(base + (<usize>index << 3));
}
@inline function setF64(base: usize, index: i32, value: f64): void {
  store<f64>(base + (<usize>index << 3), value);
}
@inline function i32At(base: usize, index: i32): i32 {
  return load<i32>(base + (<usize>index << 2));
}
@inline function setI32(base: usize, index: i32, value: i32): void {
  store<i32>(base + (<usize>index << 2), value);
}

/** `bytes` (a multiple of 8) from the bump pointer, growing the memory when needed. */
function allocate(bytes: usize): usize {
  const start = top;
  top += bytes;
  const pages = <i32>((top + 0xffff) >>> 16);
  const have = memory.size();
  if (pages > have && memory.grow(pages - have) < 0) unreachable();
  return start;
}

/** Lays out the fixed regions; returns the parameter block's address (the others follow from the exports below). */
export function setup(): usize {
  top = (__heap_base + 15) & ~(<usize>15);
  countsBlock = allocate(<usize>COUNTS << 3);
  exponentialK = allocate(256 << 3);
  exponentialW = allocate(256 << 3);
  exponentialF = allocate(256 << 3);
  normalK = allocate(128 << 3);
  normalW = allocate(128 << 3);
  normalF = allocate(128 << 3);
  block = allocate(<usize>BIT_BLOCK << 2);
  rngState = allocate(16);
  runBase = top;
  return parameters;
}
export function countsAddress(): usize {
  return countsBlock;
}
/** The ziggurat tables' address: exponential k, w, f (256 f64 each), then normal k, w, f (128 each). */
export function tablesAddress(): usize {
  return exponentialK;
}
/** The RNG's state (four i32: xoshiro128**'s s0..s3), written by the host at reset. */
export function rngStateAddress(): usize {
  return rngState;
}

/**
 * A new engine (after the host wrote the parameters and the RNG state): an empty calendar of
 * `buckets` (a power of two), empty lanes, every count 0, the agents all free.
 */
export function reset(buckets: i32): void {
  top = runBase;
  bucketHeads = allocate(<usize>buckets << 2);
  memory.fill(bucketHeads, 0, <usize>buckets << 2);
  calendarMask = buckets - 1;
  nodeTimes = allocate(<usize>nodeCapacity << 3);
  nodeOrders = allocate(<usize>nodeCapacity << 3);
  nodeKinds = allocate(<usize>nodeCapacity << 2);
  nodeNext = allocate(<usize>nodeCapacity << 2);
  store<f64>(nodeOrders, 0);
  noAnswerTimes = allocate(<usize>(noAnswerMask + 1) << 3);
  noAnswerCounts = allocate(<usize>(noAnswerMask + 1) << 2);
  machineTimes = allocate(<usize>(machineMask + 1) << 3);
  abandonTimes = allocate(<usize>(abandonMask + 1) << 3);
  abandonOrders = allocate(<usize>(abandonMask + 1) << 3);
  abandonTickets = allocate(<usize>(abandonMask + 1) << 2);
  waitingSince = allocate(<usize>(waitingMask + 1) << 3);
  resetPc(allocate(<usize>ABANDON_WINDOW_SECONDS << 4));
  freeNode = 0;
  unusedNode = 1;
  cursor = 0;
  noAnswerHead = 0;
  noAnswerTail = 0;
  noAnswerLast = -Infinity;
  machineHead = 0;
  machineTail = 0;
  machineLast = -Infinity;
  abandonHead = 0;
  abandonTail = 0;
  abandonLast = -Infinity;
  waitingHead = 0;
  waitingTail = 0;
  order = 0;
  tick = 0;
  next = BIT_BLOCK;
  spareNormal = 0;
  hasSpareNormal = false;
  freeAgents = <i32>parameter(P_AGENTS);
  ringing = 0;
  machineHolding = 0;
  busyChangedAt = 0;
  busyIntegral = 0;
  dials = 0;
  liveAnswers = 0;
  machineAnswers = 0;
  noAnswers = 0;
  connected = 0;
  connectedLate = 0;
  abandoned = 0;
  events = 0;
  busySeconds = 0;
  talkSeconds = 0;
  wrapSeconds = 0;
  waitSeconds = 0;
}

/**
 * A new call process from the next tick (the host wrote the new parameters): the change in agents
 * frees or takes agents, and pc-v1's ratio is capped by its new M (pc-pacing.ts configure).
 */
export function changeAgents(delta: i32): void {
  freeAgents += delta;
  capPcRatio();
}

/** xoshiro128** (rng.ts, fillBits): the next BIT_BLOCK words into the block. */
function refill(): i32 {
  let s0 = load<i32>(rngState);
  let s1 = load<i32>(rngState, 4);
  let s2 = load<i32>(rngState, 8);
  let s3 = load<i32>(rngState, 12);
  for (let index = 0; index < BIT_BLOCK; index += 1) {
    const product = s1 * 5;
    setI32(block, index, rotl<i32>(product, 7) * 9);
    const t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = rotl<i32>(s3, 11);
  }
  store<i32>(rngState, s0);
  store<i32>(rngState, s1, 4);
  store<i32>(rngState, s2, 8);
  store<i32>(rngState, s3, 12);
  return 0;
}

@inline function word(): u32 {
  if (next == BIT_BLOCK) next = refill();
  const value = load<u32>(block + (<usize>next << 2));
  next += 1;
  return value;
}

/** A uniform on (0, 1), a word's midpoint (ziggurat.ts, openUniform). */
function openUniform(): f64 {
  return (<f64>word() + 0.5) * TWO_POW_MINUS_32;
}

/** ziggurat.ts exponentialSlow. */
function exponentialSlow(first: u32): f64 {
  let layer = <i32>(first & 255);
  let value = first >>> 8;
  for (;;) {
    if (layer == 0) return EXPONENTIAL_R - jsLog(openUniform());
    const x = <f64>value * f64At(exponentialW, layer);
    if (f64At(exponentialF, layer) + openUniform() * (f64At(exponentialF, layer - 1) - f64At(exponentialF, layer)) < jsExp(-x)) return x;
    const drawn = word();
    layer = <i32>(drawn & 255);
    value = drawn >>> 8;
    if (<f64>value < f64At(exponentialK, layer)) return <f64>value * f64At(exponentialW, layer);
  }
  return unreachable();
}

/** ziggurat.ts normalSlow. */
function normalSlow(first: u32): f64 {
  let current = first;
  for (;;) {
    const layer = <i32>(current & 127);
    const negative = (current & 128) != 0;
    const value = current >>> 8;
    let x: f64 = -1;
    if (layer == 0) {
      let tail: f64;
      let y: f64;
      do {
        tail = -jsLog(openUniform()) / NORMAL_R;
        y = -jsLog(openUniform());
      } while (y + y < tail * tail);
      x = NORMAL_R + tail;
    } else {
      const candidate = <f64>value * f64At(normalW, layer);
      if (f64At(normalF, layer) + openUniform() * (f64At(normalF, layer - 1) - f64At(normalF, layer)) < jsExp(-0.5 * candidate * candidate)) x = candidate;
    }
    if (x >= 0) return negative ? 0 - x : x;
    current = word();
    const nextValue = current >>> 8;
    const nextLayer = <i32>(current & 127);
    if (<f64>nextValue < f64At(normalK, nextLayer)) {
      const accepted = <f64>nextValue * f64At(normalW, nextLayer);
      return (current & 128) != 0 ? 0 - accepted : accepted;
    }
  }
  return unreachable();
}

/** JavaScript's `(value | 0) & mask` for a time ≥ 0 (ToInt32; a non-finite time gives 0). */
@inline function bucketOf(value: f64, mask: i32): i32 {
  if (value < 9007199254740992.0) return <i32><i64>value & mask;
  return bucketOfLarge(value, mask);
}
function bucketOfLarge(value: f64, mask: i32): i32 {
  if (!isFinite(value)) return 0;
  const wrapped = value - 4294967296.0 * Math.floor(value / 4294967296.0);
  return <i32><i64>wrapped & mask;
}

function growNodes(): void {
  const capacity = nodeCapacity * 2;
  const times = allocate(<usize>capacity << 3);
  const orders = allocate(<usize>capacity << 3);
  const kinds = allocate(<usize>capacity << 2);
  const links = allocate(<usize>capacity << 2);
  memory.copy(times, nodeTimes, <usize>nodeCapacity << 3);
  memory.copy(orders, nodeOrders, <usize>nodeCapacity << 3);
  memory.copy(kinds, nodeKinds, <usize>nodeCapacity << 2);
  memory.copy(links, nodeNext, <usize>nodeCapacity << 2);
  nodeTimes = times;
  nodeOrders = orders;
  nodeKinds = kinds;
  nodeNext = links;
  nodeCapacity = capacity;
}

/**
 * Schedules an event of `kind` at `time` in the calendar: a node off the free list (or an unused
 * one; the pool doubles when full), inserted into its bucket's list after every event at or
 * before its time, with the next insertion order.
 */
@inline function schedule(time: f64, kind: i32, mask: i32, heads: usize): void {
  let added = freeNode;
  if (added != 0) {
    freeNode = i32At(nodeNext, added);
  } else {
    if (unusedNode == nodeCapacity) growNodes();
    added = unusedNode;
    unusedNode += 1;
  }
  setF64(nodeTimes, added, time);
  order += 1;
  setF64(nodeOrders, added, order);
  setI32(nodeKinds, added, kind);
  const bucket = bucketOf(time, mask);
  let before = 0;
  let after = i32At(heads, bucket);
  while (after != 0 && f64At(nodeTimes, after) <= time) {
    before = after;
    after = i32At(nodeNext, after);
  }
  setI32(nodeNext, added, after);
  if (before == 0) setI32(heads, bucket, added);
  else setI32(nodeNext, before, added);
}

/** A masked ring of 8-byte slots copied into twice its size, entries at their positions. */
function grownRing64(ring: usize, head: i32, tail: i32, mask: i32): usize {
  const nextMask = (mask + 1) * 2 - 1;
  const grown = allocate(<usize>(nextMask + 1) << 3);
  for (let index = head; index < tail; index += 1) setF64(grown, index & nextMask, f64At(ring, index & mask));
  return grown;
}
function grownRing32(ring: usize, head: i32, tail: i32, mask: i32): usize {
  const nextMask = (mask + 1) * 2 - 1;
  const grown = allocate(<usize>(nextMask + 1) << 2);
  for (let index = head; index < tail; index += 1) setI32(grown, index & nextMask, i32At(ring, index & mask));
  return grown;
}

/** The busy integral up to `time` (call-engine.ts accrueBusy). */
export function accrueBusy(time: f64): void {
  const busy = <i32>parameter(P_AGENTS) - freeAgents;
  if (time > busyChangedAt) busyIntegral += <f64>max<i32>(0, busy) * (time - busyChangedAt);
  busyChangedAt = max<f64>(busyChangedAt, time);
}

/** Every count and the state the host reads, into the counts block. */
export function writeCounts(): void {
  setF64(countsBlock, C_DIALS, dials);
  setF64(countsBlock, C_LIVE, <f64>liveAnswers);
  setF64(countsBlock, C_MACHINE, machineAnswers);
  setF64(countsBlock, C_NO_ANSWER, noAnswers);
  setF64(countsBlock, C_CONNECTED, connected);
  setF64(countsBlock, C_ABANDONED, <f64>abandoned);
  setF64(countsBlock, C_LATE, <f64>connectedLate);
  setF64(countsBlock, C_BUSY_SECONDS, busySeconds);
  setF64(countsBlock, C_BUSY_INTEGRAL, busyIntegral);
  setF64(countsBlock, C_TALK, talkSeconds);
  setF64(countsBlock, C_WRAP, wrapSeconds);
  setF64(countsBlock, C_WAIT, waitSeconds);
  setF64(countsBlock, C_EVENTS, events);
  setF64(countsBlock, C_RINGING, <f64>ringing);
  setF64(countsBlock, C_MACHINE_HOLDING, <f64>machineHolding);
  setF64(countsBlock, C_WAITING, <f64>(waitingTail - waitingHead));
  setF64(countsBlock, C_TICK, <f64>tick);
  setF64(countsBlock, C_FREE_AGENTS, <f64>freeAgents);
  setF64(countsBlock, C_PC_TICKS, pcTicks);
  setF64(countsBlock, C_PC_RATIO_SUM, pcRatioSum);
  setF64(countsBlock, C_PC_CUTOFF_SECONDS, pcCutoffSeconds);
  setF64(countsBlock, C_PC_RATIO, pcRatio);
  setF64(countsBlock, C_PC_CUT_OFF, pcCutOff ? 1 : 0);
}

/**
 * The hot loop (call-engine.ts documents it): ticks tick..until−1, each after the events before
 * it, then the events before `finalBound` (`until`, or the double just above it when the events
 * at `until` count too). The draws are written out inline and insertions inline (`schedule`).
 * Only the hottest state (the draw index, the calendar's second, the tick, the free agents) is
 * copied into locals for the run; the rest stays in globals. With every field in a local the
 * loop had ~60 live values and spilled around each call and back edge: moving the counters, the
 * lanes, the node pool, the free list and the order to globals made it 11–15 % faster, measured
 * in one process against the all-locals build (docs/architecture.md, "The simulator"). The rare
 * paths (a ziggurat's slow path) store the draw index they share first.
 */
export function run(until: f64, finalBound: f64): void {
  const ziggurat = parameter(P_ZIGGURAT) != 0;
  const pacer = <i32>parameter(P_PACER);
  if (ziggurat) {
    if (pacer == PACER_WEIGHTS) runZigguratWeights(until, finalBound);
    else if (pacer == PACER_PC) runZigguratPc(until, finalBound);
    else runZigguratHost(until, finalBound);
  } else if (pacer == PACER_WEIGHTS) runInverseWeights(until, finalBound);
  else if (pacer == PACER_PC) runInversePc(until, finalBound);
  else runInverseHost(until, finalBound);
}
function runZigguratWeights(until: f64, finalBound: f64): void {
  advance(until, finalBound, true, PACER_WEIGHTS);
}
function runZigguratPc(until: f64, finalBound: f64): void {
  advance(until, finalBound, true, PACER_PC);
}
function runZigguratHost(until: f64, finalBound: f64): void {
  advance(until, finalBound, true, PACER_HOST);
}
function runInverseWeights(until: f64, finalBound: f64): void {
  advance(until, finalBound, false, PACER_WEIGHTS);
}
function runInversePc(until: f64, finalBound: f64): void {
  advance(until, finalBound, false, PACER_PC);
}
function runInverseHost(until: f64, finalBound: f64): void {
  advance(until, finalBound, false, PACER_HOST);
}

/** One copy of the loop per (draws, pacer): the flags are constants in each, so each copy holds only its own paths. */
@inline function advance(until: f64, finalBound: f64, ziggurat: bool, pacer: i32): void {
  const agents = <i32>parameter(P_AGENTS);
  const liveProbability = parameter(P_LIVE);
  const answeredProbability = parameter(P_LIVE) + parameter(P_MACHINE);
  const ringMean = parameter(P_RING_MEAN);
  const ringTimeout = parameter(P_RING_TIMEOUT);
  const talkMu = parameter(P_TALK_MU);
  const talkSigma = parameter(P_TALK_SIGMA);
  const wrap = parameter(P_WRAP);
  const patience = parameter(P_PATIENCE);
  const machineHold = parameter(P_MACHINE_HOLD);
  const lateAfter = parameter(P_LATE_AFTER);
  const horizon = parameter(P_HORIZON);
  const lookAhead = parameter(P_LOOK_AHEAD);
  const dialLevel = parameter(P_DIAL_LEVEL);
  const linesPerAgentCap = parameter(P_LINES_PER_AGENT_CAP);
  const dialsPerSecondCap = parameter(P_DIALS_PER_SECOND_CAP);
  const pacerAgents = parameter(P_PACER_AGENTS);
  const mask = calendarMask;
  const heads = bucketHeads;
  const words = block;
  const finalSecond = <i32>Math.floor(until);

  let draw = next;
  let second = cursor;
  let tickNow = tick;
  let agentsFree = freeAgents;

  for (; ; tickNow += 1) {
    const paces = <f64>tickNow < until;
    const bound: f64 = paces ? <f64>tickNow : finalBound;
    const lastSecond = paces ? tickNow : finalSecond;
    for (;;) {
      let node = i32At(heads, second & mask);
      while (node == 0 || !(f64At(nodeTimes, node) < <f64>(second + 1))) {
        if (second >= lastSecond) {
          node = 0;
          break;
        }
        second += 1;
        node = i32At(heads, second & mask);
      }
      let time: f64 = node != 0 ? f64At(nodeTimes, node) : Infinity;
      let abandons = false;
      if (abandonHead != abandonTail) {
        const at = f64At(abandonTimes, abandonHead & abandonMask);
        if (at < time || (at == time && f64At(abandonOrders, abandonHead & abandonMask) < f64At(nodeOrders, node))) {
          time = at;
          abandons = true;
        }
      }
      if (!(time < bound)) break;
      events += 1;
      let wait: f64 = -1;
      if (abandons) {
        const ticket = i32At(abandonTickets, abandonHead & abandonMask);
        abandonHead += 1;
        if (ticket == waitingHead && waitingTail > waitingHead) {
          waitingHead += 1;
          abandoned += 1;
        }
      } else {
        const kind = i32At(nodeKinds, node);
        setI32(heads, second & mask, i32At(nodeNext, node));
        setI32(nodeNext, node, freeNode);
        freeNode = node;
        if (kind == AGENT_FREE) {
          if (waitingTail > waitingHead) {
            wait = time - f64At(waitingSince, waitingHead & waitingMask);
            waitingHead += 1;
          } else {
            if (time > busyChangedAt) {
              busyIntegral += <f64>max<i32>(0, agents - agentsFree) * (time - busyChangedAt);
              busyChangedAt = time;
            }
            agentsFree += 1;
          }
        } else if (kind == LIVE_ANSWER) {
          ringing -= 1;
          liveAnswers += 1;
          if (agentsFree > 0) {
            if (time > busyChangedAt) {
              busyIntegral += <f64>max<i32>(0, agents - agentsFree) * (time - busyChangedAt);
              busyChangedAt = time;
            }
            agentsFree -= 1;
            wait = 0;
          } else {
            if (abandonTail - abandonHead > abandonMask) {
              abandonTimes = grownRing64(abandonTimes, abandonHead, abandonTail, abandonMask);
              abandonOrders = grownRing64(abandonOrders, abandonHead, abandonTail, abandonMask);
              abandonTickets = grownRing32(abandonTickets, abandonHead, abandonTail, abandonMask);
              abandonMask = abandonMask * 2 + 1;
            }
            if (waitingTail - waitingHead > waitingMask) {
              waitingSince = grownRing64(waitingSince, waitingHead, waitingTail, waitingMask);
              waitingMask = waitingMask * 2 + 1;
            }
            const slot = abandonTail & abandonMask;
            const at = time + patience;
            abandonLast = at < abandonLast ? abandonLast : at;
            setF64(abandonTimes, slot, abandonLast);
            order += 1;
            setF64(abandonOrders, slot, order);
            setI32(abandonTickets, slot, waitingTail);
            abandonTail += 1;
            setF64(waitingSince, waitingTail & waitingMask, time);
            waitingTail += 1;
          }
        } else {
          ringing -= 1;
          machineAnswers += 1;
          machineHolding += 1;
          if (machineTail - machineHead > machineMask) {
            machineTimes = grownRing64(machineTimes, machineHead, machineTail, machineMask);
            machineMask = machineMask * 2 + 1;
          }
          const at = time + machineHold;
          machineLast = at < machineLast ? machineLast : at;
          setF64(machineTimes, machineTail & machineMask, machineLast);
          machineTail += 1;
        }
      }
      if (wait >= 0) {
        connected += 1;
        waitSeconds += wait;
        if (wait > lateAfter) connectedLate += 1;
        let normal: f64;
        if (ziggurat) {
          if (draw == BIT_BLOCK) draw = refill();
          const drawn = load<u32>(words + (<usize>draw << 2));
          draw += 1;
          const value = drawn >>> 8;
          const layer = <i32>(drawn & 127);
          if (<f64>value < f64At(normalK, layer)) {
            const magnitude = <f64>value * f64At(normalW, layer);
            normal = (drawn & 128) != 0 ? 0 - magnitude : magnitude;
          } else {
            next = draw;
            normal = normalSlow(drawn);
            draw = next;
          }
        } else if (hasSpareNormal) {
          hasSpareNormal = false;
          normal = spareNormal;
        } else {
          if (draw == BIT_BLOCK) draw = refill();
          const first = <f64>load<u32>(words + (<usize>draw << 2)) * TWO_POW_MINUS_32;
          draw += 1;
          const radius = Math.sqrt(-2 * jsLog(1 - first));
          if (draw == BIT_BLOCK) draw = refill();
          const angle = TWO_PI * (<f64>load<u32>(words + (<usize>draw << 2)) * TWO_POW_MINUS_32);
          draw += 1;
          if (trigInRange(angle)) {
            spareNormal = radius * sinCos(angle);
            normal = radius * cosine;
          } else {
            spareNormal = radius * hostSin(angle);
            normal = radius * hostCos(angle);
          }
          hasSpareNormal = true;
        }
        const talk = jsExp(talkMu + talkSigma * normal);
        const busy = talk + wrap;
        talkSeconds += talk;
        wrapSeconds += wrap;
        busySeconds += min<f64>(busy, horizon - time);
        schedule(time + busy, AGENT_FREE, mask, heads);
      }
    }
    while (noAnswerHead != noAnswerTail) {
      const at = f64At(noAnswerTimes, noAnswerHead & noAnswerMask);
      if (!(at < bound)) break;
      const released = i32At(noAnswerCounts, noAnswerHead & noAnswerMask);
      noAnswerHead += 1;
      ringing -= released;
      noAnswers += <f64>released;
      events += <f64>released;
    }
    while (machineHead != machineTail) {
      const at = f64At(machineTimes, machineHead & machineMask);
      if (!(at < bound)) break;
      machineHead += 1;
      machineHolding -= 1;
      events += 1;
    }
    if (!paces) break;

    const linesInFlight = ringing + machineHolding + (waitingTail - waitingHead);
    let newDials: i32;
    if (pacer == PACER_WEIGHTS) {
      // The weights' pacing (pacing.ts dialsAtTick), the same operations in the same order.
      const freeNow = <f64>agentsFree;
      const expectedFree = freeNow + lookAhead * (pacerAgents - freeNow);
      const level = Math.floor(min<f64>(linesPerAgentCap * pacerAgents, dialLevel * expectedFree));
      newDials = <i32>min<f64>(dialsPerSecondCap, max<f64>(0, level - <f64>linesInFlight));
    } else if (pacer == PACER_PC) {
      newDials = pcDials(tickNow, agentsFree, linesInFlight, liveAnswers, abandoned + connectedLate);
    } else {
      newDials = hostPace(tickNow, agentsFree, linesInFlight, liveAnswers, abandoned, connectedLate);
    }
    let unanswered = 0;
    const tickTime = <f64>tickNow;
    for (let i = 0; i < newDials; i += 1) {
      if (draw == BIT_BLOCK) draw = refill();
      const outcome = <f64>load<u32>(words + (<usize>draw << 2)) * TWO_POW_MINUS_32;
      draw += 1;
      let answersAfter: f64 = Infinity;
      if (outcome < answeredProbability) {
        if (draw == BIT_BLOCK) draw = refill();
        const drawn = load<u32>(words + (<usize>draw << 2));
        draw += 1;
        if (ziggurat) {
          const value = drawn >>> 8;
          const layer = <i32>(drawn & 255);
          if (<f64>value < f64At(exponentialK, layer)) {
            answersAfter = ringMean * (<f64>value * f64At(exponentialW, layer));
          } else {
            next = draw;
            answersAfter = ringMean * exponentialSlow(drawn);
            draw = next;
          }
        } else {
          answersAfter = -ringMean * jsLog(1 - <f64>drawn * TWO_POW_MINUS_32);
        }
      }
      if (answersAfter > ringTimeout) {
        unanswered += 1;
      } else {
        schedule(tickTime + answersAfter, outcome < liveProbability ? LIVE_ANSWER : MACHINE_ANSWER, mask, heads);
      }
    }
    if (unanswered > 0) {
      if (noAnswerTail - noAnswerHead > noAnswerMask) {
        noAnswerTimes = grownRing64(noAnswerTimes, noAnswerHead, noAnswerTail, noAnswerMask);
        noAnswerCounts = grownRing32(noAnswerCounts, noAnswerHead, noAnswerTail, noAnswerMask);
        noAnswerMask = noAnswerMask * 2 + 1;
      }
      const at = tickTime + ringTimeout;
      noAnswerLast = at < noAnswerLast ? noAnswerLast : at;
      setF64(noAnswerTimes, noAnswerTail & noAnswerMask, noAnswerLast);
      setI32(noAnswerCounts, noAnswerTail & noAnswerMask, unanswered);
      noAnswerTail += 1;
    }
    dials += <f64>newDials;
    ringing += newDials;
  }

  next = draw;
  cursor = second;
  tick = tickNow;
  freeAgents = agentsFree;
}

/** The module's exp, log, sin and cos, for the tests that hold them equal to JavaScript's Math bit for bit. */
export function mathExp(x: f64): f64 {
  return jsExp(x);
}
export function mathLog(x: f64): f64 {
  return jsLog(x);
}
export function mathSin(x: f64): f64 {
  return trigInRange(x) ? sinCos(x) : hostSin(x);
}
export function mathCos(x: f64): f64 {
  if (!trigInRange(x)) return hostCos(x);
  sinCos(x);
  return cosine;
}

/**
 * How many of the Box–Muller angles 2π · (w · 2^-32), w in [from, to), get a sine or cosine
 * other than Math's (`npm run verify:engine-math` sweeps all 2^32 words).
 */
export function trigMismatches(from: f64, to: f64): f64 {
  let mismatches: f64 = 0;
  for (let w = from; w < to; w += 1) {
    const angle = TWO_PI * (w * TWO_POW_MINUS_32);
    const sine = sinCos(angle);
    if (reinterpret<u64>(sine) != reinterpret<u64>(hostSin(angle))) mismatches += 1;
    if (reinterpret<u64>(cosine) != reinterpret<u64>(hostCos(angle))) mismatches += 1;
  }
  return mismatches;
}
