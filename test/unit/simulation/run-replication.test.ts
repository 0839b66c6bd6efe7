import { expect } from 'chai';
import fc from 'fast-check';
import { pacingFor } from '../../../controller/simulation/pacing.js';
import { runReplication } from '../../../controller/simulation/run-replication.js';
import { DEFAULT_PROFILE } from '../../../controller/simulation/types.js';
import type { OperatingProfile, RunResult } from '../../../controller/simulation/types.js';
import { validateSimulationInput } from '../../../controller/simulation/validate-simulation-input.js';
import { profileArbitrary, seedArbitrary, weightsArbitrary } from './arbitraries.js';

const COUNT_KEYS = [
  'dials', 'liveAnswers', 'machineAnswers', 'noAnswers', 'connected', 'abandoned',
  'inFlightAtEnd', 'ringingAtEnd', 'machineHoldingAtEnd', 'waitingAtEnd', 'events',
] as const;

const profile = (overrides: Partial<OperatingProfile>): OperatingProfile => ({ ...DEFAULT_PROFILE, ...overrides });

describe('simulation/runReplication', () => {
  it('conserves calls and keeps every rate in range for any valid input (property)', () => {
    fc.assert(
      fc.property(profileArbitrary, weightsArbitrary, fc.integer({ min: 1, max: 300 }), seedArbitrary, (p, w, d, seed) => {
        expect(validateSimulationInput({ weights: w, profile: p, durationSeconds: d })).to.deep.equal([]);
        const r = runReplication(w, p, d, seed);
        for (const key of COUNT_KEYS) {
          expect(Number.isInteger(r[key]) && r[key] >= 0, `${key} = ${r[key]}`).to.equal(true);
        }
        // Every dial is, at D, exactly one of: answered live, answered by a machine, released unanswered, still ringing.
        expect(r.dials).to.equal(r.liveAnswers + r.machineAnswers + r.noAnswers + r.ringingAtEnd);
        // Every live answer is connected, abandoned or still waiting.
        expect(r.liveAnswers).to.equal(r.connected + r.abandoned + r.waitingAtEnd);
        // Lines in flight are the ringing, the machine-held and the waiting ones.
        expect(r.inFlightAtEnd).to.equal(r.ringingAtEnd + r.machineHoldingAtEnd + r.waitingAtEnd);
        expect(r.machineHoldingAtEnd).to.be.at.most(r.machineAnswers);
        // The pacing never keeps more than M · agents lines, nor dials more than C a second.
        const pacing = pacingFor(w, p);
        expect(r.inFlightAtEnd).to.be.at.most(Math.floor(pacing.linesPerAgentCap * p.agents));
        expect(r.dials).to.be.at.most(pacing.dialsPerSecondCap * d);
        expect(r.events).to.be.at.least(r.liveAnswers + r.machineAnswers + r.noAnswers + r.abandoned);
        // Rates.
        expect(r.abandonRate).to.equal(r.liveAnswers > 0 ? r.abandoned / r.liveAnswers : 0);
        expect(r.answerRate).to.equal(r.dials > 0 ? r.liveAnswers / r.dials : 0);
        for (const rate of [r.abandonRate, r.answerRate]) expect(rate).to.be.within(0, 1);
        // Occupancy sums floating-point busy intervals, so allow rounding in the last bits.
        expect(r.occupancy).to.be.within(0, 1 + 1e-9);
        // A connected call waited at most abandonAfterSeconds.
        expect(r.meanWaitSeconds).to.be.within(0, p.abandonAfterSeconds + 1e-9);
        if (r.connected === 0) expect(r.meanWaitSeconds).to.equal(0);
      }),
      { numRuns: 300 },
    );
  });

  it('never abandons when every dial is live, p′ = 1, no look-ahead and other weights 0 (property)', () => {
    // With p = 1 and w.answer_rate = 0, p' = 1 so L = 1; agent_efficiency −1 makes a = 0, so E = free
    // and a tick dials at most free − F lines. A live answer or an unanswered release lowers F by one
    // and a connection lowers F and free together; an agent finishing raises free. So F <= free holds
    // at every instant for every profile, and a live answer (one of F) always finds a free agent.
    fc.assert(
      fc.property(profileArbitrary, fc.integer({ min: 1, max: 600 }), seedArbitrary, (p, d, seed) => {
        const allLive = { ...p, answerProbability: 1, machineProbability: 0 };
        const r = runReplication({ agent_efficiency: -1 }, allLive, d, seed);
        expect(r.abandoned).to.equal(0);
        expect(r.waitingAtEnd).to.equal(0);
        expect(r.meanWaitSeconds).to.equal(0);
      }),
      { numRuns: 200 },
    );
  });

  it('does abandon all-live calls once the look-ahead dials ahead of free agents', () => {
    // The counterpart of the property above: with agent_efficiency 0 (a = 7/195) the same profile abandons.
    const allLive = profile({ answerProbability: 1, machineProbability: 0 });
    let abandoned = 0;
    for (let seed = 1; seed <= 5; seed += 1) abandoned += runReplication({}, allLive, 3600, seed).abandoned;
    expect(abandoned).to.be.above(0);
  });

  it('runs each pacing tick before the events of the same instant and counts events at t = D', () => {
    // Every dial rings out and is released exactly 3 s later. C = 4 a second, M · agents = 12 lines.
    // Tick 3 still sees tick 0's lines (12 in flight) and dials none; releases at t = 3 and t = 4 = D
    // count, those of tick 2 (t = 5) do not.
    const r = runReplication(
      { call_rate: 1 },
      profile({ agents: 4, answerProbability: 0, machineProbability: 0, ringTimeoutSeconds: 3 }),
      4,
      1,
    );
    expect(r).to.include({ dials: 12, noAnswers: 8, ringingAtEnd: 4, inFlightAtEnd: 4, events: 8 });
  });

  it('holds the line of a machine answer for machineHoldSeconds', () => {
    // Instant machine answers held 3 s, C = 4 a second, M · agents = 12 lines. The lines of tick k
    // are released just after k + 3, so tick t sees those of ticks t−3..t−1: it dials 4 unless all
    // three dialled. Ticks 0..9 go dial, dial, dial, skip, dial, dial, dial, skip, dial, dial = 32
    // dials; at D = 10 the lines of ticks 8 and 9 are still held.
    const r = runReplication(
      { call_rate: 1 },
      profile({ agents: 4, answerProbability: 0, machineProbability: 1, ringMeanSeconds: 1e-6, machineHoldSeconds: 3 }),
      10,
      5,
    );
    expect(r).to.include({ dials: 32, machineAnswers: 32, machineHoldingAtEnd: 8, inFlightAtEnd: 8, liveAnswers: 0 });
  });

  it('treats a ring longer than ringTimeoutSeconds as a no answer', () => {
    // Ring mean = timeout = 10 s: a dial is answered with probability 1 − e^(−1) ≈ 0.632.
    const ring = { ringMeanSeconds: 10, ringTimeoutSeconds: 10 };
    const live = runReplication({}, profile({ ...ring, answerProbability: 1, machineProbability: 0 }), 3600, 21);
    expect(live.answerRate).to.be.closeTo(1 - Math.exp(-1), 0.03);
    const machine = runReplication({}, profile({ ...ring, answerProbability: 0, machineProbability: 1 }), 3600, 22);
    expect(machine.machineAnswers / machine.dials).to.be.closeTo(1 - Math.exp(-1), 0.03);
    expect(machine.noAnswers + machine.ringingAtEnd).to.equal(machine.dials - machine.machineAnswers);
  });

  it('keeps an agent busy for talk + wrap and counts busy time only within [0, D]', () => {
    // One agent, instant answers, talk 8 s + wrap 2 s: a call connects at t ≈ 0, 11, …, 99; the last
    // one is busy for only 1 of its 10 seconds before D = 100, so occupancy = (9 · 10 + 1) / 100.
    const r = runReplication(
      {},
      profile({ agents: 1, answerProbability: 1, machineProbability: 0, ringMeanSeconds: 1e-6, avgTalkSeconds: 8, talkCv: 0, wrapSeconds: 2 }),
      100,
      3,
    );
    expect(r).to.include({ dials: 10, liveAnswers: 10, connected: 10, abandoned: 0 });
    expect(r.occupancy).to.be.closeTo(0.91, 1e-4);
  });

  it('abandons every waiting call when patience is 0 and none when patience outlasts the run', () => {
    const busy = { predictive_factor: 1 };
    const impatient = runReplication(busy, profile({ abandonAfterSeconds: 0 }), 1800, 9);
    expect(impatient.abandoned).to.be.above(0);
    expect(impatient.meanWaitSeconds).to.equal(0);
    const patient = runReplication(busy, profile({ abandonAfterSeconds: 1e6 }), 1800, 9);
    expect(patient.abandoned).to.equal(0);
    expect(patient.meanWaitSeconds).to.be.above(0);
  });

  it('gives identical results for the same seed and different ones for different seeds', () => {
    const run = (seed: number): RunResult => runReplication({ predictive_factor: 0.3 }, DEFAULT_PROFILE, 900, seed);
    expect(run(42)).to.deep.equal(run(42));
    expect(run(42)).to.not.deep.equal(run(43));
  });
});
