import type { Samplers } from '../../../controller/simulation/call-engine.js';
import { EventHeap } from '../../../controller/simulation/event-heap.js';
import { lognormalParameters } from '../../../controller/simulation/lognormal-parameters.js';
import { TSR_CONNECT_SECONDS } from '../../../controller/simulation/pc-dialer.js';
import { ADJUST_EVERY_SECONDS, PcPacer } from '../../../controller/simulation/pc-pacing.js';
import type { PcCounts, ResolvedPcSettings } from '../../../controller/simulation/pc-types.js';
import { TicketQueue } from '../../../controller/simulation/ticket-queue.js';
import type { OperatingProfile } from '../../../controller/simulation/types.js';
import { EventAbandonWindow } from './pc-event-window.js';
import { referenceDraws, type ReferenceDraws } from './reference-draws.js';

// Event payloads are numbers, ticket * 8 + type, as in the v1 engine (run-replication.ts).
const LIVE_ANSWER = 0;
const MACHINE_ANSWER = 1;
const NO_ANSWER_RELEASE = 2;
const MACHINE_RELEASE = 3;
const AGENT_FREE = 4;
const ABANDON = 5;
const TYPE_SPAN = 8;

function zeroCounts(): PcCounts {
  return {
    dials: 0, liveAnswers: 0, machineAnswers: 0, noAnswers: 0, connected: 0, connectedLate: 0, hungUp: 0,
    abandoned: 0, talkSeconds: 0, wrapSeconds: 0, waitSeconds: 0, busySeconds: 0, ratioSum: 0, ticks: 0,
    cutoffSeconds: 0, events: 0,
  };
}

/**
 * Part of the reference engine: the first pc-v1 dialler (one heap of every event, the abandon
 * window fed event by event), which the product's PcDialer on the call engine must equal. Kept as
 * it was but for one expression: an agent is freed at `time + (talk + wrap)`, as the engine does,
 * and its draws (referenceDraws, so that it runs pc-v2 too).
 *
 * One Personal Connection dialler of model `dialer-des/pc-v1` (README, "The pc-v1 pacing model")
 * that runs forward in whole simulated seconds, so it serves both a replication of D seconds and
 * the emulator's live traffic, whose settings and profile may change while it runs. The call
 * process is v1's (live / machine / no answer, exponential ring, lognormal talk, constant wrap,
 * FCFS wait with constant patience); pacing is PcPacer's. Deterministic for a seed.
 */
export class ReferencePcDialer {
  /** Counts since the dialler started; read them between advances. */
  readonly counts: PcCounts = zeroCounts();
  private readonly rng: ReferenceDraws;
  private readonly heap: EventHeap;
  private readonly waiting = new TicketQueue(64);
  private readonly pacer: PcPacer;
  private readonly window = new EventAbandonWindow();
  private profile!: OperatingProfile;
  private ringTimeout = 25;
  private patience = 2;
  private talkMu = 0;
  private talkSigma = 0;
  private freeAgents: number;
  private ringing = 0;
  private machineHolding = 0;
  private busyChangedAt = 0;
  /** The next pacing tick. */
  private tick = 0;

  /** @param samplers the model version's draws (pc-v1 `inverse`, pc-v2 `ziggurat`; referenceDraws). */
  constructor(settings: ResolvedPcSettings, profile: OperatingProfile, seed: number, samplers: Samplers = 'inverse') {
    this.rng = referenceDraws(seed, samplers);
    this.heap = new EventHeap(4 * profile.agents + 64);
    this.pacer = new PcPacer(settings, profile, this.window);
    this.freeAgents = profile.agents;
    this.configure(settings, profile);
  }

  /** The simulated second the dialler has reached (pacing ticks 0..now−1 ran). */
  get now(): number {
    return this.tick;
  }

  /** Agents free now. */
  get free(): number {
    return this.freeAgents;
  }

  /**
   * Applies new settings or a new profile from the next tick. A change of agents frees or takes
   * agents as they come free (calls in progress finish); the ratio and abandon window carry over.
   */
  configure(settings: ResolvedPcSettings, profile: OperatingProfile): void {
    if (this.profile !== undefined) this.freeAgents += profile.agents - this.profile.agents;
    this.profile = profile;
    this.ringTimeout = settings.maximumRingingDuration ?? profile.ringTimeoutSeconds;
    this.patience = settings.abandonTimeout > 0 ? settings.abandonTimeout : profile.abandonAfterSeconds;
    const talk = lognormalParameters(profile.avgTalkSeconds, profile.talkCv);
    this.talkMu = talk.mu;
    this.talkSigma = talk.sigma;
    this.pacer.configure(settings, profile);
  }

