/**
 * The discrete-event engine shared by the simulator's models (`dialer-des/v1`, `v2`, `pc-v1`, `pc-v2`)
 * and the emulator's live traffic:
 * the call process of docs/architecture.md "The simulator" — a dial is live, a machine or no
 * answer; answers come after an exponential ring; a live answer takes a free agent or waits FCFS
 * and hangs up after a constant patience; an agent is busy for a lognormal talk plus a constant
 * wrap. A model contributes only its pacing: a `Pacer` asked once a second how many lines to dial.
 *
 * The hot loop runs in WebAssembly (`assembly/call-engine.ts`, built to `call-engine.wasm` by
 * `npm run build`); this class is its host:
 * - One engine is one instance of the module: its state stays in the instance between advances,
 *   so an engine can be advanced in steps (the emulator's live traffic) with the same results as
 *   in one go. `release()` hands the instance to the next engine made on this thread, so a bulk
 *   run of short replications instantiates almost nothing.
 * - The weights' pacing (model v1/v2, `pacing.ts`) and pc-v1's ratio rule run inside the module
 *   (`Pacer.inline`); any other pacer is called back once a tick with a `PacingView`.
 * - The random words are the `Rng`'s stream (xoshiro128**, the state handed over at start); exp
 *   and log are fdlibm's algorithms as V8 implements `Math.exp`/`Math.log` (`assembly/fdlibm.ts`)
 *   and sin/cos are `Math.sin`/`Math.cos`, imported: a seed gives the same counts bit for bit as
 *   the JavaScript engine this replaced (test/unit/simulation/golden-outputs.test.ts).
 * Deterministic: equal arguments give equal counts. Allocates nothing per event.
 */
import { readFileSync } from 'node:fs';
import type { PcPacingConstants } from './pc-pacing.js';
import { Rng } from './rng.js';
import { EXPONENTIAL_F, EXPONENTIAL_K, EXPONENTIAL_W, NORMAL_F, NORMAL_K, NORMAL_W } from './ziggurat.js';

/** The call process a model runs its pacing against (all times in seconds). */
export interface CallProcess {
  agents: number;
  /** Probability that a dial reaches a live person. */
  liveProbability: number;
  /** Probability that a dial reaches an answering machine. */
  machineProbability: number;
  ringMeanSeconds: number;
  /** A ring longer than this is a no answer; its line is held this long. */
  ringTimeoutSeconds: number;
  /** Talk time is exp(talkMu + talkSigma · Z). */
  talkMu: number;
  talkSigma: number;
  wrapSeconds: number;
  /** A live answer waits this long for an agent, then hangs up (abandoned). */
  patienceSeconds: number;
  machineHoldSeconds: number;
  /** A connection that waited longer than this counts in `connectedLate` (the TSR's 2 s rule). */
  lateAfterSeconds: number;
}

/** What a pacer is told at each tick (the engine reuses one object: read it, do not keep it). */
export interface PacingView {
  tick: number;
  freeAgents: number;
  /** Lines dialled and not yet ended or connected: ringing, machine-held, waiting. */
  linesInFlight: number;
  /** Counts so far (events at t < tick). */
  liveAnswers: number;
  /** Live answers that hung up waiting. */
  abandoned: number;
  connectedLate: number;
}

/**
 * A pacing the engine runs inside its module instead of calling `dials` each tick (the same
 * numbers, the same operations in the same order):
 * - `weights`: model v1/v2's rule (pacing.ts dialsAtTick), min(C, max(0, floor(min(M · agents,
 *   L · E)) − F)), E = free + a · (agents − free);
 * - `pc`: pc-v1's ratio rule and its abandon window (pc-pacing.ts, pc-abandon-window.ts; the
 *   ratio carries over a configure, capped by the new M), its statistics read by `pcState()`.
 */
export type InlinePacing =
  | { kind: 'weights'; lookAhead: number; dialLevel: number; linesPerAgentCap: number; dialsPerSecondCap: number; agents: number }
  | ({ kind: 'pc'; agents: number; maxLinesInFlight: number } & PcPacingConstants);

