import { expect } from 'chai';
import fc from 'fast-check';
import { StalledError, TransientError, WaitingError } from '../../../controller/domain/errors.js';
import { createWorkQueue, type WorkReason } from '../../../controller/scheduler/work-queue.js';
import { FakeClock } from './fake-clock.js';

const KEYS = ['a', 'b', 'c', 'd'] as const;
type Key = (typeof KEYS)[number];
const REASONS: WorkReason[] = ['startup', 'commit', 'sweep', 'retry', 'requeue', 'window', 'manual'];

type Outcome = 'ok' | 'requeue' | 'transient' | 'waiting' | 'stalled';

const step = fc.oneof(
  fc.record({ kind: fc.constant('add' as const), key: fc.constantFrom(...KEYS), reason: fc.constantFrom(...REASONS) }),
  fc.record({ kind: fc.constant('addAll' as const), reason: fc.constantFrom(...REASONS) }),
  fc.record({ kind: fc.constant('advance' as const), ms: fc.integer({ min: 0, max: 3000 }) }),
  fc.record({ kind: fc.constant('forget' as const), key: fc.constantFrom(...KEYS) }),
);

const handlerRun = fc.record({
  durationMs: fc.integer({ min: 0, max: 2000 }),
  outcome: fc.constantFrom<Outcome>('ok', 'ok', 'ok', 'requeue', 'transient', 'waiting', 'stalled'),
});

describe('createWorkQueue properties', () => {
  it('never runs two handlers for one key at once, keeps to its concurrency, and never loses an add', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(step, { minLength: 1, maxLength: 40 }),
        fc.array(handlerRun, { minLength: 1, maxLength: 30 }),
        fc.integer({ min: 1, max: 3 }),
        async (steps, runs, concurrency) => {
          const clock = new FakeClock();
          const active = new Set<Key>();
          const overlaps: Key[] = [];
          let most = 0;
          let event = 0;
          let runIndex = 0;
          let draining = false;
          const lastAdd = new Map<Key, number>();
          const lastStart = new Map<Key, number>();
          const queue = createWorkQueue<Key>({
            concurrency,
            now: clock.now,
            setTimer: clock.setTimer,
            clearTimer: clock.clearTimer,
            random: () => 0.5,
            baseBackoffMs: 100,
            maxBackoffMs: 1000,
            handler: async (key) => {
              if (active.has(key)) overlaps.push(key); // an assertion here would be caught by the queue
              active.add(key);
              most = Math.max(most, active.size);
              lastStart.set(key, ++event);
              const run = draining ? { durationMs: 50, outcome: 'ok' } : runs[runIndex++ % runs.length]!;
              try {
                await clock.sleep(run.durationMs);
              } finally {
                active.delete(key);
              }
              if (run.outcome === 'requeue') return { requeueAfterMs: 500 };
              if (run.outcome === 'transient') throw new TransientError('503');
              if (run.outcome === 'waiting') throw new WaitingError('429', { retryAfterMs: 700 });
              if (run.outcome === 'stalled') throw new StalledError('gate failed');
              return undefined;
            },
          });
          for (const action of steps) {
            if (action.kind === 'add') {
              lastAdd.set(action.key, ++event);
              queue.add(action.key, action.reason);
            } else if (action.kind === 'addAll') {
              for (const key of KEYS) lastAdd.set(key, ++event);
              queue.addAll(KEYS, action.reason);
            } else if (action.kind === 'forget') {
              lastAdd.delete(action.key);
              queue.forget(action.key);
            } else {
              await clock.advance(action.ms);
            }
            expect(queue.stats().running).to.be.at.most(concurrency);
          }
          draining = true; // from now on every reconcile succeeds, so retries and requeues end
          const busy = () => queue.stats().queued + queue.stats().running + queue.stats().waitingRetry > 0;
          for (let guard = 0; busy(); guard += 1) {
            expect(guard, 'the queue drains').to.be.below(1000);
            await clock.advance(100);
          }
          await queue.idle();
          expect(overlaps, 'keys reconciled twice at once').to.deep.equal([]);
          expect(most).to.be.at.most(concurrency);
          for (const [key, added] of lastAdd) {
            expect(lastStart.get(key) ?? 0, `${key} ran after its last add`).to.be.above(added);
          }
          await queue.stop();
          expect(clock.pending()).to.equal(0);
        },
      ),
      { numRuns: 150 },
    );
  });
});
