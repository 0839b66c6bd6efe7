/**
 * The reconciles of one `apply` run (README, "Apply on merge"): every desired object of the
 * target's dialect once, four at a time, through the same phases as the controller. An accepted
 * apply whose verification is still watching (the live analysis of a skill: docs/architecture.md,
 * "Settle hook: verification kinds") is reconciled again when the verification asks, until its
 * verdict: an apply-on-merge pipeline ends with the apply judged, never left Verifying. The
 * analysis bounds the wait itself (its `maxWindow` ends it Paused).
 *
 * Objects are observed as `run` observes them: with the target's listing (on the real CXone
 * `GET /skills/parameters` plus the `/skills` pages, never a GET per skill), handed to each object's
 * first reconcile (reconcile/shared-listing.ts: read again once a minute old, as a long live
 * analysis keeps the later objects waiting; a failed one leaves each object to read itself).
 */
import { initialState, type CampaignState } from '../domain/campaign-state.js';
import type { SyncWindow } from '../domain/controller-policy.js';
import type { ReconcileOutcome } from '../reconcile/reconcile-types.js';
import type { ReconcileTarget, ShellObject, ShellReconcileDeps } from '../reconcile/reconcile-target.js';
import { sharedListing, type SharedListing } from '../reconcile/shared-listing.js';

export interface ApplyObjectsInput {
  target: ReconcileTarget;
  deps: ShellReconcileDeps;
  objects: readonly ShellObject[];
  revision: string;
  windows: readonly SyncWindow[];
  /** The last status of each object from the audit branch, by name. */
  previous: ReadonlyMap<string, CampaignState>;
  /** One progress line (stderr): the verification still watching, and when it looks again. */
  progress: (line: string) => void;
  /** Waits between the checks of a watching verification. Default a timer. */
  sleep?: (ms: number) => Promise<void>;
  /** Objects reconciled at once. Default 4. */
  concurrency?: number;
}

const timer = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** A verification still watching: no failure, Verifying, and a time to look again. */
function watching(outcome: ReconcileOutcome): outcome is ReconcileOutcome & { requeueAfterMs: number } {
  return outcome.error === undefined && outcome.state.status === 'Verifying' && outcome.requeueAfterMs !== undefined && Number.isFinite(outcome.requeueAfterMs);
}

/** Reconciles `object` until its apply is judged (or nothing is waiting for a verdict). */
async function reconcileUntilJudged(input: ApplyObjectsInput, object: ShellObject, listing: SharedListing): Promise<CampaignState> {
  const { target, deps, revision, windows, progress, sleep = timer } = input;
  let previous = input.previous.get(object.name) ?? initialState(object);
  // The listing for the first reconcile only: a verification's later checks read on their own.
  let observed = await listing(object);
  for (;;) {
    const outcome = await target.reconcile(deps, { object, revision, windows, previous, ...(observed === undefined ? {} : { observed }) });
    observed = undefined;
    if (!watching(outcome)) return outcome.state;
    const waitMs = Math.max(0, outcome.requeueAfterMs);
    progress(`${object.name}: ${outcome.state.status}: ${outcome.state.reason} (next check in ${Math.max(1, Math.ceil(waitMs / 1000))} s)`);
    await sleep(waitMs);
    previous = outcome.state;
  }
}

/** Every object reconciled (and judged); the states in name order. */
export async function applyObjects(input: ApplyObjectsInput): Promise<CampaignState[]> {
  const queue = [...input.objects];
  const results: CampaignState[] = [];
  const listing = sharedListing(input.target);
  const worker = async (): Promise<void> => {
    for (let object = queue.shift(); object; object = queue.shift()) results.push(await reconcileUntilJudged(input, object, listing));
  };
  await Promise.all(Array.from({ length: input.concurrency ?? 4 }, worker));
  return results.sort((a, b) => a.name.localeCompare(b.name));
}