/** pc-v1's state and statistics in the module (an engine with `pc` pacing). */
export interface PcPacingState {
  ticks: number;
  ratioSum: number;
  cutoffSeconds: number;
  ratio: number;
  cutOff: boolean;
}

/** A model's pacing: asked at t = 0, 1, …, D−1 (before any event at the same instant). */
export interface Pacer {
  /** Lines in flight never exceed this. */
  readonly maxLinesInFlight: number;
  /** When set, the engine runs this pacing itself instead of calling `dials` (the same numbers, no call per tick). */
  readonly inline?: InlinePacing;
  /** New dials at this tick, an integer ≥ 0 that keeps lines in flight ≤ maxLinesInFlight. */
  dials(view: PacingView): number;
}

/** The engine's counts so far; only events up to the time it was advanced to are counted. */
export interface EngineCounts {
  dials: number;
  liveAnswers: number;
  machineAnswers: number;
  noAnswers: number;
  connected: number;
  abandoned: number;
  /** Connections that waited longer than lateAfterSeconds. */
  connectedLate: number;
  ringingAtEnd: number;
  machineHoldingAtEnd: number;
  waitingAtEnd: number;
  /** Talk + wrap of every connection, each cut at the engine's horizon, seconds (model v1's occupancy). */
  busySeconds: number;
  /** Agent busy time integrated up to the last change of the busy count, seconds. */
  busyIntegral: number;
  /** Talk time of every connection, seconds. */
  talkSeconds: number;
  /** Wrap time of every connection, seconds. */
  wrapSeconds: number;
  /** Total wait of connected calls, seconds. */
  waitSeconds: number;
  events: number;
}

/**
 * How the engine turns random words into draws; each model version names one (a change of draws
 * is a model version bump, docs/architecture.md "The simulator"):
 * - `inverse`: the first draws (models v1, pc-v1): an exponential by inversion, −m · ln(1 − U),
 *   and normals by Box–Muller in pairs;
 * - `ziggurat`: the ziggurat samplers of `ziggurat.ts` (models v2, pc-v2), one word per draw
 *   nearly always and no transcendental function but the talk time's exp.
 */
export type Samplers = 'inverse' | 'ziggurat';

function powerOfTwoAtLeast(value: number): number {
  let capacity = 16;
  while (capacity < value) capacity *= 2;
  return capacity;
}

/** Calendar buckets: a power of two between these, about four mean call lifetimes (ring + talk + wrap) of seconds. */
const MIN_BUCKETS = 64;
const MAX_BUCKETS = 8192;

/** Calendar buckets for a call process: a power of two near four mean call lifetimes, in [MIN_BUCKETS, MAX_BUCKETS]. */
function bucketsFor(call: CallProcess): number {
  const meanTalk = Math.exp(call.talkMu + (call.talkSigma * call.talkSigma) / 2);
  const lifetime = call.ringTimeoutSeconds + meanTalk + call.wrapSeconds;
  return Math.min(MAX_BUCKETS, powerOfTwoAtLeast(Number.isFinite(lifetime) ? Math.max(MIN_BUCKETS, 4 * lifetime) : MAX_BUCKETS));
}

const nextAboveScratch = new DataView(new ArrayBuffer(8));

/** The smallest double above `value` (finite, ≥ 0): `time < nextAbove(t)` is `time <= t`. */
function nextAbove(value: number): number {
  if (value === 0) return Number.MIN_VALUE;
  if (!(value > 0 && value < Infinity)) return value;
  // A positive double's bits, read as an integer, grow with it: the next one is one more.
  const view = nextAboveScratch;
  view.setFloat64(0, value);
  const low = view.getUint32(4);
  view.setUint32(4, (low + 1) >>> 0);
  if (low === 0xffffffff) view.setUint32(0, view.getUint32(0) + 1);
  return view.getFloat64(0);
}

/** What the module exports (assembly/call-engine.ts). */
interface EngineExports {
  memory: WebAssembly.Memory;
  setup(): number;
  countsAddress(): number;
  tablesAddress(): number;
  rngStateAddress(): number;
  reset(buckets: number): void;
  changeAgents(delta: number): void;
  accrueBusy(time: number): void;
  writeCounts(): void;
  run(until: number, finalBound: number): void;
}

