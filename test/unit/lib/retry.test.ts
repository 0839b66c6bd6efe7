import { expect } from 'chai';
import { backoffMs, retry } from '../../../controller/lib/retry.js';
import type { SetTimer } from '../../../controller/lib/timer.js';

/** A timer that fires only when the test says so, recording each wait. */
function manualTimer(): { setTimer: SetTimer; waits: number[]; fireAll(): void } {
  const pending: Array<() => void> = [];
  const waits: number[] = [];
  return {
    waits,
    setTimer: (callback, ms) => {
      waits.push(ms);
      pending.push(callback);
      return () => pending.splice(pending.indexOf(callback), 1);
    },
    fireAll: () => {
      for (const callback of pending.splice(0)) callback();
    },
  };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('retry', () => {
  it('retries what shouldRetry accepts, waiting the backoff on the injected timer, until the task succeeds', async () => {
    const timer = manualTimer();
    let calls = 0;
    const result = retry(
      async (attempt) => {
        calls += 1;
        if (attempt < 3) throw new Error(`race ${attempt}`);
        return 'pushed';
      },
      { attempts: 5, baseMs: 100, maxMs: 1000, jitter: 0, shouldRetry: () => true, setTimer: timer.setTimer },
    );
    for (let i = 0; i < 3; i += 1) {
      await tick();
      timer.fireAll();
    }
    expect(await result).to.equal('pushed');
    expect(calls).to.equal(3);
    expect(timer.waits).to.deep.equal([100, 200]);
  });

  it('throws at once a failure shouldRetry refuses, and the last failure when the attempts run out', async () => {
    const timer = manualTimer();
    const refused = await retry(async () => Promise.reject(new Error('stalled')), { attempts: 5, baseMs: 1, maxMs: 1, shouldRetry: () => false, setTimer: timer.setTimer }).catch((error: Error) => error.message);
    expect(refused).to.equal('stalled');
    expect(timer.waits).to.deep.equal([]);
    let attempt = 0;
    const exhausted = retry(async () => Promise.reject(new Error(`fail ${(attempt += 1)}`)), { attempts: 2, baseMs: 1, maxMs: 1, shouldRetry: () => true, setTimer: timer.setTimer }).catch((error: Error) => error.message);
    await tick();
    timer.fireAll();
    expect(await exhausted).to.equal('fail 2');
  });

  it('stops waiting when its signal aborts', async () => {
    const timer = manualTimer();
    const controller = new AbortController();
    const running = retry(async () => Promise.reject(new Error('transient')), { attempts: 9, baseMs: 1000, maxMs: 1000, shouldRetry: () => true, setTimer: timer.setTimer, signal: controller.signal }).catch((error: Error) => error.name);
    await tick();
    controller.abort();
    expect(await running).to.equal('AbortError');
  });

  it('backs off exponentially up to the cap, spread by the jitter', () => {
    expect([1, 2, 3, 4, 5].map((failures) => backoffMs(failures, { baseMs: 1000, maxMs: 5000, jitter: 0 }))).to.deep.equal([1000, 2000, 4000, 5000, 5000]);
    expect(backoffMs(1, { baseMs: 1000, maxMs: 5000, jitter: 0.2, random: () => 0 })).to.equal(800);
    expect(backoffMs(1, { baseMs: 1000, maxMs: 5000, jitter: 0.2, random: () => 0.999999 })).to.equal(1200);
  });
});
