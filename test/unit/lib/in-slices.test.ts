import { expect } from 'chai';
import { forEachInSlices, mapInSlices } from '../../../controller/lib/in-slices.js';

describe('work in slices (lib/in-slices.ts)', () => {
  it('maps every item in order, a slice at a time, letting the event loop run between slices', async () => {
    const events: string[] = [];
    const items = Array.from({ length: 7 }, (_, i) => i);
    const ticker = setInterval(() => events.push('timer'), 0);
    let spins = 0;
    // Each slice spins long enough that a 0 ms timer is due before the next slice begins.
    const mapped = await mapInSlices(items, (slice) => {
      events.push(`slice ${slice.join(',')}`);
      const until = Date.now() + 3;
      while (Date.now() < until) spins += 1;
      return slice.map((item) => item * 10);
    }, 3);
    clearInterval(ticker);
    expect(mapped).to.deep.equal([0, 10, 20, 30, 40, 50, 60]);
    const slices = events.filter((event) => event.startsWith('slice'));
    expect(slices).to.deep.equal(['slice 0,1,2', 'slice 3,4,5', 'slice 6']);
    // A timer ran between the first and the second slice, and between the second and the third.
    const at = (slice: string) => events.indexOf(slice);
    expect(events.slice(at('slice 0,1,2'), at('slice 3,4,5'))).to.include('timer');
    expect(events.slice(at('slice 3,4,5'), at('slice 6'))).to.include('timer');
    expect(spins).to.be.above(0);
  });

  it('calls each item once, in order, with a turn of the event loop after every slice', async () => {
    const seen: number[] = [];
    let turns = 0;
    const counting = setInterval(() => (turns += 1), 0);
    await forEachInSlices(new Set([1, 2, 3, 4, 5]), (item) => {
      seen.push(item);
      const until = Date.now() + 2;
      while (Date.now() < until);
    }, 2);
    clearInterval(counting);
    expect(seen).to.deep.equal([1, 2, 3, 4, 5]);
    expect(turns, 'timer turns between the slices').to.be.at.least(2);
  });
});