  /** Runs pacing ticks now..until−1 and every event before `until`. */
  advanceTo(until: number): void {
    while (this.tick < until) {
      const tick = this.tick;
      this.window.advance(tick);
      this.processEvents(tick, false);
      this.pace(tick);
      this.tick = tick + 1;
    }
    this.window.advance(until);
    this.processEvents(until, false);
  }

  /** Processes the events at exactly `time` too (the end of a replication: events at t <= D count). */
  finishAt(time: number): void {
    this.processEvents(time, true);
    this.accrueBusy(time);
  }

  /** Agent busy time up to `time` (call after advanceTo(time)). */
  busySecondsAt(time: number): number {
    this.accrueBusy(time);
    return this.counts.busySeconds;
  }

  /** Lines in flight now: ringing, held by a machine, or waiting for an agent. */
  get linesInFlight(): number {
    return this.ringing + this.machineHolding + this.waiting.size;
  }

  private accrueBusy(time: number): void {
    const busy = this.profile.agents - this.freeAgents;
    if (time > this.busyChangedAt) this.counts.busySeconds += Math.max(0, busy) * (time - this.busyChangedAt);
    this.busyChangedAt = Math.max(this.busyChangedAt, time);
  }

  private processEvents(until: number, inclusive: boolean): void {
    const heap = this.heap;
    const counts = this.counts;
    const window = this.window;
    for (;;) {
      const time = heap.peekTime();
      if (!(time < until || (inclusive && time === until))) break;
      const payload = heap.pop();
      counts.events += 1;
      const type = payload % TYPE_SPAN;
      let wait = -1;
      if (type === LIVE_ANSWER) {
        this.ringing -= 1;
        counts.liveAnswers += 1;
        window.recordLive(time);
        if (this.freeAgents > 0) {
          this.accrueBusy(time);
          this.freeAgents -= 1;
          wait = 0;
        } else {
          const ticket = this.waiting.push(time);
          heap.push(time + this.patience, ticket * TYPE_SPAN + ABANDON);
        }
      } else if (type === MACHINE_ANSWER) {
        this.ringing -= 1;
        counts.machineAnswers += 1;
        this.machineHolding += 1;
        heap.push(time + this.profile.machineHoldSeconds, MACHINE_RELEASE);
      } else if (type === NO_ANSWER_RELEASE) {
        this.ringing -= 1;
        counts.noAnswers += 1;
      } else if (type === MACHINE_RELEASE) {
        this.machineHolding -= 1;
      } else if (type === AGENT_FREE) {
        if (this.waiting.size > 0) {
          wait = time - this.waiting.shift();
        } else {
          this.accrueBusy(time);
          this.freeAgents += 1;
        }
      } else {
        const ticket = (payload - ABANDON) / TYPE_SPAN;
        if (ticket === this.waiting.frontTicket && this.waiting.size > 0) {
          this.waiting.shift();
          counts.hungUp += 1;
          counts.abandoned += 1;
          window.recordAbandon(time);
        }
      }
      if (wait >= 0) this.connect(time, wait);
    }
  }

  private connect(time: number, wait: number): void {
    const counts = this.counts;
    counts.connected += 1;
    counts.waitSeconds += wait;
    if (wait > TSR_CONNECT_SECONDS) {
      counts.connectedLate += 1;
      counts.abandoned += 1;
      this.window.recordAbandon(time);
    }
    const talk = Math.exp(this.talkMu + this.talkSigma * this.rng.normal());
    const wrap = this.profile.wrapSeconds;
    counts.talkSeconds += talk;
    counts.wrapSeconds += wrap;
    this.heap.push(time + (talk + wrap), AGENT_FREE);
  }

  private pace(tick: number): void {
    const pacer = this.pacer;
    const counts = this.counts;
    if (tick > 0 && tick % ADJUST_EVERY_SECONDS === 0) pacer.adjust();
    const agents = this.profile.agents;
    const free = Math.max(0, this.freeAgents);
    const ratio = pacer.ratioInForce(agents, free);
    counts.ticks += 1;
    counts.ratioSum += ratio;
    if (pacer.cutOff) counts.cutoffSeconds += 1;
    const newDials = pacer.dialsAt(ratio, agents, free, this.linesInFlight);
    const profile = this.profile;
    const answered = profile.answerProbability + profile.machineProbability;
    for (let i = 0; i < newDials; i += 1) {
      const outcome = this.rng.uniform();
      if (outcome < answered) {
        const ring = this.rng.exponential(profile.ringMeanSeconds);
        if (ring > this.ringTimeout) this.heap.push(tick + this.ringTimeout, NO_ANSWER_RELEASE);
        else this.heap.push(tick + ring, outcome < profile.answerProbability ? LIVE_ANSWER : MACHINE_ANSWER);
      } else {
        this.heap.push(tick + this.ringTimeout, NO_ANSWER_RELEASE);
      }
    }
    counts.dials += newDials;
    this.ringing += newDials;
  }
}
