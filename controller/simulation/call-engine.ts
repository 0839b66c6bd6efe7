/**
 * The discrete-event engine shared by the simulator's models (`dialer-des/v1`, `dialer-des/pc-v1`):
 * the call process of docs/architecture.md "The simulator" — a dial is live, a machine or no
 * answer; answers come after an exponential ring; a live answer takes a free agent or waits FCFS
 * and hangs up after a constant patience; an agent is busy for a lognormal talk plus a constant
 * wrap. A model contributes only its pacing: a `Pacer` asked once a second how many lines to dial.
 *
 * This function is the simulator's hot loop and is written for speed, not for brevity:
 * - Events with a random time (an answer, an agent freed) are kept in a 4-ary min-heap of two
 *   typed arrays (time, tag); events with a constant delay (a no-answer release after the ring
 *   timeout, a machine release, an abandon timer) are scheduled in time order, so each kind has a
 *   FIFO lane. One insertion order is shared by all four (the tag is `order + type`, the order a
 *   multiple of 4), and the next event is the earliest by (time, order): exactly the order of one
 *   heap of every event, but most events (no-answer releases) cost O(1).
 * - Lines in flight never exceed the pacer's `maxLinesInFlight` (a tick dials at most the cap
 *   minus the lines in flight, and nothing between ticks adds a line), so every array is sized once.
 * - The heap, the lanes and the random draws are written out inline: the optimising compiler stops
 *   inlining calls in a function this size, and every call that returns a double allocates.
 *   Uniforms are drawn in blocks into a typed array by `Rng.fill`, which keeps the stream and so
 *   the results bit for bit equal to drawing them one at a time.
 * Deterministic: equal arguments give equal counts. Allocates nothing per event.
 */
import { Rng } from './rng.js';

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

/** What a pacer is told at each tick. */
export interface PacingView {
  tick: number;
  freeAgents: number;
  /** Lines dialled and not yet ended or connected: ringing, machine-held, waiting. */
  linesInFlight: number;
  /** Counts so far (events at t < tick). */
  liveAnswers: number;
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

/** The engine's counts over [0, D]; only events at t ≤ D are counted. */
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
  /** Agent busy time within [0, D], seconds. */
  busySeconds: number;
  /** Total wait of connected calls, seconds. */
  waitSeconds: number;
  events: number;
}

const LIVE_ANSWER = 0;
const MACHINE_ANSWER = 1;
const AGENT_FREE = 2;
/** Tags are `order + type`; orders step by this, so (time, tag) orders ties by insertion. */
const TAG_STEP = 4;
const UNIFORM_BLOCK = 512;
const TWO_PI = 2 * Math.PI;

function powerOfTwoAtLeast(value: number): number {
  let capacity = 16;
  while (capacity < value) capacity *= 2;
  return capacity;
}

/** The arrays of a ring lane copied into twice the capacity, entries kept at their positions. */
function grownLane(arrays: Float64Array<ArrayBuffer>[], head: number, tail: number, mask: number): { arrays: Float64Array<ArrayBuffer>[]; mask: number } {
  const nextMask = (mask + 1) * 2 - 1;
  const grown = arrays.map((array) => {
    const next = new Float64Array(nextMask + 1);
    for (let index = head; index < tail; index += 1) next[index & nextMask] = array[index & mask]!;
    return next;
  });
  return { arrays: grown, mask: nextMask };
}

