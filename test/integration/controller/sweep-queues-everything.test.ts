/**
 * The sweep's promise resolves once every campaign is in the work queue (docs/architecture.md,
 * "The controller shell"): the queue adds a long list in slices with the event loop running between
 * them, and `sweepAll` waits for the last slice, so "the sweep queued everything" is exact.
 */
import { expect } from 'chai';
import type { ReconcileOutcome } from '../../../controller/reconcile/reconcile-campaign.js';
import { ADD_SLICE } from '../../../controller/scheduler/work-queue.js';
import { stubController } from './stub-target.js';
import { waitFor } from '../../support/wait-for.js';

const CAMPAIGNS = ADD_SLICE * 3 + 7;
const CONCURRENCY = 2;

describe('the sweep queues every campaign before it resolves', function () {
  this.timeout(60_000);

  it(`resolves the sweep tick only once all ${CAMPAIGNS} campaigns (more than one slice of ${ADD_SLICE}) are queued or running`, async () => {
    /** Reconciles wait here until the test lets them go. */
    let release: () => void = () => undefined;
    const arm = (): Promise<void> => new Promise<void>((resolve) => (release = resolve));
    let gate = arm();
    let tick: (() => void | Promise<void>) | undefined;
    const { controller, close } = stubController(
      async (_deps, input) => {
        await gate;
        return { state: input.previous } as ReconcileOutcome;
      },
      CAMPAIGNS,
      {
        concurrency: CONCURRENCY,
        createSweep: (onTick) => {
          tick = onTick;
          return { start: () => undefined, stop: async () => undefined };
        },
      },
    );
    try {
      await controller.start();
      const atStart = controller.status().queue;
      expect(atStart.queued + atStart.running, 'queued or running when start() resolved').to.equal(CAMPAIGNS);
      // Let the start-up reconciles finish, hold the next ones, and sweep: the tick resolves once every slice is queued.
      release();
      await waitFor(() => {
        const queue = controller.status().queue;
        return queue.queued + queue.running === 0;
      }, { timeoutMs: 30_000, what: 'the start-up reconciles to finish' });
      gate = arm();
      expect(tick, 'the controller made its sweep').to.be.a('function');
      await tick!();
      const afterSweep = controller.status().queue;
      expect(afterSweep.queued + afterSweep.running, 'queued or running when the sweep resolved').to.equal(CAMPAIGNS);
    } finally {
      release();
      await close();
    }
  });
});
