import { expect } from 'chai';
import { TokenBucket } from '../../../controller/lib/token-bucket.js';

describe('TokenBucket', () => {
  it('allows a burst of its capacity, then refuses with the wait until the next token', () => {
    const bucket = new TokenBucket({ ratePerMinute: 60, capacity: 3 });
    expect([1, 2, 3].map(() => bucket.tryTake(0).ok)).to.deep.equal([true, true, true]);
    expect(bucket.tryTake(0)).to.deep.equal({ ok: false, waitMs: 1000 });
    expect(bucket.tryTake(400)).to.deep.equal({ ok: false, waitMs: 600 });
    expect(bucket.tryTake(1000).ok).to.equal(true);
  });

  it('sustains exactly its rate over a long run', () => {
    const bucket = new TokenBucket({ ratePerMinute: 120, capacity: 1 });
    let granted = 0;
    for (let t = 0; t <= 60_000; t += 10) if (bucket.tryTake(t).ok) granted += 1;
    expect(granted).to.equal(121); // one at t=0, then one every 500 ms
  });

  it('never holds more than its capacity after a long pause', () => {
    const bucket = new TokenBucket({ ratePerMinute: 600, capacity: 5 });
    bucket.tryTake(0);
    expect(bucket.available(3_600_000)).to.equal(5);
  });

  it('is unlimited at a rate of 0', () => {
    const bucket = new TokenBucket({ ratePerMinute: 0 });
    for (let i = 0; i < 1000; i += 1) expect(bucket.tryTake(0).ok).to.equal(true);
    expect(bucket.unlimited).to.equal(true);
  });

  it('applies a new rate at once, keeping no more tokens than the new capacity', () => {
    const bucket = new TokenBucket({ ratePerMinute: 100 });
    bucket.reconfigure({ ratePerMinute: 2 }, 0);
    expect(bucket.available(0)).to.equal(2);
    bucket.tryTake(0);
    bucket.tryTake(0);
    expect(bucket.tryTake(0)).to.deep.equal({ ok: false, waitMs: 30_000 });
  });
});