/** The module's slot numbers (its exported constants), read once. */
interface Slots {
  parameters: Record<
    | 'agents' | 'live' | 'machine' | 'ringMean' | 'ringTimeout' | 'talkMu' | 'talkSigma' | 'wrap' | 'patience' | 'machineHold' | 'lateAfter' | 'horizon'
    | 'ziggurat' | 'pacer' | 'lookAhead' | 'dialLevel' | 'linesPerAgentCap' | 'dialsPerSecondCap' | 'pacerAgents' | 'step' | 'dampenAt' | 'cutoff'
    | 'overdialShare' | 'maxLines',
    number
  >;
  /** The values of the `pacer` slot. */
  pacers: Record<'host' | 'weights' | 'pc', number>;
  parameterCount: number;
  counts: Record<
    | 'dials' | 'live' | 'machine' | 'noAnswer' | 'connected' | 'abandoned' | 'late' | 'busySeconds' | 'busyIntegral' | 'talk' | 'wrap' | 'wait' | 'events'
    | 'ringing' | 'machineHolding' | 'waiting' | 'tick' | 'freeAgents' | 'pcTicks' | 'pcRatioSum' | 'pcCutoffSeconds' | 'pcRatio' | 'pcCutOff',
    number
  >;
  countCount: number;
}

/** The compiled module, once per thread (dist/controller/simulation/call-engine.wasm, built from assembly/). */
const engineModule = new WebAssembly.Module(readFileSync(new URL('./call-engine.wasm', import.meta.url)));

type HostPace = (tick: number, freeAgents: number, linesInFlight: number, liveAnswers: number, abandoned: number, connectedLate: number) => number;

/** The module's imports: Math's sin and cos (for angles outside fdlibm.ts's range), and the host pacer's call. */
function importsFor(pace: HostPace): WebAssembly.Imports {
  return {
    env: {
      sin: Math.sin,
      cos: Math.cos,
      pace,
      abort: (): never => {
        throw new Error('the call engine module aborted');
      },
    },
  };
}

const noHostPacer: HostPace = () => {
  throw new Error('this call engine module has no host pacer');
};

/** One instance of the module and views on its memory (renewed when the memory grows). */
class EngineInstance {
  readonly exports: EngineExports;
  readonly slots: Slots;
  private readonly parametersAddress: number;
  private buffer: ArrayBuffer | undefined;
  private parameterView = new Float64Array(0);
  private countView = new Float64Array(0);

  /** The engine using this instance answers the module's pacing calls (a host pacer's dials). */
  pace: HostPace = noHostPacer;

