/**
 * The discrete-event engine shared by the simulator's models (`dialer-des/v1`, `v2`, `pc-v1`, `pc-v2`)
 * and the emulator's live traffic:
 * the call process of docs/architecture.md "The simulator" — a dial is live, a machine or no
 * answer; answers come after an exponential ring; a live answer takes a free agent or waits FCFS
 * and hangs up after a constant patience; an agent is busy for a lognormal talk plus a constant
 * wrap. A model contributes only its pacing: a `Pacer` asked once a second how many lines to dial.
 *
 * This function is the simulator's hot loop and is written for speed, not for brevity:
 * - Events with a random time are kept in two 4-ary min-heaps of two typed arrays (time, tag):
 *   answers, and agents coming free. Events with a constant delay (a no-answer release after the
 *   ring timeout, a machine release, an abandon timer) are scheduled in time order, so each kind
 *   has a FIFO lane. One insertion order is shared (the tag is `order + type`, the order a multiple
 *   of 4), and the next event is the earliest by (time, order): exactly the order of one heap of
 *   every event. Line releases change only their own counts, so they commute with every event and
 *   are taken in bulk before each tick.
 * - Lines in flight never exceed the pacer's `maxLinesInFlight` (a tick dials at most the cap
 *   minus the lines in flight, and nothing between ticks adds a line), so every array is sized once.
 * - The heaps, the lanes and the random draws are written out inline: the optimising compiler
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

const LIVE_ANSWER = 0;
const MACHINE_ANSWER = 1;
/** Tags are `order + type`; orders step by this, so (time, tag) orders ties by insertion. */
const TAG_STEP = 4;

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

