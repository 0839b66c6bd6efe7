import { expect } from 'chai';
import fc from 'fast-check';
import { TicketQueue } from '../../../controller/simulation/ticket-queue.js';

describe('simulation/TicketQueue', () => {
  it('hands out consecutive tickets and returns values first in, first out', () => {
    const queue = new TicketQueue(2);
    expect([queue.push(10), queue.push(20), queue.push(30)]).to.deep.equal([0, 1, 2]);
    expect(queue.frontTicket).to.equal(0);
    expect(queue.shift()).to.equal(10);
    expect(queue.frontTicket).to.equal(1);
    expect(queue.push(40)).to.equal(3);
    expect([queue.shift(), queue.shift(), queue.shift()]).to.deep.equal([20, 30, 40]);
    expect(queue.size).to.equal(0);
    expect(queue.frontTicket).to.equal(4);
    expect(() => queue.shift()).to.throw(RangeError, /empty/);
  });

  it('behaves like an array used as a queue across growth and wrap-around (property)', () => {
    const operation = fc.oneof(fc.double({ noNaN: true }), fc.constant(null));
    fc.assert(
      fc.property(fc.array(operation, { maxLength: 500 }), (operations) => {
        const queue = new TicketQueue(1);
        const reference: number[] = [];
        let shifted = 0;
        for (const op of operations) {
          if (op !== null) {
            expect(queue.push(op)).to.equal(shifted + reference.length);
            reference.push(op);
          } else if (reference.length > 0) {
            expect(queue.shift()).to.equal(reference.shift());
            shifted += 1;
          }
          expect(queue.size).to.equal(reference.length);
          expect(queue.frontTicket).to.equal(shifted);
        }
      }),
      { numRuns: 200 },
    );
  });
});