  constructor() {
    const instance = new WebAssembly.Instance(engineModule, importsFor((tick, free, lines, live, abandoned, late) => this.pace(tick, free, lines, live, abandoned, late)));
    this.exports = instance.exports as unknown as EngineExports;
    const value = (name: string): number => (instance.exports[name] as WebAssembly.Global).value as number;
    this.slots = {
      parameters: {
        agents: value('P_AGENTS'), live: value('P_LIVE'), machine: value('P_MACHINE'), ringMean: value('P_RING_MEAN'),
        ringTimeout: value('P_RING_TIMEOUT'), talkMu: value('P_TALK_MU'), talkSigma: value('P_TALK_SIGMA'), wrap: value('P_WRAP'),
        patience: value('P_PATIENCE'), machineHold: value('P_MACHINE_HOLD'), lateAfter: value('P_LATE_AFTER'), horizon: value('P_HORIZON'),
        ziggurat: value('P_ZIGGURAT'), pacer: value('P_PACER'), lookAhead: value('P_LOOK_AHEAD'), dialLevel: value('P_DIAL_LEVEL'),
        linesPerAgentCap: value('P_LINES_PER_AGENT_CAP'), dialsPerSecondCap: value('P_DIALS_PER_SECOND_CAP'), pacerAgents: value('P_PACER_AGENTS'),
        step: value('P_STEP'), dampenAt: value('P_DAMPEN_AT'), cutoff: value('P_CUTOFF'), overdialShare: value('P_OVERDIAL_SHARE'), maxLines: value('P_MAX_LINES'),
      },
      pacers: { host: value('PACER_HOST'), weights: value('PACER_WEIGHTS'), pc: value('PACER_PC') },
      parameterCount: value('PARAMETERS'),
      counts: {
        dials: value('C_DIALS'), live: value('C_LIVE'), machine: value('C_MACHINE'), noAnswer: value('C_NO_ANSWER'), connected: value('C_CONNECTED'),
        abandoned: value('C_ABANDONED'), late: value('C_LATE'), busySeconds: value('C_BUSY_SECONDS'), busyIntegral: value('C_BUSY_INTEGRAL'),
        talk: value('C_TALK'), wrap: value('C_WRAP'), wait: value('C_WAIT'), events: value('C_EVENTS'), ringing: value('C_RINGING'),
        machineHolding: value('C_MACHINE_HOLDING'), waiting: value('C_WAITING'), tick: value('C_TICK'), freeAgents: value('C_FREE_AGENTS'),
        pcTicks: value('C_PC_TICKS'), pcRatioSum: value('C_PC_RATIO_SUM'), pcCutoffSeconds: value('C_PC_CUTOFF_SECONDS'), pcRatio: value('C_PC_RATIO'),
        pcCutOff: value('C_PC_CUT_OFF'),
      },
      countCount: value('COUNTS'),
    };
    this.parametersAddress = this.exports.setup();
    const tables = new Float64Array(this.exports.memory.buffer, this.exports.tablesAddress(), 3 * 256 + 3 * 128);
    [EXPONENTIAL_K, EXPONENTIAL_W, EXPONENTIAL_F, NORMAL_K, NORMAL_W, NORMAL_F].reduce((offset, table) => {
      tables.set(table, offset);
      return offset + table.length;
    }, 0);
  }

  /** The parameter block (write before a run). */
  get parameters(): Float64Array {
    this.renewViews();
    return this.parameterView;
  }

  /** The counts block, written by the module's writeCounts. */
  counts(): Float64Array {
    this.exports.writeCounts();
    this.renewViews();
    return this.countView;
  }

  rngState(): Int32Array {
    return new Int32Array(this.exports.memory.buffer, this.exports.rngStateAddress(), 4);
  }

  private renewViews(): void {
    const buffer = this.exports.memory.buffer;
    if (buffer === this.buffer) return;
    this.buffer = buffer;
    this.parameterView = new Float64Array(buffer, this.parametersAddress, this.slots.parameterCount);
    this.countView = new Float64Array(buffer, this.exports.countsAddress(), this.slots.countCount);
  }
}

/** The module's own exp, log, sin and cos (tests hold them equal to Math's bit for bit). */
export function engineMath(): Record<'exp' | 'log' | 'sin' | 'cos', (x: number) => number> & { trigMismatches(from: number, to: number): number } {
  const exports = new WebAssembly.Instance(engineModule, importsFor(noHostPacer)).exports as Record<'mathExp' | 'mathLog' | 'mathSin' | 'mathCos', (x: number) => number> & {
    trigMismatches(from: number, to: number): number;
  };
  return { exp: exports.mathExp, log: exports.mathLog, sin: exports.mathSin, cos: exports.mathCos, trigMismatches: exports.trigMismatches };
}

/** Instances released on this thread, for the next engines. */
const spareInstances: EngineInstance[] = [];
/** Released instances kept at most (a thread runs one replication at a time; the emulator a few dialers). */
const MAX_SPARE_INSTANCES = 4;

export interface CallEngineOptions {
  /** Connections' busy time is cut at this time in `busySeconds` (model v1's occupancy). Default Infinity. */
  horizon?: number;
  /** The model version's draws. Default `ziggurat` (the current models). */
  samplers?: Samplers;
}

/**
 * One dialler's calls: advance it with advanceTo (pacing ticks and the events between them) and
 * read `counts()`. Inputs are assumed valid.
 */
export class CallEngine {
  private call: CallProcess;
  private readonly pacer: Pacer;
  private instance: EngineInstance | undefined;
  private readonly view: PacingView = { tick: 0, freeAgents: 0, linesInFlight: 0, liveAnswers: 0, abandoned: 0, connectedLate: 0 };

