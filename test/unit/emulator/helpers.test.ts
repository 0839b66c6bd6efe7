import { expect } from 'chai';
import { deepMerge } from '../../../emulator/deep-merge.js';
import { isLoopback } from '../../../controller/lib/is-loopback.js';
import { validateDialerSettings } from '../../../emulator/settings-validation.js';

describe('emulator helpers', () => {
  it('deepMerge merges objects, replaces the rest, removes null keys and leaves its inputs alone', () => {
    const base = { a: { b: 1, c: 2 }, d: [1, 2], e: 'x' };
    const merged = deepMerge(base, { a: { c: 3, z: null }, d: [9], e: null });
    expect(merged).to.deep.equal({ a: { b: 1, c: 3 }, d: [9] });
    expect(base).to.deep.equal({ a: { b: 1, c: 2 }, d: [1, 2], e: 'x' });
  });

  const addresses: Array<[string | undefined, boolean]> = [
    ['127.0.0.1', true],
    ['127.8.9.10', true],
    ['::1', true],
    ['[::1]', true],
    ['localhost', true],
    ['127.0.0.1.evil.example', false],
    ['::ffff:127.0.0.1', true],
    ['10.0.0.1', false],
    ['::ffff:192.168.1.1', false],
    ['fe80::1', false],
    [undefined, false],
  ];
  for (const [address, loopback] of addresses) {
    it(`treats ${String(address)} as ${loopback ? '' : 'not '}loopback`, () => {
      expect(isLoopback(address)).to.equal(loopback);
    });
  }

  it('validateDialerSettings collects every problem', () => {
    const result = validateDialerSettings({ algorithmId: 'x', parameterWeights: { answer_rate: 2, nope: 0 }, validationSplit: 1, maxDeviationLimit: 0.2 });
    expect(result.ok).to.equal(false);
    if (result.ok) return;
    expect(result.errors).to.have.length(5);
    expect(result.errors.join('\n'))
      .to.match(/algorithmId/)
      .and.match(/answer_rate must be between -1 and 1/)
      .and.match(/nope is not a known weight/)
      .and.match(/validationSplit must be between 0.1 and 0.9/)
      .and.match(/convergenceThreshold must be a number/);
  });
});
