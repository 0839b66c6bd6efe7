/**
 * The controller's states, one per managed campaign, by name, kept so that one page of the status
 * API costs in proportion to the page, not to the fleet (docs/architecture.md, "The status API at
 * scale"): the names in order (names added since the last sort are sorted on their own and merged
 * in; a removal sorts again), the totals per status and reconciled counted as states are set, and
 * the names of the campaigns with open incidents in the map's order.
 */
import type { CampaignState } from '../domain/campaign-state.js';
import type { Incident } from '../domain/incidents.js';
import type { StatusTotals } from './status-page.js';

/** Code-unit order (campaign names are lowercase ASCII: the same as alphabetical). */
export function byName(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The first index of `items` (in name order) after `name`: of names, or of what `nameOf` names. */
export function indexAfter<T>(items: readonly T[], name: string, nameOf: (item: T) => string = String): number {
  let low = 0;
  let high = items.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (nameOf(items[mid]!) <= name) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** Two sorted lists as one sorted list. */
function merged(a: readonly string[], b: readonly string[]): string[] {
  const out: string[] = new Array<string>(a.length + b.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < a.length && j < b.length) out[k++] = a[i]! <= b[j]! ? a[i++]! : b[j++]!;
  while (i < a.length) out[k++] = a[i++]!;
  while (j < b.length) out[k++] = b[j++]!;
  return out;
}

const holdsIncidents = (state: CampaignState | undefined): boolean => (state?.incidents?.length ?? 0) > 0;

/**
 * Where the least name holding a status is: no name holding it is less than `bound`, and `bound`
 * holds it when `exact` (else the least holder is the first one found from `bound` on).
 */
interface FirstHolder {
  bound: string;
  exact: boolean;
}

export class CampaignStates extends Map<string, CampaignState> {
  private sorted: string[] | undefined = [];
  /** Names added since `sorted` was last made whole. */
  private added: string[] = [];
  private readonly counts = new Map<string, number>();
  private readonly firstHolders = new Map<string, FirstHolder>();
  private reconciledCount = 0;
  /** The names whose states hold open incidents, in map order; undefined: find them again. */
  private incidentHolders: string[] | undefined = [];

  override set(name: string, state: CampaignState): this {
    const previous = super.get(name);
    if (previous === undefined) {
      if (this.sorted) this.added.push(name);
      this.gained(name, state.status);
    } else if (previous.status !== state.status) {
      this.lost(name, previous.status);
      this.gained(name, state.status);
    }
    this.reconciledCount += Number(state.lastReconcileAt !== undefined) - Number(previous?.lastReconcileAt !== undefined);
    if (holdsIncidents(previous) !== holdsIncidents(state)) this.incidentHolders = undefined;
    return super.set(name, state);
  }

  override delete(name: string): boolean {
    const previous = super.get(name);
    if (previous === undefined) return false;
    this.lost(name, previous.status);
    if (previous.lastReconcileAt !== undefined) this.reconciledCount -= 1;
    if (holdsIncidents(previous)) this.incidentHolders = undefined;
    this.sorted = undefined;
    this.added = [];
    return super.delete(name);
  }

  override clear(): void {
    this.sorted = [];
    this.added = [];
    this.counts.clear();
    this.firstHolders.clear();
    this.reconciledCount = 0;
    this.incidentHolders = [];
    super.clear();
  }

  private gained(name: string, status: string): void {
    this.counts.set(status, (this.counts.get(status) ?? 0) + 1);
    const first = this.firstHolders.get(status);
    if (first === undefined || name < first.bound) this.firstHolders.set(status, { bound: name, exact: true });
  }

  private lost(name: string, status: string): void {
    const left = (this.counts.get(status) ?? 1) - 1;
    if (left > 0) {
      this.counts.set(status, left);
      const first = this.firstHolders.get(status);
      if (first?.bound === name) first.exact = false;
    } else {
      this.counts.delete(status);
      this.firstHolders.delete(status);
    }
  }

  /** Every name, in order. */
  names(): readonly string[] {
    if (!this.sorted) this.sorted = [...this.keys()].sort(byName);
    else if (this.added.length > 0) this.sorted = merged(this.sorted, this.added.sort(byName));
    this.added = [];
    return this.sorted;
  }

  /** Every state, in name order. */
  inOrder(): CampaignState[] {
    return this.names().map((name) => this.get(name)!);
  }

  /** Up to `limit` states in name order after `after` (from the first when undefined), and whether more follow. */
  page(after: string | undefined, limit: number): { states: CampaignState[]; more: boolean } {
    const names = this.names();
    const start = after === undefined ? 0 : indexAfter(names, after);
    return { states: names.slice(start, start + limit).map((name) => this.get(name)!), more: start + limit < names.length };
  }

  /** The totals of every state as counting them in name order gives them (`byStatus` in order of first appearance), without reading them all. */
  totals(): StatusTotals {
    const first = (status: string): string => this.leastHolder(status);
    const statuses = [...this.counts.keys()].map((status) => [status, first(status)] as const).sort(([, a], [, b]) => byName(a, b));
    const byStatus: Record<string, number> = {};
    for (const [status] of statuses) byStatus[status] = this.counts.get(status)!;
    return { campaigns: this.size, byStatus, reconciled: this.reconciledCount };
  }

  /** The least name holding `status` (held by at least one): known, or found from its bound on. */
  private leastHolder(status: string): string {
    const first = this.firstHolders.get(status)!;
    if (first.exact) return first.bound;
    const names = this.names();
    let index = indexAfter(names, first.bound);
    if (names[index - 1] === first.bound) index -= 1;
    for (; index < names.length; index += 1) {
      const name = names[index]!;
      if (this.get(name)!.status !== status) continue;
      first.bound = name;
      first.exact = true;
      return name;
    }
    throw new Error(`CampaignStates: ${status} is counted but no campaign holds it`);
  }

  /** Every campaign's open incidents, in the map's order (as iterating `values()` gives them). */
  incidents(): Incident[] {
    this.incidentHolders ??= [...this.entries()].filter(([, state]) => holdsIncidents(state)).map(([name]) => name);
    return this.incidentHolders.flatMap((name) => this.get(name)!.incidents!);
  }
}