  constructor(call: CallProcess, pacer: Pacer, seed: number, options: CallEngineOptions = {}) {
    this.call = call;
    this.pacer = pacer;
    const instance = spareInstances.pop() ?? new EngineInstance();
    instance.pace = (tick, free, lines, live, abandoned, late) => this.paceFromModule(tick, free, lines, live, abandoned, late);
    this.instance = instance;
    const slots = instance.slots.parameters;
    const parameters = instance.parameters;
    parameters.fill(0);
    this.writeCallProcess(call);
    parameters[slots.horizon] = options.horizon ?? Infinity;
    parameters[slots.ziggurat] = (options.samplers ?? 'ziggurat') === 'ziggurat' ? 1 : 0;
    this.writePacing(pacer.inline);
    new Rng(seed).writeState(instance.rngState());
    instance.exports.reset(bucketsFor(call));
  }

  private get live(): EngineInstance {
    if (this.instance === undefined) throw new Error('this call engine was released');
    return this.instance;
  }

  /** The pacer's slots: which pacer, and an inline pacing's constants. */
  private writePacing(inline: InlinePacing | undefined): void {
    const instance = this.live;
    const slots = instance.slots.parameters;
    const parameters = instance.parameters;
    parameters[slots.pacer] = inline === undefined ? instance.slots.pacers.host : instance.slots.pacers[inline.kind];
    if (inline === undefined) return;
    parameters[slots.lookAhead] = inline.lookAhead;
    parameters[slots.linesPerAgentCap] = inline.linesPerAgentCap;
    parameters[slots.dialsPerSecondCap] = inline.dialsPerSecondCap;
    parameters[slots.pacerAgents] = inline.agents;
    if (inline.kind === 'weights') {
      parameters[slots.dialLevel] = inline.dialLevel;
    } else {
      parameters[slots.step] = inline.step;
      parameters[slots.dampenAt] = inline.dampenAt;
      parameters[slots.cutoff] = inline.cutoff;
      parameters[slots.overdialShare] = inline.overdialBusyShare;
      parameters[slots.maxLines] = inline.maxLinesInFlight;
    }
  }

  private writeCallProcess(call: CallProcess): void {
    const instance = this.live;
    const slots = instance.slots.parameters;
    const parameters = instance.parameters;
    parameters[slots.agents] = call.agents;
    parameters[slots.live] = call.liveProbability;
    parameters[slots.machine] = call.machineProbability;
    parameters[slots.ringMean] = call.ringMeanSeconds;
    parameters[slots.ringTimeout] = call.ringTimeoutSeconds;
    parameters[slots.talkMu] = call.talkMu;
    parameters[slots.talkSigma] = call.talkSigma;
    parameters[slots.wrap] = call.wrapSeconds;
    parameters[slots.patience] = call.patienceSeconds;
    parameters[slots.machineHold] = call.machineHoldSeconds;
    parameters[slots.lateAfter] = call.lateAfterSeconds;
  }

  /**
   * Hands the engine's instance to the next engine made on this thread (a replication's engine,
   * once its counts are read). The engine must not be used afterwards.
   */
  release(): void {
    const instance = this.instance;
    this.instance = undefined;
    if (instance === undefined) return;
    instance.pace = noHostPacer;
    if (spareInstances.length < MAX_SPARE_INSTANCES) spareInstances.push(instance);
  }

  /** The simulated second the engine has reached (pacing ticks 0..now−1 ran). */
  get now(): number {
    const instance = this.live;
    return instance.counts()[instance.slots.counts.tick]!;
  }

  /** Agents free now (negative while a cut in agents waits for calls to finish). */
  get free(): number {
    const instance = this.live;
    return instance.counts()[instance.slots.counts.freeAgents]!;
  }

  /** Lines in flight now: ringing, held by a machine, or waiting for an agent. */
  get linesInFlight(): number {
    const instance = this.live;
    const counts = instance.counts();
    const slots = instance.slots.counts;
    return counts[slots.ringing]! + counts[slots.machineHolding]! + counts[slots.waiting]!;
  }

