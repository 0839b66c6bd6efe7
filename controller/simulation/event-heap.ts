/**
 * A binary min-heap of simulation events kept in parallel typed arrays, so pushing and popping
 * allocate nothing once the arrays are large enough. Events are ordered by time; events at the
 * same time come out in the order they were pushed (an insertion sequence breaks ties), which
 * keeps a replication deterministic.
 */
export class EventHeap {
  private times: Float64Array;
  private seqs: Float64Array;
  private payloads: Float64Array;
  private count = 0;
  private nextSeq = 0;

  /** @param initialCapacity slots allocated up front (grows by doubling). Default 1024. */
  constructor(initialCapacity = 1024) {
    const capacity = Math.max(1, Math.floor(initialCapacity));
    this.times = new Float64Array(capacity);
    this.seqs = new Float64Array(capacity);
    this.payloads = new Float64Array(capacity);
  }

  /** Events in the heap. */
  get size(): number {
    return this.count;
  }

  /** Time of the earliest event, or Infinity when the heap is empty. */
  peekTime(): number {
    return this.count > 0 ? this.times[0]! : Infinity;
  }

  /** Payload of the earliest event, or NaN when the heap is empty. */
  peekPayload(): number {
    return this.count > 0 ? this.payloads[0]! : NaN;
  }

  /** Removes every event and restarts the insertion sequence. */
  clear(): void {
    this.count = 0;
    this.nextSeq = 0;
  }

  /** Adds an event; the payload is any number (callers encode event type and data in it). */
  push(time: number, payload: number): void {
    if (this.count === this.times.length) this.grow();
    const times = this.times;
    const seqs = this.seqs;
    const payloads = this.payloads;
    const seq = this.nextSeq++;
    let hole = this.count++;
    while (hole > 0) {
      const parent = (hole - 1) >> 1;
      const parentTime = times[parent]!;
      if (parentTime < time || (parentTime === time && seqs[parent]! < seq)) break;
      times[hole] = parentTime;
      seqs[hole] = seqs[parent]!;
      payloads[hole] = payloads[parent]!;
      hole = parent;
    }
    times[hole] = time;
    seqs[hole] = seq;
    payloads[hole] = payload;
  }

  /** Removes the earliest event and returns its payload (read its time first with peekTime). */
  pop(): number {
    if (this.count === 0) throw new RangeError('EventHeap.pop on an empty heap');
    const times = this.times;
    const seqs = this.seqs;
    const payloads = this.payloads;
    const top = payloads[0]!;
    const last = --this.count;
    if (last === 0) return top;
    const time = times[last]!;
    const seq = seqs[last]!;
    const payload = payloads[last]!;
    let hole = 0;
    for (;;) {
      let child = 2 * hole + 1;
      if (child >= last) break;
      const right = child + 1;
      if (
        right < last &&
        (times[right]! < times[child]! || (times[right] === times[child] && seqs[right]! < seqs[child]!))
      ) {
        child = right;
      }
      const childTime = times[child]!;
      if (time < childTime || (time === childTime && seq < seqs[child]!)) break;
      times[hole] = childTime;
      seqs[hole] = seqs[child]!;
      payloads[hole] = payloads[child]!;
      hole = child;
    }
    times[hole] = time;
    seqs[hole] = seq;
    payloads[hole] = payload;
    return top;
  }

  private grow(): void {
    const capacity = this.times.length * 2;
    const times = new Float64Array(capacity);
    const seqs = new Float64Array(capacity);
    const payloads = new Float64Array(capacity);
    times.set(this.times);
    seqs.set(this.seqs);
    payloads.set(this.payloads);
    this.times = times;
    this.seqs = seqs;
    this.payloads = payloads;
  }
}
