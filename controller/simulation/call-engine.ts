/**
 * The discrete-event engine shared by the simulator's models (`dialer-des/v1`, `v2`, `pc-v1`, `pc-v2`)
 * and the emulator's live traffic:
 * the call process of docs/architecture.md "The simulator" — a dial is live, a machine or no
 * answer; answers come after an exponential ring; a live answer takes a free agent or waits FCFS
 * and hangs up after a constant patience; an agent is busy for a lognormal talk plus a constant
 * wrap. A model contributes only its pacing: a `Pacer` asked once a second how many lines to dial.
 *
 * This function is the simulator's hot loop and is written for speed, not for brevity:
 * - Events with a random time (answers, agents coming free) are kept in a calendar of 1-second
 *   buckets (a power of two of them, about four call lifetimes): bucket s & mask holds a list,
 *   sorted by time, of the events of seconds s, s + buckets, …, in typed arrays of nodes. An
 *   event is inserted after every event at or before its time (a walk of about one node), and the
 *   next one is the head of the bucket of the second being drained: no heap to sift. Events with
 *   a constant delay (a no-answer release after the ring timeout, a machine release, an abandon
 *   timer) are scheduled in time order, so each kind has a FIFO lane; a tick's no answers share
 *   one entry. One insertion order is shared, and the next event is the earliest by (time,
 *   order): exactly the order of one heap of every event. Line releases change only their own
 *   counts, so they commute with every event and are taken in bulk before each tick.
 * - Every ring and the calendar's nodes start small and double when full (rare after the first
 *   minutes: lines in flight never exceed the pacer's `maxLinesInFlight`); a replication's
 *   engine hands its arrays to the next one on the thread (`release`).
 * - The calendar, the lanes and the random draws are written out inline: the optimising compiler
 *   stops inlining calls in a function this size, and every call that returns a double allocates.
 *   Random 32-bit words are drawn in blocks by `Rng.fillBits`; a uniform is `word · 2^-32`, bit for
 *   bit what `Rng.uniform()` gives. The draws are the model version's (`Samplers`): inversion and
 *   Box–Muller for v1 and pc-v1, the ziggurat (`ziggurat.ts`, fast path inline) for v2 and pc-v2.
 * - State lives in fields between advances and in locals during one: an engine can be advanced in
 *   steps (the emulator's live traffic) with the same results as in one go.
 * Deterministic: equal arguments give equal counts. Allocates nothing per event.
 */
import { Rng } from './rng.js';
import { BIT_BLOCK, EXPONENTIAL_K, EXPONENTIAL_W, exponentialSlow, NORMAL_K, NORMAL_W, normalSlow, RandomBits, TWO_POW_MINUS_32 } from './ziggurat.js';

const TWO_PI = 2 * Math.PI;

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

