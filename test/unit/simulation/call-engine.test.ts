import { expect } from 'chai';
import fc from 'fast-check';
import { CallEngine, runCallEngine, type Pacer, type PacingView } from '../../../controller/simulation/call-engine.js';
import { callProcessOf } from '../../../controller/simulation/run-replication.js';
import { DEFAULT_PROFILE } from '../../../controller/simulation/types.js';
import { profileArbitrary, seedArbitrary } from './arbitraries.js';

/** Dials up to `perAgent` lines per agent, as many as allowed each tick. */
function greedyPacer(agents: number, perAgent: number): Pacer {
  const cap = agents * perAgent;
  return { maxLinesInFlight: cap, dials: (view: PacingView) => Math.max(0, cap - view.linesInFlight) };
}

describe('simulation/runCallEngine', () => {
  it('refuses a pacer that dials past its own cap instead of overwriting its events', () => {
    const call = callProcessOf({ ...DEFAULT_PROFILE, agents: 5 });
    const rogue: Pacer = { maxLinesInFlight: 5, dials: () => 6 };
    expect(() => runCallEngine(call, rogue, 60, 1)).to.throw(RangeError, /past its own cap of 5 lines/);
  });

  it('tells the pacer the counts so far and the lines in flight, never more than its cap', () => {
    const call = callProcessOf({ ...DEFAULT_PROFILE, agents: 10 });
    const seen: PacingView[] = [];
    const pacer = greedyPacer(10, 3);
    const counts = runCallEngine(call, { maxLinesInFlight: pacer.maxLinesInFlight, dials: (view) => (seen.push({ ...view }), pacer.dials(view)) }, 600, 7);
    expect(seen.map((view) => view.tick)).to.deep.equal([...Array(600).keys()]);
    for (let index = 1; index < seen.length; index += 1) {
      expect(seen[index]!.liveAnswers).to.be.at.least(seen[index - 1]!.liveAnswers);
      expect(seen[index]!.linesInFlight).to.be.at.most(30);
    }
    expect(counts.liveAnswers).to.be.at.least(seen.at(-1)!.liveAnswers);
  });

  it('counts a connection as late only when it waited longer than lateAfterSeconds (property)', () => {
    fc.assert(
      fc.property(profileArbitrary, fc.double({ min: 0, max: 5, noNaN: true }), seedArbitrary, (profile, lateAfter, seed) => {
        const call = callProcessOf(profile, { lateAfterSeconds: lateAfter });
        const counts = runCallEngine(call, greedyPacer(profile.agents, 3), 300, seed);
        expect(counts.connectedLate).to.be.within(0, counts.connected);
        // Nobody waits longer than the patience, so with lateAfter >= patience nobody is late.
        if (lateAfter >= profile.abandonAfterSeconds) expect(counts.connectedLate).to.equal(0);
        expect(counts.liveAnswers).to.equal(counts.connected + counts.abandoned + counts.waitingAtEnd);
      }),
      { numRuns: 150 },
    );
  });

  it('refuses a pacer that asks for a fraction of a dial', () => {
    const call = callProcessOf({ ...DEFAULT_PROFILE, agents: 5 });
    expect(() => runCallEngine(call, { maxLinesInFlight: 15, dials: () => 1.5 }, 60, 1)).to.throw(RangeError, /1.5 dials at t = 0/);
  });

  it('keeps each engine\'s state apart when several advance interleaved, and a released engine\'s module starts the next one afresh', () => {
    const call = callProcessOf({ ...DEFAULT_PROFILE, agents: 20 });
    const alone = (seed: number) => runCallEngine(call, greedyPacer(20, 2), 900, seed);
    const expected = [alone(1), alone(2), alone(3)];
    const engines = [1, 2, 3].map((seed) => new CallEngine(call, greedyPacer(20, 2), seed, { horizon: 900 }));
    for (let until = 100; until <= 900; until += 100) for (const engine of engines) engine.advanceTo(until);
    for (const engine of engines) engine.finishAt(900);
    expect(engines.map((engine) => engine.counts())).to.deep.equal(expected);
    for (const engine of engines) engine.release();
    // The released modules serve these; their old state must not leak in.
    expect([alone(1), alone(2), alone(3)]).to.deep.equal(expected);
  });

  it('refuses to be used once released', () => {
    const engine = new CallEngine(callProcessOf(DEFAULT_PROFILE), greedyPacer(40, 2), 1);
    engine.release();
    expect(() => engine.advanceTo(10)).to.throw(/released/);
  });
});