function grownHeap(array: Float64Array<ArrayBuffer>): Float64Array<ArrayBuffer> {
  const next = new Float64Array(array.length * 2);
  next.set(array);
  return next;
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

  // Two heaps of (time, tag): answers (live or machine, a ring time after their dial) and agents
  // coming free (talk + wrap after a connection).
  private answerTimes: Float64Array<ArrayBuffer>;
  private answerTags: Float64Array<ArrayBuffer>;
  private answerCount = 0;
  private agentTimes: Float64Array<ArrayBuffer>;
  private agentTags: Float64Array<ArrayBuffer>;
  private agentCount = 0;
  // Rings: [times] of no-answer releases and of machine releases (taken in bulk before each tick),
  // [times, orders, tickets] of abandon timers, and [answer times] of the FCFS waiting queue (a
  // ticket is a position in it).
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
    this.bits = new RandomBits(new Rng(seed));
    this.freeAgents = call.agents;
    // Lines in flight never exceed the pacer's cap, so rings this size never grow while it holds.
    const capacity = powerOfTwoAtLeast(Math.max(1, Math.floor(pacer.maxLinesInFlight)) + 1);
    this.answerTimes = new Float64Array(capacity);
    this.answerTags = new Float64Array(capacity);
    this.agentTimes = new Float64Array(powerOfTwoAtLeast(call.agents + 1));
    this.agentTags = new Float64Array(powerOfTwoAtLeast(call.agents + 1));
    this.noAnswer = [new Float64Array(capacity)];
    this.machine = [new Float64Array(capacity)];
    this.abandon = [new Float64Array(capacity), new Float64Array(capacity), new Float64Array(capacity)];
    this.waiting = [new Float64Array(capacity)];
    this.noAnswerMask = this.machineMask = this.abandonMask = this.waitingMask = capacity - 1;
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
    return {
      ...this.totals,
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

    let next = bits.next;
    let spareNormal = this.spareNormal;
    let hasSpareNormal = this.hasSpareNormal;
    let answerTimes = this.answerTimes;
    let answerTags = this.answerTags;
    let answerCount = this.answerCount;
    let agentTimes = this.agentTimes;
    let agentTags = this.agentTags;
    let agentCount = this.agentCount;
    let noAnswerTimes = this.noAnswer[0]!;
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

    for (let tick = this.tick; ; tick += 1) {
      const paces = tick < until;
      const limit = paces ? tick : until;
      for (;;) {
        // The earliest event by (time, order) of the two heaps and the abandon timers.
        let time = Infinity;
        let first = Infinity;
        let source = 0;
        if (answerCount > 0) {
          time = answerTimes[0]!;
          first = answerTags[0]!;
          source = 4;
        }
        if (agentCount > 0) {
          const at = agentTimes[0]!;
          if (at < time || (at === time && agentTags[0]! < first)) {
            time = at;
            first = agentTags[0]!;
            source = 5;
          }
        }
        if (abandonHead !== abandonTail) {
          const at = abandonTimes[abandonHead & abandonMask]!;
          if (at < time || (at === time && abandonOrders[abandonHead & abandonMask]! < first)) {
            time = at;
            source = 3;
          }
        }
        if (!(time < limit || (!paces && inclusive && time === limit))) break;
        events += 1;
        let wait = -1;
        if (source === 3) {
          // Patience is constant and the queue FCFS, so a call still waiting is the head.
          const ticket = abandonTickets[abandonHead & abandonMask]!;
          abandonHead += 1;
          if (ticket === waitingHead && waitingTail > waitingHead) {
            waitingHead += 1;
            abandoned += 1;
          }
        } else {
          // Pop the heap's earliest event (sift its last one down from the root).
          const heapTimes = source === 4 ? answerTimes : agentTimes;
          const heapTags = source === 4 ? answerTags : agentTags;
          const lastSlot = source === 4 ? --answerCount : --agentCount;
          if (lastSlot > 0) {
            const movedTime = heapTimes[lastSlot]!;
            const movedTag = heapTags[lastSlot]!;
            let hole = 0;
            for (;;) {
              const firstChild = 4 * hole + 1;
              if (firstChild >= lastSlot) break;
              let child = firstChild;
              let childTime = heapTimes[firstChild]!;
              let childTag = heapTags[firstChild]!;
              const stop = firstChild + 4 < lastSlot ? firstChild + 4 : lastSlot;
              for (let candidate = firstChild + 1; candidate < stop; candidate += 1) {
                const candidateTime = heapTimes[candidate]!;
                if (candidateTime < childTime || (candidateTime === childTime && heapTags[candidate]! < childTag)) {
                  child = candidate;
                  childTime = candidateTime;
                  childTag = heapTags[candidate]!;
                }
              }
              if (movedTime < childTime || (movedTime === childTime && movedTag < childTag)) break;
              heapTimes[hole] = childTime;
              heapTags[hole] = childTag;
              hole = child;
            }
            heapTimes[hole] = movedTime;
            heapTags[hole] = movedTag;
          }
          if (source === 5) {
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
          } else if (first - TAG_STEP * Math.floor(first * 0.25) === LIVE_ANSWER) {
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
              abandonOrders[slot] = order += TAG_STEP;
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
          if (agentCount === agentTimes.length) {
            agentTimes = grownHeap(agentTimes);
            agentTags = grownHeap(agentTags);
          }
          // Push onto the agents' heap (sift up from the end).
          const pushTime = time + busy;
          const pushTag = (order += TAG_STEP);
          let hole = agentCount++;
          while (hole > 0) {
            const parent = (hole - 1) >> 2;
            const parentTime = agentTimes[parent]!;
            if (parentTime < pushTime || (parentTime === pushTime && agentTags[parent]! < pushTag)) break;
            agentTimes[hole] = parentTime;
            agentTags[hole] = agentTags[parent]!;
            hole = parent;
          }
          agentTimes[hole] = pushTime;
          agentTags[hole] = pushTag;
        }
      }
      // Line releases (no answers, machines) change nothing but their counts, which no event reads:
      // they commute with every other event, so those due before this tick are taken at once.
      while (noAnswerHead !== noAnswerTail) {
        const at = noAnswerTimes[noAnswerHead & noAnswerMask]!;
        if (!(at < limit || (!paces && inclusive && at === limit))) break;
        noAnswerHead += 1;
        ringing -= 1;
        noAnswers += 1;
        events += 1;
      }
      while (machineHead !== machineTail) {
        const at = machineTimes[machineHead & machineMask]!;
        if (!(at < limit || (!paces && inclusive && at === limit))) break;
        machineHead += 1;
        machineHolding -= 1;
        events += 1;
      }
      if (!paces) {
        this.tick = Math.max(this.tick, tick);
        break;
      }

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
          if (noAnswerTail - noAnswerHead > noAnswerMask) {
            [noAnswerTimes] = grownRing([noAnswerTimes], noAnswerHead, noAnswerTail, noAnswerMask);
            noAnswerMask = noAnswerMask * 2 + 1;
          }
          const slot = noAnswerTail & noAnswerMask;
          const at = tick + ringTimeout;
          noAnswerLast = at < noAnswerLast ? noAnswerLast : at;
          noAnswerTimes[slot] = noAnswerLast;
          noAnswerTail += 1;
        } else {
          if (answerCount === answerTimes.length) {
            answerTimes = grownHeap(answerTimes);
            answerTags = grownHeap(answerTags);
          }
          // Push onto the answers' heap (sift up from the end).
          const pushTime = tick + answersAfter;
          const pushTag = (order += TAG_STEP) + (outcome < liveProbability ? LIVE_ANSWER : MACHINE_ANSWER);
          let hole = answerCount++;
          while (hole > 0) {
            const parent = (hole - 1) >> 2;
            const parentTime = answerTimes[parent]!;
            if (parentTime < pushTime || (parentTime === pushTime && answerTags[parent]! < pushTag)) break;
            answerTimes[hole] = parentTime;
            answerTags[hole] = answerTags[parent]!;
            hole = parent;
          }
          answerTimes[hole] = pushTime;
          answerTags[hole] = pushTag;
        }
      }
      dials += newDials;
      ringing += newDials;
      this.tick = tick + 1;
    }

    bits.next = next;
    this.spareNormal = spareNormal;
    this.hasSpareNormal = hasSpareNormal;
    this.answerTimes = answerTimes;
    this.answerTags = answerTags;
    this.answerCount = answerCount;
    this.agentTimes = agentTimes;
    this.agentTags = agentTags;
    this.agentCount = agentCount;
    this.noAnswer = [noAnswerTimes];
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
  return engine.counts();
}