/** A model's pacing: asked at t = 0, 1, …, D−1 (before any event at the same instant). */
export interface Pacer {
  /** Lines in flight never exceed this (sizes the engine's arrays). */
  readonly maxLinesInFlight: number;
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

/** Kinds of the calendar's events. */
const LIVE_ANSWER = 0;
const MACHINE_ANSWER = 1;
const AGENT_FREE = 2;
/** Calendar buckets: a power of two between these, about four mean call lifetimes (ring + talk + wrap) of seconds. */
const MIN_BUCKETS = 64;
const MAX_BUCKETS = 8192;
/** Initial slots of each ring and of the calendar's nodes (they double when full). */
const INITIAL_CAPACITY = 64;

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

/** A ring's arrays copied into twice the capacity, entries kept at their positions (rare: only when a ring is full). */
function grownRing<T extends Float64Array<ArrayBuffer>[]>(arrays: [...T], head: number, tail: number, mask: number): T {
  const nextMask = (mask + 1) * 2 - 1;
  return arrays.map((array) => {
    const next = new Float64Array(nextMask + 1);
    for (let index = head; index < tail; index += 1) next[index & nextMask] = array[index & mask]!;
    return next;
  }) as T;
}

/** A copy of a node array with twice the length (rare: only when more events are pending than the pool was sized for). */
function grownPool<T extends Float64Array<ArrayBuffer> | Int32Array<ArrayBuffer>>(array: T): T {
  const next = new (array.constructor as new (length: number) => T)(array.length * 2);
  next.set(array);
  return next;
}

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

/** An engine's arrays (CallEngine.release hands them on; rings and nodes may have grown). */
interface EngineStorage {
  block: Uint32Array<ArrayBuffer>;
  bucketHeads: Int32Array<ArrayBuffer>;
  nodeValues: [Float64Array<ArrayBuffer>, Float64Array<ArrayBuffer>];
  nodeLinks: [Int32Array<ArrayBuffer>, Int32Array<ArrayBuffer>];
  noAnswer: Float64Array<ArrayBuffer>[];
  machine: Float64Array<ArrayBuffer>[];
  abandon: Float64Array<ArrayBuffer>[];
  waiting: Float64Array<ArrayBuffer>[];
}

/** The arrays a released engine left on this thread, for the next engine. */
let spareStorage: EngineStorage | undefined;

/**
 * Arrays for a new engine: a released engine's when its calendar has as many buckets (emptied;
 * every other array is written before it is read), else new ones, small: rings and nodes double
 * when full.
 */
function takeStorage(buckets: number): EngineStorage {
  const spare = spareStorage;
  spareStorage = undefined;
  if (spare !== undefined && spare.bucketHeads.length === buckets) {
    spare.bucketHeads.fill(0);
    return spare;
  }
  const ring = (): Float64Array<ArrayBuffer> => new Float64Array(INITIAL_CAPACITY);
  return {
    block: new Uint32Array(BIT_BLOCK),
    bucketHeads: new Int32Array(buckets),
    nodeValues: [ring(), ring()],
    nodeLinks: [new Int32Array(INITIAL_CAPACITY), new Int32Array(INITIAL_CAPACITY)],
    noAnswer: [ring(), ring()],
    machine: [ring()],
    abandon: [ring(), ring(), ring()],
    waiting: [ring()],
  };
}

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
  private readonly horizon: number;
  private readonly ziggurat: boolean;
  private readonly bits: RandomBits;
  private spareNormal = 0;
  private hasSpareNormal = false;
  private readonly view: PacingView = { tick: 0, freeAgents: 0, linesInFlight: 0, liveAnswers: 0, abandoned: 0, connectedLate: 0 };

  // The calendar of events with a random time (answers, agents coming free): bucket s & mask holds
  // a list, sorted by time, of the events in second s, s + buckets, s + 2·buckets, …; nodes are
  // indices (1-based: 0 ends a list or marks an empty bucket) into the node arrays, whose free
  // nodes form a list too.
  private readonly calendarMask: number;
  private readonly bucketHeads: Int32Array<ArrayBuffer>;
  private nodeTimes: Float64Array<ArrayBuffer>;
  /** The insertion order, compared with an abandon timer's at an equal time. */
  private nodeOrders: Float64Array<ArrayBuffer>;
  private nodeKinds: Int32Array<ArrayBuffer>;
  private nodeNext: Int32Array<ArrayBuffer>;
  private freeNode = 0;
  private unusedNode = 1;
  /** The second whose bucket is drained: every event before it has been processed. */
  private cursor = 0;
  // Rings: [times, counts] of no-answer releases (one entry per tick) and [times] of machine
  // releases (taken in bulk before each tick), [times, orders, tickets] of abandon timers, and
  // [answer times] of the FCFS waiting queue (a ticket is a position in it).
  private noAnswer: Float64Array<ArrayBuffer>[];
  private noAnswerMask: number;
  private noAnswerHead = 0;
  private noAnswerTail = 0;
  private noAnswerLast = -Infinity;
  private machine: Float64Array<ArrayBuffer>[];
  private machineMask: number;
  private machineHead = 0;
  private machineTail = 0;
  private machineLast = -Infinity;
  private abandon: Float64Array<ArrayBuffer>[];
  private abandonMask: number;
  private abandonHead = 0;
  private abandonTail = 0;
  private abandonLast = -Infinity;
  private waiting: Float64Array<ArrayBuffer>[];
  private waitingMask: number;
  private waitingHead = 0;
  private waitingTail = 0;
  private order = 0;
  /** The next pacing tick. */
  private tick = 0;

