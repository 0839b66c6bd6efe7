/**
 * The observe phase: what live holds. A sweep's list reading is used as it is (no GET per campaign);
 * without one, the last observation is used — the write is conditional on its version, so a stale
 * one costs a conflict and a re-read, never a wrong write (docs/architecture.md, "API calls per
 * apply"). Settling an open write or resuming a verification needs a fresh read.
 */
import type { ReconcileContext } from './reconcile-context.js';
import type { ResourceTypes, StateOf } from './resource-model.js';

export interface Observation<L> {
  live: L | undefined;
  /** A read of this reconcile, the list of the sweep that queued it, or the last observation. */
  source: 'read' | 'sweep' | 'cache';
}

export async function observeFresh<T extends ResourceTypes>(ctx: ReconcileContext<T>): Promise<Observation<T['live']>> {
  const live = await ctx.dialect.observe(ctx.dialect.idOf(ctx.campaign), { priority: 'apply', signal: ctx.signal });
  return { live, source: 'read' };
}

/** A sweep's reading of an object it listed but could not use (not valid): read it afresh, never from the cache. */
export const READ_AFRESH = 'read-afresh';

export async function observe<T extends ResourceTypes>(ctx: ReconcileContext<T>, state: StateOf<T>, swept: T['live'] | null | undefined | typeof READ_AFRESH): Promise<Observation<T['live']>> {
  if (swept === READ_AFRESH) return observeFresh(ctx);
  const cached = state.lastObserved?.campaign;
  const usable = cached !== undefined && ctx.dialect.idOf(ctx.campaign) === ctx.dialect.liveIdOf(cached) ? cached : undefined;
  if (swept !== undefined) {
    // A list read before this controller's own later write is older than that write's answer.
    if (swept && usable !== undefined && ctx.dialect.isNewer(usable, swept)) return { live: usable, source: 'cache' };
    return { live: swept ?? undefined, source: 'sweep' };
  }
  if (usable !== undefined) return { live: usable, source: 'cache' };
  return observeFresh(ctx);
}
