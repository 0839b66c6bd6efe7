/**
 * The observe phase: what live holds. A sweep's list reading is used as it is (no GET per campaign);
 * without one, the last observation is used — the write is conditional on its version, so a stale
 * one costs a conflict and a re-read, never a wrong write (docs/architecture.md, "API calls per
 * apply"). Settling an open write or resuming a verification needs a fresh read.
 */
import type { CampaignState } from '../domain/campaign-state.js';
import type { LiveCampaign } from '../domain/live-campaign.js';
import type { ReconcileContext } from './reconcile-context.js';

export interface Observation {
  live: LiveCampaign | undefined;
  /** A read of this reconcile, the list of the sweep that queued it, or the last observation. */
  source: 'read' | 'sweep' | 'cache';
}

export async function observeFresh(ctx: ReconcileContext): Promise<Observation> {
  const live = await ctx.dialect.observe(ctx.dialect.idOf(ctx.campaign), { priority: 'apply', signal: ctx.signal });
  return { live, source: 'read' };
}

export async function observe(ctx: ReconcileContext, state: CampaignState, swept: LiveCampaign | null | undefined): Promise<Observation> {
  const cached = state.lastObserved?.campaign;
  const usable = cached && ctx.dialect.idOf(ctx.campaign) === cached.id ? cached : undefined;
  if (swept !== undefined) {
    // A list read before this controller's own later write is older than that write's answer.
    if (swept && usable && ctx.dialect.versionOf(usable) > ctx.dialect.versionOf(swept)) return { live: usable, source: 'cache' };
    return { live: swept ?? undefined, source: 'sweep' };
  }
  if (usable) return { live: usable, source: 'cache' };
  return observeFresh(ctx);
}
