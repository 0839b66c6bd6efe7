/**
 * The sweep's promise resolves once every campaign is in the work queue (docs/architecture.md,
 * "The controller shell"): the queue adds a long list in slices with the event loop running between
 * them, and `sweepAll` waits for the last slice, so "the sweep queued everything" is exact.
 */
import { TUTORIAL_CAPABILITIES } from '../../../controller/reconcile/tutorial-dialect.js';
import { expect } from 'chai';
import { silentLogger } from '../../../controller/adapters/logging/logger.js';
import { createController } from '../../../controller/reconcile/controller.js';
import type { ReconcileOutcome } from '../../../controller/reconcile/reconcile-campaign.js';
import type { ReconcileTarget, ShellObject } from '../../../controller/reconcile/reconcile-target.js';
import { ADD_SLICE } from '../../../controller/scheduler/work-queue.js';
import { createSimulationPool } from '../../../controller/simulation/index.js';
import type { LoadedDesiredState } from '../../../controller/adapters/fs/load-desired-state.js';
import { DirectorySource, HeldAudit, ACTOR } from './controller-fixture.js';
import { waitFor } from '../../support/wait-for.js';

const CAMPAIGNS = ADD_SLICE * 3 + 7;
const CONCURRENCY = 2;

function objectsOf(count: number): ShellObject[] {
  return Array.from({ length: count }, (_, i) => {
    const name = `campaign-${String(i).padStart(5, '0')}`;
    return { name, campaignId: `id-${i}`, path: `${name}.yaml`, labels: {}, sync: { policy: 'enforce' }, changeKey: name, desired: {} };
  });
}

describe('the sweep queues every campaign before it resolves', function () {
  this.timeout(60_000);

  it(`resolves the sweep tick only once all ${CAMPAIGNS} campaigns (more than one slice of ${ADD_SLICE}) are queued or running`, async () => {
    const pool = createSimulationPool({ size: 1 });
    const source = new DirectorySource();
    source.publish('a'.repeat(40), '/nonexistent', false);
    /** Reconciles wait here until the test lets them go. */
    let release: () => void = () => undefined;
    const arm = (): Promise<void> => new Promise<void>((resolve) => (release = resolve));
    let gate = arm();
    const target: ReconcileTarget = {
      kind: 'CampaignWeights',
      noun: 'campaign',
      capabilities: TUTORIAL_CAPABILITIES,
      // The revision's own list, as a dialect does (the shell hands it over a slice at a time).
      objects: (validation) => validation.campaigns as unknown as ShellObject[],
      sweep: async () => new Map(),
      reconcile: async (_deps, input) => {
        await gate;
        return { state: input.previous } as ReconcileOutcome;
      },
      settleOrphans: async () => ({ settled: 0, kept: 0 }),
      statusProblem: () => undefined,
      authenticate: async () => undefined,
      health: () => ({ circuit: 'closed', budgetRemaining: 1, queued: 0, requestsGranted: 0, tokenRequests: 0 }),
    };
    const loaded = { validation: { policy: { syncWindows: [] }, campaigns: objectsOf(CAMPAIGNS), skills: [] }, diagnostics: [] } as unknown as LoadedDesiredState;
    let tick: (() => void | Promise<void>) | undefined;
    const controller = createController({
      target,
      source,
      audit: new HeldAudit(),
      pool,
      log: silentLogger,
      actor: ACTOR,
      concurrency: CONCURRENCY,
      loadDesiredState: async () => loaded,
      createSweep: (onTick) => {
        tick = onTick;
        return { start: () => undefined, stop: async () => undefined };
      },
    });
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
      await controller.stop();
      await pool.close();
    }
  });
});
