/**
 * A first-in-first-out queue of numbers in a growable ring buffer. Each entry gets a ticket, its
 * position in the order of arrival (0, 1, 2, …), so an event can later tell whether the entry it
 * refers to is still at the front. Allocates only when it grows.
 */
export class TicketQueue {
  private values: Float64Array;
  private mask: number;
  private head = 0;
  private tail = 0;

  /** @param initialCapacity rounded up to a power of two (grows by doubling). Default 64. */
  constructor(initialCapacity = 64) {
    let capacity = 1;
    while (capacity < initialCapacity) capacity *= 2;
    this.values = new Float64Array(capacity);
    this.mask = capacity - 1;
  }

  /** Entries in the queue. */
  get size(): number {
    return this.tail - this.head;
  }

  /** The ticket of the front entry (equals the next ticket when the queue is empty). */
  get frontTicket(): number {
    return this.head;
  }

  /** Appends a value and returns its ticket. */
  push(value: number): number {
    if (this.tail - this.head === this.values.length) this.grow();
    this.values[this.tail & this.mask] = value;
    return this.tail++;
  }

  /** Removes the front entry and returns its value. */
  shift(): number {
    if (this.tail === this.head) throw new RangeError('TicketQueue.shift on an empty queue');
    return this.values[this.head++ & this.mask]!;
  }

  private grow(): void {
    const values = new Float64Array(this.values.length * 2);
    const mask = values.length - 1;
    for (let ticket = this.head; ticket < this.tail; ticket += 1) {
      values[ticket & mask] = this.values[ticket & this.mask]!;
    }
    this.values = values;
    this.mask = mask;
  }
}
