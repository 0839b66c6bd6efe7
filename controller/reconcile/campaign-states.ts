/**
 * The controller's states, one per managed campaign, by name, with the names kept in order for the
 * status API's pages (docs/architecture.md, "The status API at scale"): the order is sorted again
 * only after a campaign is added or removed, not on every request.
 */
import type { CampaignState } from '../domain/campaign-state.js';

/** Code-unit order (campaign names are lowercase ASCII: the same as alphabetical). */
export function byName(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export class CampaignStates extends Map<string, CampaignState> {
  private sorted: string[] | undefined;

  override set(name: string, state: CampaignState): this {
    if (!this.has(name)) this.sorted = undefined;
    return super.set(name, state);
  }

  override delete(name: string): boolean {
    if (this.has(name)) this.sorted = undefined;
    return super.delete(name);
  }

  override clear(): void {
    this.sorted = undefined;
    super.clear();
  }

  /** Every name, in order. */
  names(): readonly string[] {
    this.sorted ??= [...this.keys()].sort(byName);
    return this.sorted;
  }

  /** Every state, in name order. */
  inOrder(): CampaignState[] {
    return this.names().map((name) => this.get(name)!);
  }
}
