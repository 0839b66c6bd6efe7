/**
 * One listing of a target's live objects shared by the reconciles that start while it is fresh (the
 * one-shot `apply`, README "Apply on merge"): on the real CXone `GET /skills/parameters` plus the
 * `/skills` pages instead of a GET per skill, as a `run` sweep observes them. A listing older than
 * `maxAgeMs` when an object asks is read again; a failed one answers undefined (no reading: the
 * object's reconcile reads live itself and reports what fails).
 */
import type { ReconcileTarget, ShellObject } from './reconcile-target.js';

/** The age past which an object waits for a new listing: a minute. */
export const LISTING_MAX_AGE_MS = 60_000;

/** An object's reading: the live object, `null` when the listing lacks it, undefined without a listing. */
export type SharedListing = (object: ShellObject) => Promise<unknown>;

export function sharedListing(target: Pick<ReconcileTarget, 'sweep'>, options: { maxAgeMs?: number; now?: () => number } = {}): SharedListing {
  const now = options.now ?? Date.now;
  const maxAgeMs = options.maxAgeMs ?? LISTING_MAX_AGE_MS;
  let current: { at: number; live: Promise<Map<string, unknown> | undefined> } | undefined;
  return async (object) => {
    if (current === undefined || now() - current.at > maxAgeMs) {
      current = { at: now(), live: target.sweep({ priority: 'apply' }).catch(() => undefined) };
    }
    const live = await current.live;
    return live === undefined ? undefined : sweptReading(live, object.campaignId);
  };
}

/** A sweep's reading of one object: its live object (or READ_AFRESH), null when not listed. */
export function sweptReading(swept: ReadonlyMap<string, unknown>, id: string): unknown {
  return swept.get(id) ?? null;
}