  private freeAgents: number;
  private ringing = 0;
  private machineHolding = 0;
  private busyChangedAt = 0;
  /** The running counts; the lines in flight are derived from the rings when counts() is read. */
  private readonly totals: Omit<EngineCounts, 'ringingAtEnd' | 'machineHoldingAtEnd' | 'waitingAtEnd'> = {
    dials: 0, liveAnswers: 0, machineAnswers: 0, noAnswers: 0, connected: 0, abandoned: 0, connectedLate: 0,
    busySeconds: 0, busyIntegral: 0, talkSeconds: 0, wrapSeconds: 0, waitSeconds: 0, events: 0,
  };

  constructor(call: CallProcess, pacer: Pacer, seed: number, options: CallEngineOptions = {}) {
    this.call = call;
    this.pacer = pacer;
    this.horizon = options.horizon ?? Infinity;
    this.ziggurat = (options.samplers ?? 'ziggurat') === 'ziggurat';
    this.freeAgents = call.agents;
    const buckets = bucketsFor(call);
    this.calendarMask = buckets - 1;
    const storage = takeStorage(buckets);
    this.bits = new RandomBits(new Rng(seed), storage.block);
    this.bucketHeads = storage.bucketHeads;
    [this.nodeTimes, this.nodeOrders] = storage.nodeValues;
    [this.nodeKinds, this.nodeNext] = storage.nodeLinks;
    this.noAnswer = storage.noAnswer;
    this.machine = storage.machine;
    this.abandon = storage.abandon;
    this.waiting = storage.waiting;
    this.noAnswerMask = this.noAnswer[0]!.length - 1;
    this.machineMask = this.machine[0]!.length - 1;
    this.abandonMask = this.abandon[0]!.length - 1;
    this.waitingMask = this.waiting[0]!.length - 1;
  }

  /**
   * Hands the engine's arrays to the next engine made on this thread (a replication's engine,
   * once its counts are read): a bulk run of short replications then allocates almost nothing.
   * The engine must not be used afterwards.
   */
  release(): void {
    spareStorage = {
      block: this.bits.block,
      bucketHeads: this.bucketHeads,
      nodeValues: [this.nodeTimes, this.nodeOrders],
      nodeLinks: [this.nodeKinds, this.nodeNext],
      noAnswer: this.noAnswer,
      machine: this.machine,
      abandon: this.abandon,
      waiting: this.waiting,
    };
  }

  /** The simulated second the engine has reached (pacing ticks 0..now−1 ran). */
  get now(): number {
    return this.tick;
  }

  /** Agents free now (negative while a cut in agents waits for calls to finish). */
  get free(): number {
    return this.freeAgents;
  }

  /** Lines in flight now: ringing, held by a machine, or waiting for an agent. */
  get linesInFlight(): number {
    return this.ringing + this.machineHolding + (this.waitingTail - this.waitingHead);
  }

  /** The counts so far, with the lines in flight now. */
  counts(): EngineCounts {
    const totals = this.totals;
    return {
      dials: totals.dials, liveAnswers: totals.liveAnswers, machineAnswers: totals.machineAnswers, noAnswers: totals.noAnswers,
      connected: totals.connected, abandoned: totals.abandoned, connectedLate: totals.connectedLate, busySeconds: totals.busySeconds,
      busyIntegral: totals.busyIntegral, talkSeconds: totals.talkSeconds, wrapSeconds: totals.wrapSeconds, waitSeconds: totals.waitSeconds,
      events: totals.events,
      ringingAtEnd: this.ringing,
      machineHoldingAtEnd: this.machineHolding,
      waitingAtEnd: this.waitingTail - this.waitingHead,
    };
  }

  /**
   * A new call process from the next tick (the emulator's skill changed settings or profile). A
   * change of agents frees or takes agents as they come free; calls in progress finish as they
   * were. A shorter constant delay never reorders a lane: a new event waits for the lane's last.
   */
  configure(call: CallProcess): void {
    this.freeAgents += call.agents - this.call.agents;
    this.call = call;
  }

  /** Runs pacing ticks now..until−1 and every event before `until`. */
  advanceTo(until: number): void {
    this.run(until, false);
  }

