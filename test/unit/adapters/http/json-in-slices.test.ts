import { expect } from 'chai';
import { jsonInSlices } from '../../../../controller/adapters/http/json-in-slices.js';
import { REDACTED, SecretRegistry } from '../../../../controller/adapters/logging/secret-registry.js';

describe('jsonInSlices', () => {
  it('gives the JSON of the value, its list last, however the list is sliced', async () => {
    const value = { ready: true, revision: 'abc', campaigns: Array.from({ length: 23 }, (_, i) => ({ name: `c${i}`, weights: [i, i / 3], note: i % 5 === 0 ? undefined : 'x"\\\n' })), page: { limit: 23 } };
    for (const slice of [1, 7, 23, 100]) {
      const text = await jsonInSlices(value, 'campaigns', undefined, slice);
      expect(JSON.parse(text)).to.deep.equal(JSON.parse(JSON.stringify(value)));
      expect(Object.keys(JSON.parse(text) as object).at(-1)).to.equal('campaigns');
    }
    expect(await jsonInSlices({ campaigns: [] }, 'campaigns')).to.equal('{"campaigns":[]}');
  });

  it('lets the event loop run between slices', async () => {
    let ranBetween = false;
    setImmediate(() => (ranBetween = true));
    await jsonInSlices({ campaigns: Array.from({ length: 1000 }, (_, i) => ({ name: `c${i}` })) }, 'campaigns', undefined, 100);
    expect(ranBetween).to.equal(true);
  });

  it('scrubs every registered secret while serialising, as SecretRegistry.scrub does', async () => {
    const secrets = new SecretRegistry();
    secrets.add('s3cret-token-value');
    const value = { reason: 'token s3cret-token-value refused', campaigns: [{ name: 'a', error: 'Bearer s3cret-token-value', nested: { deep: ['s3cret-token-value'] } }] };
    const text = await jsonInSlices(value, 'campaigns', secrets.jsonReplacer);
    expect(text).to.not.include('s3cret-token-value');
    expect(JSON.parse(text)).to.deep.equal(secrets.scrub(value));
    expect(text).to.include(REDACTED);
  });
});
