/**
 * The one-shot `apply` observes its objects as `run` does (reconcile/shared-listing.ts): one listing
 * of the target for the objects that start while it is fresh, read again once it is too old, and no
 * reading at all when it fails (each object then reads itself). A fake target counts its listings.
 */
import { expect } from 'chai';
import type { ShellObject } from '../../../controller/reconcile/reconcile-target.js';
import { sharedListing } from '../../../controller/reconcile/shared-listing.js';

const objectOf = (id: number): ShellObject => ({ name: `skill-${id}`, campaignId: String(id), path: `skill-${id}.yaml`, labels: {}, sync: { policy: 'enforce' }, changeKey: '', desired: {} });

function fakeTarget(listed: number[] | Error): { sweeps: number; sweep: () => Promise<Map<string, unknown>> } {
  const fake = {
    sweeps: 0,
    async sweep() {
      fake.sweeps += 1;
      if (listed instanceof Error) throw listed;
      return new Map<string, unknown>(listed.map((id) => [String(id), { skillId: id }]));
    },
  };
  return fake;
}

describe('sharedListing: the listing one apply observes its objects with', () => {
  it('lists once for objects asking at once and gives each its reading, null for one the listing lacks', async () => {
    const target = fakeTarget([1, 2, 3]);
    const listing = sharedListing(target);
    const readings = await Promise.all([1, 2, 3, 99].map((id) => listing(objectOf(id))));
    expect(target.sweeps).to.equal(1);
    expect(readings).to.deep.equal([{ skillId: 1 }, { skillId: 2 }, { skillId: 3 }, null]);
  });

  it('reads the listing again for an object that asks after the listing grew older than its maximum age', async () => {
    let clock = 0;
    const target = fakeTarget([1, 2, 3]);
    const listing = sharedListing(target, { maxAgeMs: 60_000, now: () => clock });
    await listing(objectOf(1));
    clock = 60_000;
    await listing(objectOf(2));
    expect(target.sweeps, 'a minute old: still fresh').to.equal(1);
    clock = 60_001;
    await listing(objectOf(3));
    expect(target.sweeps).to.equal(2);
  });

  it('gives no reading when the listing fails, so each object reads live itself and its reconcile reports the failure', async () => {
    const target = fakeTarget(new Error('authentication failed'));
    const listing = sharedListing(target);
    expect(await listing(objectOf(1))).to.equal(undefined);
    expect(await listing(objectOf(2))).to.equal(undefined);
  });
});
