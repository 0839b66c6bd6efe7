/**
 * The first engine of model `dialer-des/v1` (one binary heap for every event), kept unchanged as
 * the reference that the faster engine in controller/simulation/ must equal bit for bit
 * (test/unit/simulation/engine-equivalence.test.ts). Not used by the product. Kept as it was but
 * for its draws, which come from `referenceDraws` so that it runs model v2 too (`samplers`).
 */
import { EventHeap } from '../../../controller/simulation/event-heap.js';
import { lognormalParameters } from '../../../controller/simulation/lognormal-parameters.js';
import { dialsAtTick, pacingFor } from '../../../controller/simulation/pacing.js';
import type { Samplers } from '../../../controller/simulation/call-engine.js';
import { TicketQueue } from '../../../controller/simulation/ticket-queue.js';
import type { OperatingProfile, RunResult, Weights } from '../../../controller/simulation/types.js';
import { referenceDraws } from './reference-draws.js';

/*
 * Event payloads are numbers: ticket * 8 + type. Only ABANDON carries data (the waiting ticket).
 * Agents are interchangeable and calls other than waiting ones need no state, so a replication
 * allocates nothing per event.
 */
const LIVE_ANSWER = 0;
const MACHINE_ANSWER = 1;
const NO_ANSWER_RELEASE = 2;
const MACHINE_RELEASE = 3;
const AGENT_FREE = 4;
const ABANDON = 5;
const TYPE_SPAN = 8;

/**
 * One replication of model `dialer-des/v1` (README, "The dialer simulator and the abandon gate") over [0, D], D = durationSeconds.
 *
 * Pacing ticks run at t = 0..D−1, each before any event at the same instant; events at t <= D are
 * processed and counted, later ones are not. Inputs are assumed valid (see validateSimulationInput).
 * Deterministic: the same arguments give the same result.
 */
export function referenceReplication(
  weights: Weights,
  profile: OperatingProfile,
  durationSeconds: number,
  seed: number,
  samplers: Samplers = 'inverse',
): RunResult {
  const pacing = pacingFor(weights, profile);
  const rng = referenceDraws(seed, samplers);
  const agents = profile.agents;
  const end = durationSeconds;
  const liveProbability = profile.answerProbability;
  const answeredProbability = profile.answerProbability + profile.machineProbability;
  const ringMean = profile.ringMeanSeconds;
  const ringTimeout = profile.ringTimeoutSeconds;
  const machineHold = profile.machineHoldSeconds;
  const wrap = profile.wrapSeconds;
  const abandonAfter = profile.abandonAfterSeconds;
  const talk = lognormalParameters(profile.avgTalkSeconds, profile.talkCv);
  const talkMu = talk.mu;
  const talkSigma = talk.sigma;

  const heap = new EventHeap(4 * agents + 64);
  // FCFS waiting queue of the answer times of live answers waiting for an agent.
  const waiting = new TicketQueue(64);

  let freeAgents = agents;
  let ringing = 0;
  let machineHolding = 0;
  let dials = 0;
  let liveAnswers = 0;
  let machineAnswers = 0;
  let noAnswers = 0;
  let connected = 0;
  let abandoned = 0;
  let events = 0;
  let busySeconds = 0;
  let waitSeconds = 0;

  for (let tick = 0; tick <= end; tick += 1) {
    const last = tick === end;
    for (;;) {
      const time = heap.peekTime();
      if (!(time < tick || (last && time === tick))) break;
      const payload = heap.pop();
      events += 1;
      const type = payload % TYPE_SPAN;
      let wait = -1;
      if (type === LIVE_ANSWER) {
        ringing -= 1;
        liveAnswers += 1;
        if (freeAgents > 0) {
          freeAgents -= 1;
          wait = 0;
        } else {
          const ticket = waiting.push(time);
          heap.push(time + abandonAfter, ticket * TYPE_SPAN + ABANDON);
        }
      } else if (type === MACHINE_ANSWER) {
        ringing -= 1;
        machineAnswers += 1;
        machineHolding += 1;
        heap.push(time + machineHold, MACHINE_RELEASE);
      } else if (type === NO_ANSWER_RELEASE) {
        ringing -= 1;
        noAnswers += 1;
      } else if (type === MACHINE_RELEASE) {
        machineHolding -= 1;
      } else if (type === AGENT_FREE) {
        if (waiting.size > 0) {
          wait = time - waiting.shift();
        } else {
          freeAgents += 1;
        }
      } else {
        // ABANDON: patience is constant and the queue FCFS, so a call still waiting is the head.
        const ticket = (payload - ABANDON) / TYPE_SPAN;
        if (ticket === waiting.frontTicket && waiting.size > 0) {
          waiting.shift();
          abandoned += 1;
        }
      }
      if (wait >= 0) {
        connected += 1;
        waitSeconds += wait;
        const busy = Math.exp(talkMu + talkSigma * rng.normal()) + wrap;
        busySeconds += Math.min(busy, end - time);
        heap.push(time + busy, AGENT_FREE);
      }
    }
    if (last) break;

    const newDials = dialsAtTick(pacing, agents, freeAgents, ringing + machineHolding + waiting.size);
    for (let i = 0; i < newDials; i += 1) {
      const outcome = rng.uniform();
      if (outcome < answeredProbability) {
        const ring = rng.exponential(ringMean);
        if (ring > ringTimeout) heap.push(tick + ringTimeout, NO_ANSWER_RELEASE);
        else heap.push(tick + ring, outcome < liveProbability ? LIVE_ANSWER : MACHINE_ANSWER);
      } else {
        heap.push(tick + ringTimeout, NO_ANSWER_RELEASE);
      }
    }
    dials += newDials;
    ringing += newDials;
  }

  const waitingAtEnd = waiting.size;
  return {
    dials,
    liveAnswers,
    machineAnswers,
    noAnswers,
    connected,
    abandoned,
    inFlightAtEnd: ringing + machineHolding + waitingAtEnd,
    ringingAtEnd: ringing,
    machineHoldingAtEnd: machineHolding,
    waitingAtEnd,
    abandonRate: liveAnswers > 0 ? abandoned / liveAnswers : 0,
    occupancy: busySeconds / (agents * end),
    answerRate: dials > 0 ? liveAnswers / dials : 0,
    meanWaitSeconds: connected > 0 ? waitSeconds / connected : 0,
    events,
  };
}