/** Runs one replication of D seconds of the call process under the pacer. Inputs are assumed valid. */
export function runCallEngine(call: CallProcess, pacer: Pacer, durationSeconds: number, seed: number): EngineCounts {
  const end = durationSeconds;
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

  const rng = new Rng(seed);
  const uniforms = new Float64Array(UNIFORM_BLOCK);
  let nextUniform = UNIFORM_BLOCK;
  let spareNormal = 0;
  let hasSpareNormal = false;

  // Every structure holds at most the lines in flight (plus the busy agents for the heap).
  const lines = Math.max(1, Math.floor(pacer.maxLinesInFlight));
  const heapTimes = new Float64Array(lines + agents + 1);
  const heapTags = new Float64Array(lines + agents + 1);
  let heapCount = 0;
  const laneCapacity = powerOfTwoAtLeast(lines + 1);
  const laneMask = laneCapacity - 1;
  // Lane 0: no-answer releases, 1: machine releases, 2: abandon timers (payload: the waiting ticket).
  const noAnswerTimes = new Float64Array(laneCapacity);
  const noAnswerOrders = new Float64Array(laneCapacity);
  let noAnswerHead = 0;
  let noAnswerTail = 0;
  const machineTimes = new Float64Array(laneCapacity);
  const machineOrders = new Float64Array(laneCapacity);
  let machineHead = 0;
  let machineTail = 0;
  // Abandon timers outlive the calls they watch (a call connected before its timer fires leaves a
  // stale timer), so this lane alone is not bounded by the lines in flight: it grows when full.
  let abandonTimes = new Float64Array(laneCapacity);
  let abandonOrders = new Float64Array(laneCapacity);
  let abandonTickets = new Float64Array(laneCapacity);
  let abandonMask = laneMask;
  let abandonHead = 0;
  let abandonTail = 0;
  // FCFS queue of the answer times of live answers waiting for an agent; a ticket is a position.
  const waitingSince = new Float64Array(laneCapacity);
  let waitingHead = 0;
  let waitingTail = 0;
  let order = 0;

  let freeAgents = agents;
  let ringing = 0;
  let machineHolding = 0;
  let dials = 0;
  let liveAnswers = 0;
  let machineAnswers = 0;
  let noAnswers = 0;
  let connected = 0;
  let connectedLate = 0;
  let abandoned = 0;
  let events = 0;
  let busySeconds = 0;
  let waitSeconds = 0;
  const view: PacingView = { tick: 0, freeAgents: 0, linesInFlight: 0, liveAnswers: 0, abandoned: 0, connectedLate: 0 };

  for (let tick = 0; tick <= end; tick += 1) {
    const last = tick === end;
    for (;;) {
      // The earliest event by (time, order) of the heap and the three lanes.
      let time = heapCount > 0 ? heapTimes[0]! : Infinity;
      let first = heapCount > 0 ? heapTags[0]! : Infinity;
      let source = 0;
      if (noAnswerHead !== noAnswerTail) {
        const at = noAnswerTimes[noAnswerHead & laneMask]!;
        if (at < time || (at === time && noAnswerOrders[noAnswerHead & laneMask]! < first)) {
          time = at;
          first = noAnswerOrders[noAnswerHead & laneMask]!;
          source = 1;
        }
      }
      if (machineHead !== machineTail) {
        const at = machineTimes[machineHead & laneMask]!;
        if (at < time || (at === time && machineOrders[machineHead & laneMask]! < first)) {
          time = at;
          first = machineOrders[machineHead & laneMask]!;
          source = 2;
        }
      }
      if (abandonHead !== abandonTail) {
        const at = abandonTimes[abandonHead & abandonMask]!;
        if (at < time || (at === time && abandonOrders[abandonHead & abandonMask]! < first)) {
          time = at;
          source = 3;
        }
      }
      if (!(time < tick || (last && time === tick))) break;
      events += 1;
      let wait = -1;
      if (source === 1) {
        noAnswerHead += 1;
        ringing -= 1;
        noAnswers += 1;
      } else if (source === 2) {
        machineHead += 1;
        machineHolding -= 1;
      } else if (source === 3) {
        // Patience is constant and the queue FCFS, so a call still waiting is the head.
        const ticket = abandonTickets[abandonHead & abandonMask]!;
        abandonHead += 1;
        if (ticket === waitingHead && waitingTail > waitingHead) {
          waitingHead += 1;
          abandoned += 1;
        }
      } else {
        // Pop the heap's earliest event (sift the last one down from the root).
        const type = first - TAG_STEP * Math.floor(first / TAG_STEP);
        const lastSlot = --heapCount;
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
        if (type === LIVE_ANSWER) {
          ringing -= 1;
          liveAnswers += 1;
          if (freeAgents > 0) {
            freeAgents -= 1;
            wait = 0;
          } else {
            if (abandonTail - abandonHead > abandonMask) {
              const grown = grownLane([abandonTimes, abandonOrders, abandonTickets], abandonHead, abandonTail, abandonMask);
              abandonTimes = grown.arrays[0]!;
              abandonOrders = grown.arrays[1]!;
              abandonTickets = grown.arrays[2]!;
              abandonMask = grown.mask;
            }
            const slot = abandonTail & abandonMask;
            abandonTimes[slot] = time + patience;
            abandonOrders[slot] = order += TAG_STEP;
            abandonTickets[slot] = waitingTail;
            abandonTail += 1;
            waitingSince[waitingTail & laneMask] = time;
            waitingTail += 1;
          }
        } else if (type === MACHINE_ANSWER) {
          ringing -= 1;
          machineAnswers += 1;
          machineHolding += 1;
          const slot = machineTail & laneMask;
          machineTimes[slot] = time + machineHold;
          machineOrders[slot] = order += TAG_STEP;
          machineTail += 1;
        } else if (waitingTail > waitingHead) {
          // An agent is free and a call is waiting: the agent takes it at once.
          wait = time - waitingSince[waitingHead & laneMask]!;
          waitingHead += 1;
        } else {
          freeAgents += 1;
        }
      }
      if (wait >= 0) {
        connected += 1;
        waitSeconds += wait;
        if (wait > lateAfter) connectedLate += 1;
        // Standard normal by Box–Muller; the second value of each pair is kept for the next call.
        let normal: number;
        if (hasSpareNormal) {
          hasSpareNormal = false;
          normal = spareNormal;
        } else {
          if (nextUniform === UNIFORM_BLOCK) nextUniform = rng.fill(uniforms);
          const radius = Math.sqrt(-2 * Math.log(1 - uniforms[nextUniform++]!));
          if (nextUniform === UNIFORM_BLOCK) nextUniform = rng.fill(uniforms);
          const angle = TWO_PI * uniforms[nextUniform++]!;
          spareNormal = radius * Math.sin(angle);
          hasSpareNormal = true;
          normal = radius * Math.cos(angle);
        }
        const busy = Math.exp(talkMu + talkSigma * normal) + wrap;
        busySeconds += Math.min(busy, end - time);
        {
          // Push onto the heap (sift up from the end).
          const pushTime = time + busy;
          const pushTag = (order += TAG_STEP) + AGENT_FREE;
          let hole = heapCount++;
          while (hole > 0) {
            const parent = (hole - 1) >> 2;
            const parentTime = heapTimes[parent]!;
            if (parentTime < pushTime || (parentTime === pushTime && heapTags[parent]! < pushTag)) break;
            heapTimes[hole] = parentTime;
            heapTags[hole] = heapTags[parent]!;
            hole = parent;
          }
          heapTimes[hole] = pushTime;
          heapTags[hole] = pushTag;
        }
      }
    }
    if (last) break;

    view.tick = tick;
    view.freeAgents = freeAgents;
    view.linesInFlight = ringing + machineHolding + (waitingTail - waitingHead);
    view.liveAnswers = liveAnswers;
    view.abandoned = abandoned;
    view.connectedLate = connectedLate;
    const newDials = pacer.dials(view);
    if (!(newDials >= 0 && view.linesInFlight + newDials <= lines)) {
      throw new RangeError(`the pacer asked for ${newDials} dials at t = ${tick}, past its own cap of ${lines} lines in flight`);
    }
    for (let i = 0; i < newDials; i += 1) {
      if (nextUniform === UNIFORM_BLOCK) nextUniform = rng.fill(uniforms);
      const outcome = uniforms[nextUniform++]!;
      let answersAfter = Infinity;
      if (outcome < answeredProbability) {
        if (nextUniform === UNIFORM_BLOCK) nextUniform = rng.fill(uniforms);
        answersAfter = -ringMean * Math.log(1 - uniforms[nextUniform++]!);
      }
      if (answersAfter > ringTimeout) {
        const slot = noAnswerTail & laneMask;
        noAnswerTimes[slot] = tick + ringTimeout;
        noAnswerOrders[slot] = order += TAG_STEP;
        noAnswerTail += 1;
      } else {
        {
          // Push onto the heap (sift up from the end).
          const pushTime = tick + answersAfter;
          const pushTag = (order += TAG_STEP) + (outcome < liveProbability ? LIVE_ANSWER : MACHINE_ANSWER);
          let hole = heapCount++;
          while (hole > 0) {
            const parent = (hole - 1) >> 2;
            const parentTime = heapTimes[parent]!;
            if (parentTime < pushTime || (parentTime === pushTime && heapTags[parent]! < pushTag)) break;
            heapTimes[hole] = parentTime;
            heapTags[hole] = heapTags[parent]!;
            hole = parent;
          }
          heapTimes[hole] = pushTime;
          heapTags[hole] = pushTag;
        }
      }
    }
    dials += newDials;
    ringing += newDials;
  }

  return {
    dials,
    liveAnswers,
    machineAnswers,
    noAnswers,
    connected,
    abandoned,
    connectedLate,
    ringingAtEnd: ringing,
    machineHoldingAtEnd: machineHolding,
    waitingAtEnd: waitingTail - waitingHead,
    busySeconds,
    waitSeconds,
    events,
  };
}
