/**
 * A campaign taken from the queue while the write fence refuses (docs/architecture.md, "One
 * writer") is reconciled once the fence allows writes again, without waiting for the next sweep.
 * At 100,000 files a slow single-writer heartbeat beat under load made the fence refuse for moments,
 * and the campaigns taken in those moments were dropped: 34 were never reconciled.
 */
import { expect } from 'chai';
import type { ReconcileOutcome } from '../../../controller/reconcile/reconcile-campaign.js';
import type { ReconcileTarget } from '../../../controller/reconcile/reconcile-target.js';
import { stubController } from './stub-target.js';
import { waitFor } from '../../support/wait-for.js';

const CAMPAIGNS = 40;

describe('a reconcile refused by the write fence', function () {
  this.timeout(60_000);

  it('is queued again and reconciled once the fence allows writes, with no sweep between', async () => {
    const reconciled = new Map<string, number>();
    let refusing = true;
    let refusals = 0;
    const reconcile = async (...[, input]: Parameters<ReconcileTarget['reconcile']>): Promise<ReconcileOutcome> => {
      reconciled.set(input.object.name, (reconciled.get(input.object.name) ?? 0) + 1);
      return { state: input.previous } as ReconcileOutcome;
    };
    const { controller, close } = stubController(reconcile, CAMPAIGNS, {
      concurrency: 2,
      writeRightPollMs: 20,
      mayWrite: () => {
        if (refusing) refusals += 1;
        return !refusing;
      },
      // No sweep runs in this test: only the fence's return may queue the refused campaigns again.
      createSweep: () => ({ start: () => undefined, stop: async () => undefined }),
    });
    try {
      await controller.start();
      await waitFor(() => {
        const queue = controller.status().queue;
        return queue.queued + queue.running === 0 && refusals >= CAMPAIGNS;
      }, { timeoutMs: 20_000, what: 'every start-up reconcile to be refused by the fence' });
      expect(reconciled.size, 'reconciled while the fence refused').to.equal(0);
      refusing = false;
      await waitFor(() => reconciled.size === CAMPAIGNS, { timeoutMs: 10_000, what: `all ${CAMPAIGNS} campaigns reconciled once the fence allows writes (${reconciled.size} were)` });
      expect([...reconciled.values()].every((count) => count === 1), 'each campaign reconciled once').to.equal(true);
    } finally {
      await close();
    }
  });
});
