import { expect } from 'chai';
import { ApiBudget } from '../../../../controller/adapters/cxone/api-budget.js';

/** Fake time: timers fire only when the test advances the clock. */
function fakeTime() {
  let now = 0;
  const timers: Array<{ at: number; callback: () => void }> = [];
  return {
    now: () => now,
    setTimer: (callback: () => void, ms: number) => {
      timers.push({ at: now + ms, callback });
    },
    async advance(ms: number) {
      const flush = async () => {
        for (let i = 0; i < 10; i += 1) await Promise.resolve();
      };
      await flush();
      const until = now + ms;
      for (;;) {
        timers.sort((a, b) => a.at - b.at);
        const next = timers[0];
        if (!next || next.at > until) break;
        timers.shift();
        now = next.at;
        next.callback();
        await flush();
      }
      now = until;
      await flush();
    },
  };
}

describe('ApiBudget', () => {
  it('grants a burst of its capacity at once and the rest at the per-minute rate', async () => {
    const time = fakeTime();
    const budget = new ApiBudget({ ratePerMinute: 60, capacity: 2, now: time.now, setTimer: time.setTimer });
    const grantedAt: number[] = [];
    const all = Array.from({ length: 5 }, () => budget.acquire().then(() => grantedAt.push(time.now())));
    await time.advance(10_000);
    await Promise.all(all);
    expect(grantedAt).to.deep.equal([0, 0, 1000, 2000, 3000]);
  });

  it('serves applies before commits before sweeps, first come first served within each', async () => {
    const time = fakeTime();
    const budget = new ApiBudget({ ratePerMinute: 60, capacity: 1, now: time.now, setTimer: time.setTimer });
    await budget.acquire('sweep'); // empties the bucket
    const order: string[] = [];
    const waits = [
      budget.acquire('sweep').then(() => order.push('sweep-1')),
      budget.acquire('commit').then(() => order.push('commit')),
      budget.acquire('apply').then(() => order.push('apply-1')),
      budget.acquire('sweep').then(() => order.push('sweep-2')),
      budget.acquire('apply').then(() => order.push('apply-2')),
    ];
    expect(budget.queued).to.equal(5);
    await time.advance(10_000);
    await Promise.all(waits);
    expect(order).to.deep.equal(['apply-1', 'apply-2', 'commit', 'sweep-1', 'sweep-2']);
  });

  it('holds every caller back for a Retry-After pause', async () => {
    const time = fakeTime();
    const budget = new ApiBudget({ ratePerMinute: 6000, now: time.now, setTimer: time.setTimer });
    budget.pauseFor(5_000);
    expect(budget.remaining()).to.equal(0);
    let granted = -1;
    const wait = budget.acquire('apply').then(() => (granted = time.now()));
    await time.advance(4_999);
    expect(granted).to.equal(-1);
    await time.advance(10);
    await wait;
    expect(granted).to.equal(5_000);
  });

  it('never limits at a rate of 0', async () => {
    const budget = new ApiBudget({ ratePerMinute: 0 });
    await Promise.all(Array.from({ length: 1000 }, () => budget.acquire()));
    expect(budget.granted).to.equal(1000);
  });
});
