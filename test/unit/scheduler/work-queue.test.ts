import { expect } from 'chai';
import fc from 'fast-check';
import { ConflictError, StalledError, TransientError, WaitingError } from '../../../controller/domain/errors.js';
import { ADD_SLICE, createWorkQueue, type WorkQueue, type WorkQueueOptions, type WorkReason, type WorkResult } from '../../../controller/scheduler/work-queue.js';
import { FakeClock, flush } from './fake-clock.js';

interface Call {
  key: string;
  reason: WorkReason;
  at: number;
}

type Behaviour = (key: string, reason: WorkReason) => Promise<WorkResult | void>;

/** A queue on a fake clock whose handler records every call and then does what `behave` says. */
function setup(behave: Behaviour = async () => undefined, options: Partial<WorkQueueOptions<string>> = {}) {
  const clock = new FakeClock();
  const calls: Call[] = [];
  const queue: WorkQueue<string> = createWorkQueue<string>({
    handler: (key, reason) => {
      calls.push({ key, reason, at: clock.now() });
      return behave(key, reason);
    },
    now: clock.now,
    setTimer: clock.setTimer,
    clearTimer: clock.clearTimer,
    random: () => 0.5,
    ...options,
  });
  return { clock, calls, queue };
}

/** A promise the test resolves by hand. */
function gate(): { promise: Promise<void>; open: () => void } {
  let open = () => undefined as void;
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}

