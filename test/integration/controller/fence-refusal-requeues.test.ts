/**
 * A campaign taken from the queue while the write fence refuses (docs/architecture.md, "One
 * writer") is reconciled once the fence allows writes again, without waiting for the next sweep.
 * At 100,000 files a slow single-writer heartbeat beat under load made the fence refuse for moments,
 * and the campaigns taken in those moments were dropped: 34 were never reconciled.
 */
import { TUTORIAL_CAPABILITIES } from '../../../controller/reconcile/tutorial-dialect.js';
import { expect } from 'chai';
import { silentLogger } from '../../../controller/adapters/logging/logger.js';
import { createController } from '../../../controller/reconcile/controller.js';
import type { ReconcileOutcome } from '../../../controller/reconcile/reconcile-campaign.js';
import type { ReconcileTarget, ShellObject } from '../../../controller/reconcile/reconcile-target.js';
import { createSimulationPool } from '../../../controller/simulation/index.js';
import type { LoadedDesiredState } from '../../../controller/adapters/fs/load-desired-state.js';
import { DirectorySource, HeldAudit, ACTOR } from './controller-fixture.js';
import { waitFor } from '../../support/wait-for.js';

const CAMPAIGNS = 40;

function objectsOf(count: number): ShellObject[] {
  return Array.from({ length: count }, (_, i) => {
    const name = `campaign-${String(i).padStart(3, '0')}`;
    return { name, campaignId: `id-${i}`, path: `${name}.yaml`, labels: {}, sync: { policy: 'enforce' }, changeKey: name, desired: {} };
  });
}

describe('a reconcile refused by the write fence', function () {
  this.timeout(60_000);

  it('is queued again and reconciled once the fence allows writes, with no sweep between', async () => {
    const pool = createSimulationPool({ size: 1 });
    const source = new DirectorySource();
    source.publish('a'.repeat(40), '/nonexistent', false);
    const reconciled = new Map<string, number>();
    const target: ReconcileTarget = {
      kind: 'CampaignWeights',
      noun: 'campaign',
      capabilities: TUTORIAL_CAPABILITIES,
      objects: (validation) => validation.campaigns as unknown as ShellObject[],
      sweep: async () => new Map(),
      reconcile: async (_deps, input) => {
        reconciled.set(input.object.name, (reconciled.get(input.object.name) ?? 0) + 1);
        return { state: input.previous } as ReconcileOutcome;
      },
      settleOrphans: async () => ({ settled: 0, kept: 0 }),
      statusProblem: () => undefined,
      authenticate: async () => undefined,
      health: () => ({ circuit: 'closed', budgetRemaining: 1, queued: 0, requestsGranted: 0, tokenRequests: 0 }),
    };
    const loaded = { validation: { policy: { syncWindows: [] }, campaigns: objectsOf(CAMPAIGNS), skills: [] }, diagnostics: [] } as unknown as LoadedDesiredState;
    let refusing = true;
    let refusals = 0;
    const controller = createController({
      target,
      source,
      audit: new HeldAudit(),
      pool,
      log: silentLogger,
      actor: ACTOR,
      concurrency: 2,
      writeRightPollMs: 20,
      mayWrite: () => {
        if (refusing) refusals += 1;
        return !refusing;
      },
      loadDesiredState: async () => loaded,
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
      await controller.stop();
      await pool.close();
    }
  });
});