  /** The counts so far, with the lines in flight now. */
  counts(): EngineCounts {
    const instance = this.live;
    const counts = instance.counts();
    const slots = instance.slots.counts;
    return {
      dials: counts[slots.dials]!, liveAnswers: counts[slots.live]!, machineAnswers: counts[slots.machine]!, noAnswers: counts[slots.noAnswer]!,
      connected: counts[slots.connected]!, abandoned: counts[slots.abandoned]!, connectedLate: counts[slots.late]!,
      busySeconds: counts[slots.busySeconds]!, busyIntegral: counts[slots.busyIntegral]!, talkSeconds: counts[slots.talk]!,
      wrapSeconds: counts[slots.wrap]!, waitSeconds: counts[slots.wait]!, events: counts[slots.events]!,
      ringingAtEnd: counts[slots.ringing]!, machineHoldingAtEnd: counts[slots.machineHolding]!, waitingAtEnd: counts[slots.waiting]!,
    };
  }

  /**
   * A new call process from the next tick (the emulator's skill changed settings or profile). A
   * change of agents frees or takes agents as they come free; calls in progress finish as they
   * were. A shorter constant delay never reorders a lane: a new event waits for the lane's last.
   * `pacing`, when given, replaces the inline pacing's constants from the next tick too.
   */
  configure(call: CallProcess, pacing?: InlinePacing): void {
    if (pacing !== undefined) this.writePacing(pacing);
    this.writeCallProcess(call);
    this.live.exports.changeAgents(call.agents - this.call.agents);
    this.call = call;
  }

  /** pc-v1's ratio, latch and statistics (an engine with `pc` pacing; zeros otherwise). */
  pcState(): PcPacingState {
    const instance = this.live;
    const counts = instance.counts();
    const slots = instance.slots.counts;
    return {
      ticks: counts[slots.pcTicks]!, ratioSum: counts[slots.pcRatioSum]!, cutoffSeconds: counts[slots.pcCutoffSeconds]!, ratio: counts[slots.pcRatio]!,
      cutOff: counts[slots.pcCutOff]! !== 0,
    };
  }

  /** Runs pacing ticks now..until−1 and every event before `until`. */
  advanceTo(until: number): void {
    this.run(until, until);
  }

  /** Processes the events at exactly `time` too (the end of a replication: events at t <= D count). */
  finishAt(time: number): void {
    this.run(time, nextAbove(time));
    this.live.exports.accrueBusy(time);
  }

  /** Busy time up to `time` (call after advanceTo(time)). */
  busySecondsAt(time: number): number {
    const instance = this.live;
    instance.exports.accrueBusy(time);
    return instance.counts()[instance.slots.counts.busyIntegral]!;
  }

  /** Ticks now..until−1, each after the events before it, then the events before `finalBound`. */
  private run(until: number, finalBound: number): void {
    this.live.exports.run(until, finalBound);
  }

  /** The module's call for a host pacer's dials at a tick (PacingView's fields), checked against its cap. */
  private paceFromModule(tick: number, freeAgents: number, linesInFlight: number, liveAnswers: number, abandoned: number, connectedLate: number): number {
    const view = this.view;
    view.tick = tick;
    view.freeAgents = freeAgents;
    view.linesInFlight = linesInFlight;
    view.liveAnswers = liveAnswers;
    view.abandoned = abandoned;
    view.connectedLate = connectedLate;
    const pacer = this.pacer;
    const newDials = pacer.dials(view);
    if (!(newDials === 0 || (newDials > 0 && Number.isInteger(newDials) && linesInFlight + newDials <= pacer.maxLinesInFlight))) {
      throw new RangeError(`the pacer asked for ${newDials} dials at t = ${tick}, past its own cap of ${pacer.maxLinesInFlight} lines in flight`);
    }
    return newDials;
  }
}

/** Runs one replication of D seconds of the call process under the pacer (model v1's horizon: D). */
export function runCallEngine(call: CallProcess, pacer: Pacer, durationSeconds: number, seed: number, samplers?: Samplers): EngineCounts {
  const engine = new CallEngine(call, pacer, seed, { horizon: durationSeconds, samplers });
  engine.advanceTo(durationSeconds);
  engine.finishAt(durationSeconds);
  const counts = engine.counts();
  engine.release();
  return counts;
}