describe('createWorkQueue', () => {
  it('reconciles an added key with its reason and then becomes idle', async () => {
    const { queue, calls } = setup();
    queue.add('spring', 'commit');
    await queue.idle();
    expect(calls).to.deep.equal([{ key: 'spring', reason: 'commit', at: 0 }]);
    expect(queue.stats()).to.deep.equal({ queued: 0, running: 0, waitingRetry: 0, failures: {}, stalled: 0 });
  });

  it('adds a long list in slices, letting the event loop run between them, and idle() waits for every slice', async () => {
    const blocker = gate();
    const { queue, calls } = setup((key) => (key === 'k0' ? blocker.promise : Promise.resolve()), { concurrency: 1 });
    const keys = Array.from({ length: ADD_SLICE * 2 + 10 }, (_, i) => `k${i}`);
    const added = queue.addAll(keys, 'sweep');
    expect(queue.stats()).to.include({ running: 1, queued: ADD_SLICE - 1 });
    const queuedWhenTheLoopRan = await new Promise<number>((resolve) => setImmediate(() => resolve(queue.stats().queued)));
    expect(queuedWhenTheLoopRan, 'the event loop ran before the last slice was added').to.be.below(keys.length - 1);
    let idle = false;
    void queue.idle().then(() => (idle = true));
    await added;
    expect(queue.stats()).to.include({ running: 1, queued: keys.length - 1 });
    expect(idle).to.equal(false);
    blocker.open();
    await queue.idle();
    expect(calls.map((call) => call.key)).to.deep.equal(keys);
  });

  it('does not queue a waiting key twice', async () => {
    const blocker = gate();
    const { queue, calls } = setup((key) => (key === 'busy' ? blocker.promise : Promise.resolve()), { concurrency: 1 });
    queue.add('busy', 'commit');
    queue.addAll(['spring', 'spring', 'autumn', 'spring'], 'sweep');
    expect(queue.stats()).to.include({ queued: 2, running: 1 });
    blocker.open();
    await queue.idle();
    expect(calls.map((call) => call.key)).to.deep.equal(['busy', 'spring', 'autumn']);
  });

  it('runs higher priorities first, first in first out within one, and raises a waiting key that gets a higher reason', async () => {
    const blocker = gate();
    const { queue, calls } = setup((key) => (key === 'busy' ? blocker.promise : Promise.resolve()), { concurrency: 1 });
    queue.add('busy', 'commit');
    queue.add('b', 'sweep');
    queue.add('c', 'startup');
    queue.add('d', 'commit');
    queue.add('e', 'retry');
    queue.add('f', 'manual');
    queue.add('g', 'sweep');
    queue.add('g', 'commit'); // raised: to the back of the commit/manual level
    queue.add('d', 'sweep'); // lower: keeps its place and reason
    queue.add('h', 'window');
    blocker.open();
    await queue.idle();
    expect(calls.map((call) => `${call.key}:${call.reason}`)).to.deep.equal(['busy:commit', 'd:commit', 'f:manual', 'g:commit', 'e:retry', 'h:window', 'b:sweep', 'c:startup']);
  });

  it('runs a key once more, with the highest reason, when it is added while being reconciled', async () => {
    const first = gate();
    let count = 0;
    const { queue, calls } = setup(() => (++count === 1 ? first.promise : Promise.resolve()));
    queue.add('spring', 'sweep');
    await flush();
    queue.add('spring', 'sweep');
    queue.add('spring', 'commit');
    queue.add('spring', 'startup');
    expect(queue.stats()).to.include({ queued: 0, running: 1 });
    first.open();
    await queue.idle();
    expect(calls.map((call) => call.reason)).to.deep.equal(['sweep', 'commit']);
  });

  it('never reconciles more keys at once than its concurrency', async () => {
    let active = 0;
    let most = 0;
    const { clock, queue, calls } = setup(async () => {
      active += 1;
      most = Math.max(most, active);
      await clock.sleep(100);
      active -= 1;
    }, { concurrency: 3 });
    queue.addAll(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'], 'startup');
    expect(queue.stats()).to.include({ running: 3, queued: 7 });
    await clock.advance(400);
    await queue.idle();
    expect(most).to.equal(3);
    expect(calls).to.have.length(10);
    expect(calls.map((call) => call.at)).to.deep.equal([0, 0, 0, 100, 100, 100, 200, 200, 200, 300]);
  });

  it('backs off exponentially up to the maximum, and forgets the backoff on success', async () => {
    let fail = 6;
    const { clock, queue, calls } = setup(async () => {
      if (fail-- > 0) throw new TransientError('GET /campaigns/1 failed with 503');
    }, { baseBackoffMs: 1000, maxBackoffMs: 10_000 });
    queue.add('spring', 'commit');
    await clock.advance(60_000);
    expect(calls.map((call) => call.at)).to.deep.equal([0, 1000, 3000, 7000, 15_000, 25_000, 35_000]);
    expect(calls.slice(1).every((call) => call.reason === 'retry')).to.equal(true);
    expect(queue.stats()).to.deep.equal({ queued: 0, running: 0, waitingRetry: 0, failures: {}, stalled: 0 });

    fail = 1;
    queue.add('spring', 'commit');
    await clock.advance(60_000);
    expect(calls.slice(7).map((call) => call.at)).to.deep.equal([60_000, 61_000]); // back to the first backoff
  });

  it('spreads each backoff by at most ±20%', async () => {
    await fc.assert(
      fc.asyncProperty(fc.double({ min: 0, max: 0.999_999, noNaN: true }), fc.integer({ min: 1, max: 12 }), async (random, failures) => {
        let left = failures;
        const { clock, queue } = setup(async () => {
          if (left-- > 0) throw new Error('socket hang up');
        }, { random: () => random, baseBackoffMs: 1000, maxBackoffMs: 300_000 });
        for (let failure = 1; failure <= failures; failure += 1) {
          if (failure === 1) queue.add('spring', 'commit');
          else await clock.advance(clock.dueTimes()[0]! - clock.now());
          await flush();
          const [due] = clock.dueTimes();
          const nominal = Math.min(1000 * 2 ** (failure - 1), 300_000);
          expect(due! - clock.now()).to.be.within(Math.floor(nominal * 0.8), Math.ceil(nominal * 1.2));
        }
        await queue.stop();
      }),
      { numRuns: 50 },
    );
  });

  it('waits the retryAfterMs of a waiting error instead of the backoff', async () => {
    let count = 0;
    const { clock, queue, calls } = setup(async () => {
      if (++count === 1) throw new WaitingError('circuit open for CXone: retry after 30s', { retryAfterMs: 30_000 });
    });
    queue.add('spring', 'commit');
    await clock.advance(29_999);
    expect(calls).to.have.length(1);
    expect(queue.stats()).to.include({ waitingRetry: 1 });
    expect(queue.stats().failures).to.deep.equal({ spring: 1 });
    await clock.advance(1);
    expect(calls.map((call) => `${call.at}:${call.reason}`)).to.deep.equal(['0:commit', '30000:retry']);
  });

  it('backs off on conflicts and unclassified errors too', async () => {
    let count = 0;
    const { clock, queue, calls } = setup(async () => {
      count += 1;
      if (count === 1) throw new ConflictError('PUT /campaigns/1 returned 409');
      if (count === 2) throw new TypeError('undefined is not a function');
    });
    queue.add('spring', 'commit');
    await clock.advance(10_000);
    expect(calls.map((call) => call.at)).to.deep.equal([0, 1000, 3000]);
  });

  it('reconciles again after the requeueAfterMs of a result', async () => {
    let count = 0;
    const { clock, queue, calls } = setup(async () => (++count === 1 ? { requeueAfterMs: 60_000 } : undefined));
    queue.add('spring', 'commit');
    await clock.advance(59_999);
    expect(queue.stats()).to.include({ waitingRetry: 1 });
    await clock.advance(10 * 60_000);
    expect(calls.map((call) => `${call.at}:${call.reason}`)).to.deep.equal(['0:commit', '60000:requeue']);
    expect(clock.pending()).to.equal(0);
  });

  it('lets the latest reconcile decide the timer: new work runs at once and replaces a pending retry', async () => {
    let count = 0;
    const { clock, queue, calls } = setup(async () => {
      if (++count === 1) throw new TransientError('503');
    });
    queue.add('spring', 'sweep');
    await clock.advance(500);
    queue.add('spring', 'commit');
    await clock.advance(10_000);
    expect(calls.map((call) => `${call.at}:${call.reason}`)).to.deep.equal(['0:sweep', '500:commit']);
    expect(clock.pending()).to.equal(0);
  });

  it('does not retry a stalled error, but runs the key on the next add', async () => {
    let count = 0;
    const { clock, queue, calls } = setup(async () => {
      if (++count === 1) throw new StalledError('gate failed for spring-renewals: fix the weights');
    });
    queue.add('spring', 'commit');
    await clock.advance(3_600_000);
    expect(calls).to.have.length(1);
    expect(queue.stats()).to.deep.equal({ queued: 0, running: 0, waitingRetry: 0, failures: { spring: 1 }, stalled: 1 });
    queue.add('spring', 'commit');
    await queue.idle();
    expect(calls).to.have.length(2);
    expect(queue.stats().failures).to.deep.equal({});
  });

  it('stop() waits for reconciles in flight, cancels retries and drops queued work', async () => {
    const { clock, queue, calls } = setup(async (key) => {
      if (key === 'failing') throw new TransientError('503');
      await clock.sleep(1000);
    }, { concurrency: 1 });
    queue.add('failing', 'commit');
    await flush();
    queue.add('slow', 'commit');
    queue.add('queued', 'sweep');
    expect(queue.stats()).to.include({ running: 1, queued: 1, waitingRetry: 1 });
    let stopped = false;
    const stopping = queue.stop().then(() => {
      stopped = true;
    });
    await flush();
    expect(stopped).to.equal(false);
    await clock.advance(1000);
    await stopping;
    expect(stopped).to.equal(true);
    expect(clock.pending()).to.equal(0);
    queue.add('late', 'commit');
    await clock.advance(60_000);
    expect(calls.map((call) => call.key)).to.deep.equal(['failing', 'slow']);
  });

  it('forget() drops queued work, the backoff and the timer of a key, and ignores the outcome of a reconcile in flight', async () => {
    const running = gate();
    const { clock, queue, calls } = setup(async (key) => {
      if (key === 'deleted-while-running') {
        await running.promise;
        throw new TransientError('503');
      }
      if (key === 'failing') throw new TransientError('503');
    }, { concurrency: 1 });
    queue.add('failing', 'commit');
    await flush();
    expect(queue.stats()).to.include({ waitingRetry: 1 });
    queue.forget('failing');
    expect(queue.stats()).to.deep.equal({ queued: 0, running: 0, waitingRetry: 0, failures: {}, stalled: 0 });

    queue.add('deleted-while-running', 'commit');
    queue.add('deleted-while-queued', 'sweep');
    queue.forget('deleted-while-queued');
    queue.add('deleted-while-running', 'commit'); // dirty...
    queue.forget('deleted-while-running'); // ...and then forgotten
    running.open();
    await queue.idle();
    await clock.advance(3_600_000);
    expect(calls.map((call) => call.key)).to.deep.equal(['failing', 'deleted-while-running']);
    expect(queue.stats()).to.deep.equal({ queued: 0, running: 0, waitingRetry: 0, failures: {}, stalled: 0 });
  });
});
