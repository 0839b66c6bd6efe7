/**
 * The states keep what one page of `GET /api/status` needs (docs/architecture.md, "The status API
 * at scale"): a page, the totals and the open incidents, without reading every state. Each must
 * equal what the whole list gives (`pageOf`, `totalsOf`, iterating `values()`), byte for byte as
 * JSON, after any sequence of adds, status changes, removals and clears.
 */
import { expect } from 'chai';
import type { CampaignState } from '../../../controller/domain/campaign-state.js';
import type { Incident } from '../../../controller/domain/incidents.js';
import { CampaignStates } from '../../../controller/reconcile/campaign-states.js';
import { encodeCursor, pageFrom, pageOf, totalsOf } from '../../../controller/reconcile/status-page.js';
import { seededRandom } from '../../../emulator/seeded-random.js';
import { campaignState } from '../../support/dashboard-fixtures.js';

const STATUSES = ['OutOfSync', 'Synced', 'Drifted', 'Verifying', 'Failed'] as const;

function incident(campaign: string): Incident {
  return { key: `drift:${campaign}`, kind: 'drift', campaign, campaignId: `${campaign}-id`, labels: {}, openedAt: '2026-12-02T10:00:00.000Z', lastNotifiedAt: '2026-12-02T10:00:00.000Z', reminders: 0, summary: `${campaign} drifted` };
}

/** What the whole list gives: every state in name order, its totals, every incident in map order. */
function fromEverything(states: CampaignStates) {
  const all = [...states.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { all, totals: totalsOf(all), incidents: [...states.values()].flatMap((state) => state.incidents ?? []) };
}

function expectSameAsEverything(states: CampaignStates, step: string): void {
  const whole = fromEverything(states);
  expect(JSON.stringify(states.totals()), `totals after ${step}`).to.equal(JSON.stringify(whole.totals));
  expect(JSON.stringify(states.incidents()), `incidents after ${step}`).to.equal(JSON.stringify(whole.incidents));
  expect(states.inOrder().map((state) => state.name), `order after ${step}`).to.deep.equal(whole.all.map((state) => state.name));
  for (const query of [{}, { limit: 7 }, ...(whole.all.length > 3 ? [{ limit: 3, cursor: encodeCursor(whole.all[2]!.name) }, { cursor: encodeCursor(`${whole.all.at(-1)!.name}`) }] : [])]) {
    expect(JSON.stringify(pageFrom(states, query)), `page ${JSON.stringify(query)} after ${step}`).to.equal(JSON.stringify(pageOf(whole.all, query)));
  }
}

describe('CampaignStates: a page, the totals and the incidents without reading every state', () => {
  it('gives byStatus in the order counting in name order gives it, after the least holder of a status changes status', () => {
    const states = new CampaignStates();
    for (const name of ['c', 'a', 'b', 'd']) states.set(name, campaignState({ name, status: 'OutOfSync' }));
    states.set('d', campaignState({ name: 'd', status: 'Synced' }));
    expect(Object.keys(states.totals().byStatus)).to.deep.equal(['OutOfSync', 'Synced']);
    // The least OutOfSync name leaves it, then the rest up to d: Synced comes first in name order.
    for (const name of ['a', 'b', 'c']) states.set(name, campaignState({ name, status: 'Synced' }));
    expect(states.totals().byStatus).to.deep.equal({ Synced: 4 });
    states.set('c', campaignState({ name: 'c', status: 'Drifted' }));
    states.set('a', campaignState({ name: 'a', status: 'Drifted' }));
    expect(Object.keys(states.totals().byStatus)).to.deep.equal(['Drifted', 'Synced']);
    states.delete('a');
    expect(Object.keys(states.totals().byStatus)).to.deep.equal(['Synced', 'Drifted']);
    expectSameAsEverything(states, 'the named steps');
  });

  for (const seed of [1, 2, 3, 4, 5]) {
    it(`equals what the whole list gives after 2,000 random adds, status changes, incidents, removals and a clear (seed ${seed})`, () => {
      const random = seededRandom(seed);
      const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
      const states = new CampaignStates();
      const names = Array.from({ length: 60 }, (_, i) => `campaign-${String(Math.floor(random() * 1000)).padStart(3, '0')}-${i}`);
      for (let step = 0; step < 2_000; step += 1) {
        const name = pick(names);
        const roll = random();
        if (roll < 0.08) states.delete(name);
        else if (roll < 0.081) states.clear();
        else {
          const state: CampaignState = campaignState({ name, status: pick(STATUSES), ...(random() < 0.5 ? { lastReconcileAt: undefined } : {}), ...(random() < 0.15 ? { incidents: [incident(name)] } : {}) });
          states.set(name, state);
        }
        if (step % 7 === 0 || roll < 0.1) expectSameAsEverything(states, `step ${step} (seed ${seed})`);
      }
      expectSameAsEverything(states, `the last step (seed ${seed})`);
    });
  }
});
