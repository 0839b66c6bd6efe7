/**
 * The work queue's handler in the controller shell (docs/architecture.md, "The controller shell"):
 * one campaign's reconcile against one generation, with its manual action, its incidents and the
 * global ones refreshed after.
 */
import { initialState } from '../domain/campaign-state.js';
import type { WorkReason, WorkResult } from '../scheduler/work-queue.js';
import { globalConditions, type Observation, type Shell } from './controller-shell.js';
import type { ReconcileOutcome } from './reconcile-campaign.js';

/** A classified error for the queue, or undefined when the reconcile succeeded. Stalled errors reach the queue as stalled. */
function queueResult(outcome: ReconcileOutcome): WorkResult {
  if (outcome.error !== undefined) throw outcome.error;
  return { requeueAfterMs: outcome.requeueAfterMs };
}

export async function reconcileOne(shell: Shell, name: string, reason: WorkReason, observed: Observation | undefined): Promise<WorkResult | void> {
  const { states, actions, stopping, now } = shell;
  // Let the status server and timers run between reconciles, however many are queued.
  await new Promise((resolve) => setImmediate(resolve));
  const current = shell.generation; // read once: the reconcile uses one generation throughout
  const campaign = current?.campaigns.get(name);
  if (!current?.policy || !campaign || stopping.signal.aborted) return actions.cancel(name, 503, `${name} was not reconciled: the controller is stopping or the policy file is invalid`);
  // "May I write now?" (docs/architecture.md, "One writer"): a controller that may not write does not
  // reconcile; the campaign waits for the write right and is queued again when it returns.
  if (!shell.mayWrite()) {
    shell.writeWait.park(name);
    return actions.cancel(name, 503, 'this replica may not write now (not the leader): send the action to the leader');
  }
  const windows = current.policy.syncWindows;
  const taken = await actions.take(name, states.get(name) ?? initialState(campaign), { campaign, windows, now: now(), names: shell.target.capabilities });
  const previous = taken?.state ?? states.get(name) ?? initialState(campaign);
  if (taken) states.set(name, taken.state);
  const started = performance.now();
  let outcome: ReconcileOutcome | undefined;
  try {
    outcome = await shell.target.reconcile(
      { ...shell.reconcileDeps, log: shell.log.child({ campaign: name, reason }) },
      {
        object: campaign,
        revision: current.snapshot.revision,
        // `sync --force` (a manual action) lifts the sync windows for this one reconcile.
        windows: taken?.ignoreWindows ? [] : windows,
        previous,
        observed,
        signal: stopping.signal,
        // The status as each record journals it: an accepted apply shows Verifying at once (I6).
        onRecorded: (state) => {
          if (shell.generation?.campaigns.has(name)) states.set(name, state);
        },
      },
    );
    if (shell.generation?.campaigns.has(name)) states.set(name, await shell.incidents.forCampaign(outcome.state, campaign.sync.policy));
  } finally {
    actions.finished(name, outcome && states.get(name));
  }
  shell.options.onReconciled?.(outcome.state, (performance.now() - started) / 1000);
  await shell.incidents.refreshGlobal(globalConditions(shell));
  return queueResult(outcome);
}
