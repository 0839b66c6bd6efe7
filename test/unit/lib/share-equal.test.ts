import { expect } from 'chai';
import { shareEqual } from '../../../controller/lib/share-equal.js';

describe('one object for equal values (lib/share-equal.ts)', () => {
  it('gives the first deeply equal candidate, else the value itself', () => {
    const value = { a: 1, b: { c: [2, 3] } };
    const equal = { a: 1, b: { c: [2, 3] } };
    const other = { a: 1, b: { c: [2, 4] } };
    expect(shareEqual(value, undefined, other, equal)).to.equal(equal);
    expect(shareEqual(value, other)).to.equal(value);
    expect(shareEqual(value)).to.equal(value);
  });

  it('tells 0 from -0 and an absent key from an undefined one, as the status documents do', () => {
    expect(shareEqual({ w: 0 }, { w: -0 })).to.deep.equal({ w: 0 });
    expect(Object.is(shareEqual({ w: 0 }, { w: -0 }).w, 0)).to.equal(true);
    const absent = {};
    expect(shareEqual<{ w?: number }>(absent, { w: undefined })).to.equal(absent);
  });
});
