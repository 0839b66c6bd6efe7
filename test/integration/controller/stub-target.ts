/**
 * A dialect stub for tests of the controller shell alone (queueing, slicing, the write fence): its
 * objects are the loaded list as it is, its sweep reads nothing, and `reconcile` is the test's.
 */
import { TUTORIAL_CAPABILITIES } from '../../../controller/reconcile/tutorial-dialect.js';
import type { LoadedDesiredState } from '../../../controller/adapters/fs/load-desired-state.js';
import type { ReconcileTarget, ShellObject } from '../../../controller/reconcile/reconcile-target.js';
import { silentLogger } from '../../../controller/adapters/logging/logger.js';
import { createController, type Controller, type ControllerOptions } from '../../../controller/reconcile/controller.js';
import { createSimulationPool } from '../../../controller/simulation/index.js';
import { ACTOR, DirectorySource, HeldAudit } from './controller-fixture.js';

/** `count` enforced campaigns named `campaign-00000`, `campaign-00001`, …. */
export function shellObjects(count: number): ShellObject[] {
  return Array.from({ length: count }, (_, i) => {
    const name = `campaign-${String(i).padStart(5, '0')}`;
    return { name, campaignId: `id-${i}`, path: `${name}.yaml`, labels: {}, sync: { policy: 'enforce' }, changeKey: name, desired: {} };
  });
}

/** A loaded desired state of `objects` under a policy without sync windows. */
export function loadedWith(objects: ShellObject[]): LoadedDesiredState {
  return { validation: { policy: { syncWindows: [] }, campaigns: objects, skills: [] }, diagnostics: [] } as unknown as LoadedDesiredState;
}

export function stubTarget(reconcile: ReconcileTarget['reconcile']): ReconcileTarget {
  return {
    kind: 'CampaignWeights',
    noun: 'campaign',
    capabilities: TUTORIAL_CAPABILITIES,
    // The revision's own list, as a dialect does (the shell hands it over a slice at a time).
    objects: (validation) => validation.campaigns as unknown as ShellObject[],
    sweep: async () => new Map(),
    reconcile,
    settleOrphans: async () => ({ settled: 0, kept: 0 }),
    statusProblem: () => undefined,
    authenticate: async () => undefined,
    health: () => ({ circuit: 'closed', budgetRemaining: 1, queued: 0, requestsGranted: 0, tokenRequests: 0 }),
  };
}

/** A controller over `stubTarget(reconcile)` and `count` campaigns of one revision, with held audit and a one-worker pool; `close` stops both. */
export function stubController(reconcile: ReconcileTarget['reconcile'], count: number, extra: Partial<ControllerOptions>): { controller: Controller; close(): Promise<void> } {
  const pool = createSimulationPool({ size: 1 });
  const source = new DirectorySource();
  source.publish('a'.repeat(40), '/nonexistent', false);
  const loaded = loadedWith(shellObjects(count));
  const controller = createController({ target: stubTarget(reconcile), source, audit: new HeldAudit(), pool, log: silentLogger, actor: ACTOR, loadDesiredState: async () => loaded, ...extra });
  return {
    controller,
    close: async () => {
      await controller.stop();
      await pool.close();
    },
  };
}
