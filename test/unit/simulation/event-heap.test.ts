import { expect } from 'chai';
import fc from 'fast-check';
import { EventHeap } from '../../../controller/simulation/event-heap.js';

function drain(heap: EventHeap): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  while (heap.size > 0) {
    const time = heap.peekTime();
    out.push([time, heap.pop()]);
  }
  return out;
}

describe('simulation/EventHeap', () => {
  it('pops events in time order', () => {
    const heap = new EventHeap(2);
    for (const [time, payload] of [[5, 50], [1, 10], [3, 30], [2, 20], [4, 40]] as const) heap.push(time, payload);
    expect(drain(heap)).to.deep.equal([[1, 10], [2, 20], [3, 30], [4, 40], [5, 50]]);
  });

  it('pops events at the same time in insertion order', () => {
    const heap = new EventHeap(1);
    heap.push(2, 1);
    heap.push(1, 2);
    heap.push(2, 3);
    heap.push(1, 4);
    heap.push(2, 5);
    expect(drain(heap).map(([, payload]) => payload)).to.deep.equal([2, 4, 1, 3, 5]);
  });

  it('reports Infinity and NaN when empty and throws on pop', () => {
    const heap = new EventHeap();
    expect(heap.peekTime()).to.equal(Infinity);
    expect(heap.peekPayload()).to.be.NaN;
    expect(() => heap.pop()).to.throw(RangeError, /empty/);
  });

  it('clear empties the heap and restarts the tie-break sequence', () => {
    const heap = new EventHeap();
    heap.push(1, 1);
    heap.push(1, 2);
    heap.clear();
    expect(heap.size).to.equal(0);
    heap.push(7, 3);
    heap.push(7, 4);
    expect(drain(heap)).to.deep.equal([[7, 3], [7, 4]]);
  });

  it('matches a stable sort of any interleaving of pushes and pops (property)', () => {
    const operation = fc.oneof(
      fc.record({ push: fc.integer({ min: 0, max: 20 }) }),
      fc.record({ pop: fc.constant(true) }),
    );
    fc.assert(
      fc.property(fc.array(operation, { maxLength: 300 }), (operations) => {
        const heap = new EventHeap(1);
        let reference: Array<{ time: number; payload: number }> = [];
        let next = 0;
        for (const op of operations) {
          if ('push' in op) {
            heap.push(op.push, next);
            reference.push({ time: op.push, payload: next });
            next += 1;
          } else if (reference.length > 0) {
            // Array.prototype.sort is stable, so equal times keep insertion order.
            reference = [...reference].sort((a, b) => a.time - b.time);
            const expected = reference.shift()!;
            expect(heap.peekTime()).to.equal(expected.time);
            expect(heap.pop()).to.equal(expected.payload);
          }
          expect(heap.size).to.equal(reference.length);
        }
        const rest = [...reference].sort((a, b) => a.time - b.time).map((e) => [e.time, e.payload]);
        expect(drain(heap)).to.deep.equal(rest);
      }),
      { numRuns: 200 },
    );
  });
});