  /** Processes the events at exactly `time` too (the end of a replication: events at t <= D count). */
  finishAt(time: number): void {
    this.run(time, true);
    this.accrueBusy(time);
  }

  /** Busy time up to `time` (call after advanceTo(time)). */
  busySecondsAt(time: number): number {
    this.accrueBusy(time);
    return this.totals.busyIntegral;
  }

  private accrueBusy(time: number): void {
    const busy = this.call.agents - this.freeAgents;
    if (time > this.busyChangedAt) this.totals.busyIntegral += Math.max(0, busy) * (time - this.busyChangedAt);
    this.busyChangedAt = Math.max(this.busyChangedAt, time);
  }

  /**
   * The hot loop: ticks this.tick..until−1, each after the events before it, then the events
   * before `until` (at `until` too when inclusive). Locals mirror the fields while it runs.
   */
  private run(until: number, inclusive: boolean): void {
    const call = this.call;
    const agents = call.agents;
    const liveProbability = call.liveProbability;
    const answeredProbability = call.liveProbability + call.machineProbability;
    const ringMean = call.ringMeanSeconds;
    const ringTimeout = call.ringTimeoutSeconds;
    const talkMu = call.talkMu;
    const talkSigma = call.talkSigma;
    const wrap = call.wrapSeconds;
    const patience = call.patienceSeconds;
    const machineHold = call.machineHoldSeconds;
    const lateAfter = call.lateAfterSeconds;
    const horizon = this.horizon;
    const ziggurat = this.ziggurat;
    const bits = this.bits;
    const block = bits.block;
    const exponentialK = EXPONENTIAL_K;
    const exponentialW = EXPONENTIAL_W;
    const normalK = NORMAL_K;
    const normalW = NORMAL_W;
    const pacer = this.pacer;
    const view = this.view;
    const totals = this.totals;
    const calendarMask = this.calendarMask;
    const bucketHeads = this.bucketHeads;

    let next = bits.next;
    let spareNormal = this.spareNormal;
    let hasSpareNormal = this.hasSpareNormal;
    let nodeTimes = this.nodeTimes;
    let nodeOrders = this.nodeOrders;
    let nodeKinds = this.nodeKinds;
    let nodeNext = this.nodeNext;
    let freeNode = this.freeNode;
    let unusedNode = this.unusedNode;
    let cursor = this.cursor;
    let noAnswerTimes = this.noAnswer[0]!;
    let noAnswerCounts = this.noAnswer[1]!;
    let noAnswerMask = this.noAnswerMask;
    let noAnswerHead = this.noAnswerHead;
    let noAnswerTail = this.noAnswerTail;
    let noAnswerLast = this.noAnswerLast;
    let machineTimes = this.machine[0]!;
    let machineMask = this.machineMask;
    let machineHead = this.machineHead;
    let machineTail = this.machineTail;
    let machineLast = this.machineLast;
    let abandonTimes = this.abandon[0]!;
    let abandonOrders = this.abandon[1]!;
    let abandonTickets = this.abandon[2]!;
    let abandonMask = this.abandonMask;
    let abandonHead = this.abandonHead;
    let abandonTail = this.abandonTail;
    let abandonLast = this.abandonLast;
    let waitingSince = this.waiting[0]!;
    let waitingMask = this.waitingMask;
    let waitingHead = this.waitingHead;
    let waitingTail = this.waitingTail;
    let order = this.order;
    let freeAgents = this.freeAgents;
    let ringing = this.ringing;
    let machineHolding = this.machineHolding;
    let busyChangedAt = this.busyChangedAt;
    let busyIntegral = totals.busyIntegral;
    let dials = totals.dials;
    let liveAnswers = totals.liveAnswers;
    let machineAnswers = totals.machineAnswers;
    let noAnswers = totals.noAnswers;
    let connected = totals.connected;
    let connectedLate = totals.connectedLate;
    let abandoned = totals.abandoned;
    let events = totals.events;
    let busySeconds = totals.busySeconds;
    let talkSeconds = totals.talkSeconds;
    let wrapSeconds = totals.wrapSeconds;
    let waitSeconds = totals.waitSeconds;

    // Events strictly before `bound` are processed: the tick, or `until` (just past it when inclusive).
    const finalBound = inclusive ? nextAbove(until) : until;
    const finalSecond = Math.floor(until);
    let tick = this.tick;
    for (; ; tick += 1) {
      const paces = tick < until;
      const bound = paces ? tick : finalBound;
      const lastSecond = paces ? tick : finalSecond;
      for (;;) {
        // The calendar's earliest event: the head of the cursor's bucket when it lies in that second
        // (later heads belong to later rounds of the calendar); empty seconds up to the limit are passed.
        let node = bucketHeads[cursor & calendarMask]!;
        while (node === 0 || !(nodeTimes[node]! < cursor + 1)) {
          if (cursor >= lastSecond) {
            node = 0;
            break;
          }
          cursor += 1;
          node = bucketHeads[cursor & calendarMask]!;
        }
        let time = node !== 0 ? nodeTimes[node]! : Infinity;
        // An abandon timer comes first when it is earlier, or as early and scheduled earlier.
        let abandons = false;
        if (abandonHead !== abandonTail) {
          const at = abandonTimes[abandonHead & abandonMask]!;
          if (at < time || (at === time && abandonOrders[abandonHead & abandonMask]! < nodeOrders[node]!)) {
            time = at;
            abandons = true;
          }
        }
        if (!(time < bound)) break;
        events += 1;
        let wait = -1;
        if (abandons) {
          // Patience is constant and the queue FCFS, so a call still waiting is the head.
          const ticket = abandonTickets[abandonHead & abandonMask]!;
          abandonHead += 1;
          if (ticket === waitingHead && waitingTail > waitingHead) {
            waitingHead += 1;
            abandoned += 1;
          }
        } else {
          // Take the node off its bucket's list onto the free list.
          const kind = nodeKinds[node]!;
          bucketHeads[cursor & calendarMask] = nodeNext[node]!;
          nodeNext[node] = freeNode;
          freeNode = node;
          if (kind === AGENT_FREE) {
            if (waitingTail > waitingHead) {
              // An agent is free and a call is waiting: the agent takes it at once.
              wait = time - waitingSince[waitingHead & waitingMask]!;
              waitingHead += 1;
            } else {
              if (time > busyChangedAt) {
                busyIntegral += Math.max(0, agents - freeAgents) * (time - busyChangedAt);
                busyChangedAt = time;
              }
              freeAgents += 1;
            }
          } else if (kind === LIVE_ANSWER) {
            ringing -= 1;
            liveAnswers += 1;
            if (freeAgents > 0) {
              if (time > busyChangedAt) {
                busyIntegral += Math.max(0, agents - freeAgents) * (time - busyChangedAt);
                busyChangedAt = time;
              }
              freeAgents -= 1;
              wait = 0;
            } else {
              if (abandonTail - abandonHead > abandonMask) {
                [abandonTimes, abandonOrders, abandonTickets] = grownRing([abandonTimes, abandonOrders, abandonTickets], abandonHead, abandonTail, abandonMask);
                abandonMask = abandonMask * 2 + 1;
              }
              if (waitingTail - waitingHead > waitingMask) {
                [waitingSince] = grownRing([waitingSince], waitingHead, waitingTail, waitingMask);
                waitingMask = waitingMask * 2 + 1;
              }
              const slot = abandonTail & abandonMask;
              const at = time + patience;
              abandonLast = at < abandonLast ? abandonLast : at;
              abandonTimes[slot] = abandonLast;
              abandonOrders[slot] = order += 1;
              abandonTickets[slot] = waitingTail;
              abandonTail += 1;
              waitingSince[waitingTail & waitingMask] = time;
              waitingTail += 1;
            }
          } else {
            ringing -= 1;
            machineAnswers += 1;
            machineHolding += 1;
            if (machineTail - machineHead > machineMask) {
              [machineTimes] = grownRing([machineTimes], machineHead, machineTail, machineMask);
              machineMask = machineMask * 2 + 1;
            }
            const slot = machineTail & machineMask;
            const at = time + machineHold;
            machineLast = at < machineLast ? machineLast : at;
            machineTimes[slot] = machineLast;
            machineTail += 1;
          }
        }
        if (wait >= 0) {
          connected += 1;
          waitSeconds += wait;
          if (wait > lateAfter) connectedLate += 1;
          let normal: number;
          if (ziggurat) {
            // The ziggurat's fast path (ziggurat.ts): layer, sign and value from one word.
            if (next === BIT_BLOCK) next = bits.refill();
            const word = block[next++]!;
            const value = word >>> 8;
            if (value < normalK[word & 127]!) {
              // 0 − x, never −x: a −0 would cost a deoptimisation.
              const magnitude = value * normalW[word & 127]!;
              normal = (word & 128) !== 0 ? 0 - magnitude : magnitude;
            } else {
              bits.next = next;
              normal = normalSlow(word, bits);
              next = bits.next;
            }
          } else if (hasSpareNormal) {
            hasSpareNormal = false;
            normal = spareNormal;
          } else {
            // Box–Muller; the second value of each pair is kept for the next call.
            if (next === BIT_BLOCK) next = bits.refill();
            const radius = Math.sqrt(-2 * Math.log(1 - block[next++]! * TWO_POW_MINUS_32));
            if (next === BIT_BLOCK) next = bits.refill();
            const angle = TWO_PI * (block[next++]! * TWO_POW_MINUS_32);
            spareNormal = radius * Math.sin(angle);
            hasSpareNormal = true;
            normal = radius * Math.cos(angle);
          }
          const talk = Math.exp(talkMu + talkSigma * normal);
          const busy = talk + wrap;
          talkSeconds += talk;
          wrapSeconds += wrap;
          busySeconds += Math.min(busy, horizon - time);
          // The agent comes free at time + busy: into the calendar, after every event at or before that time.
          let added = freeNode;
          if (added !== 0) {
            freeNode = nodeNext[added]!;
          } else {
            if (unusedNode === nodeTimes.length) {
              [nodeTimes, nodeOrders, nodeKinds, nodeNext] = [grownPool(nodeTimes), grownPool(nodeOrders), grownPool(nodeKinds), grownPool(nodeNext)];
            }
            added = unusedNode++;
          }
          const freeAt = time + busy;
          nodeTimes[added] = freeAt;
          nodeOrders[added] = order += 1;
          nodeKinds[added] = AGENT_FREE;
          const bucket = (freeAt | 0) & calendarMask;
          let before = 0;
          let after = bucketHeads[bucket]!;
          while (after !== 0 && nodeTimes[after]! <= freeAt) {
            before = after;
            after = nodeNext[after]!;
          }
          nodeNext[added] = after;
          if (before === 0) bucketHeads[bucket] = added;
          else nodeNext[before] = added;
        }
      }
      // Line releases (no answers, machines) change nothing but their counts, which no event reads:
      // they commute with every other event, so those due before this tick are taken at once.
      while (noAnswerHead !== noAnswerTail) {
        const at = noAnswerTimes[noAnswerHead & noAnswerMask]!;
        if (!(at < bound)) break;
        const released = noAnswerCounts[noAnswerHead & noAnswerMask]!;
        noAnswerHead += 1;
        ringing -= released;
        noAnswers += released;
        events += released;
      }
      while (machineHead !== machineTail) {
        const at = machineTimes[machineHead & machineMask]!;
        if (!(at < bound)) break;
        machineHead += 1;
        machineHolding -= 1;
        events += 1;
      }
      if (!paces) break;

      view.tick = tick;
      view.freeAgents = freeAgents;
      view.linesInFlight = ringing + machineHolding + (waitingTail - waitingHead);
      view.liveAnswers = liveAnswers;
      view.abandoned = abandoned;
      view.connectedLate = connectedLate;
      const newDials = pacer.dials(view);
      if (!(newDials === 0 || (newDials > 0 && view.linesInFlight + newDials <= pacer.maxLinesInFlight))) {
        throw new RangeError(`the pacer asked for ${newDials} dials at t = ${tick}, past its own cap of ${pacer.maxLinesInFlight} lines in flight`);
      }
      let unanswered = 0;
      for (let i = 0; i < newDials; i += 1) {
        if (next === BIT_BLOCK) next = bits.refill();
        const outcome = block[next++]! * TWO_POW_MINUS_32;
        let answersAfter = Infinity;
        if (outcome < answeredProbability) {
          if (next === BIT_BLOCK) next = bits.refill();
          if (ziggurat) {
            const word = block[next++]!;
            const value = word >>> 8;
            if (value < exponentialK[word & 255]!) {
              answersAfter = ringMean * (value * exponentialW[word & 255]!);
            } else {
              bits.next = next;
              answersAfter = ringMean * exponentialSlow(word, bits);
              next = bits.next;
            }
          } else {
            answersAfter = -ringMean * Math.log(1 - block[next++]! * TWO_POW_MINUS_32);
          }
        }
        if (answersAfter > ringTimeout) {
          unanswered += 1;
        } else {
          // The answer at tick + answersAfter: into the calendar, after every event at or before that time.
          let added = freeNode;
          if (added !== 0) {
            freeNode = nodeNext[added]!;
          } else {
            if (unusedNode === nodeTimes.length) {
              [nodeTimes, nodeOrders, nodeKinds, nodeNext] = [grownPool(nodeTimes), grownPool(nodeOrders), grownPool(nodeKinds), grownPool(nodeNext)];
            }
            added = unusedNode++;
          }
          const answerAt = tick + answersAfter;
          nodeTimes[added] = answerAt;
          nodeOrders[added] = order += 1;
          nodeKinds[added] = outcome < liveProbability ? LIVE_ANSWER : MACHINE_ANSWER;
          const bucket = (answerAt | 0) & calendarMask;
          let before = 0;
          let after = bucketHeads[bucket]!;
          while (after !== 0 && nodeTimes[after]! <= answerAt) {
            before = after;
            after = nodeNext[after]!;
          }
          nodeNext[added] = after;
          if (before === 0) bucketHeads[bucket] = added;
          else nodeNext[before] = added;
        }
      }
      if (unanswered > 0) {
        // This tick's no answers are released together, one ring timeout later (never before the ring's last).
        if (noAnswerTail - noAnswerHead > noAnswerMask) {
          [noAnswerTimes, noAnswerCounts] = grownRing([noAnswerTimes, noAnswerCounts], noAnswerHead, noAnswerTail, noAnswerMask);
          noAnswerMask = noAnswerMask * 2 + 1;
        }
        const at = tick + ringTimeout;
        noAnswerLast = at < noAnswerLast ? noAnswerLast : at;
        noAnswerTimes[noAnswerTail & noAnswerMask] = noAnswerLast;
        noAnswerCounts[noAnswerTail & noAnswerMask] = unanswered;
        noAnswerTail += 1;
      }
      dials += newDials;
      ringing += newDials;
    }

    this.tick = Math.max(this.tick, tick);

    bits.next = next;
    this.spareNormal = spareNormal;
    this.hasSpareNormal = hasSpareNormal;
    this.nodeTimes = nodeTimes;
    this.nodeOrders = nodeOrders;
    this.nodeKinds = nodeKinds;
    this.nodeNext = nodeNext;
    this.freeNode = freeNode;
    this.unusedNode = unusedNode;
    this.cursor = cursor;
    this.noAnswer = [noAnswerTimes, noAnswerCounts];
    this.noAnswerMask = noAnswerMask;
    this.noAnswerHead = noAnswerHead;
    this.noAnswerTail = noAnswerTail;
    this.noAnswerLast = noAnswerLast;
    this.machine = [machineTimes];
    this.machineMask = machineMask;
    this.machineHead = machineHead;
    this.machineTail = machineTail;
    this.machineLast = machineLast;
    this.abandon = [abandonTimes, abandonOrders, abandonTickets];
    this.abandonMask = abandonMask;
    this.abandonHead = abandonHead;
    this.abandonTail = abandonTail;
    this.abandonLast = abandonLast;
    this.waiting = [waitingSince];
    this.waitingMask = waitingMask;
    this.waitingHead = waitingHead;
    this.waitingTail = waitingTail;
    this.order = order;
    this.freeAgents = freeAgents;
    this.ringing = ringing;
    this.machineHolding = machineHolding;
    this.busyChangedAt = busyChangedAt;
    Object.assign(totals, {
      dials, liveAnswers, machineAnswers, noAnswers, connected, connectedLate, abandoned, events,
      busySeconds, busyIntegral, talkSeconds, wrapSeconds, waitSeconds,
    });
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
