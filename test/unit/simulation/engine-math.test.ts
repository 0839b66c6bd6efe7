import { expect } from 'chai';
import fc from 'fast-check';
import { engineMath } from '../../../controller/simulation/call-engine.js';

/*
 * The call engine's module computes exp, log, sin and cos itself (fdlibm's algorithms, as V8
 * implements Math's; docs/architecture.md "The simulator"), so a seed's numbers stay those of
 * JavaScript's Math bit for bit. These hold that on the inputs the models give them and on any
 * double; the sweep of every Box–Muller angle (all 2^32 words) is `npm run verify:engine-math`.
 */
const math = engineMath();
const same = (name: 'exp' | 'log' | 'sin' | 'cos', reference: (x: number) => number, x: number): void => {
  const ours = math[name](x);
  if (!Object.is(ours, reference(x))) expect.fail(`${name}(${x}) = ${ours}, Math.${name} gives ${reference(x)}`);
};
const word = fc.integer({ min: 0, max: 2 ** 32 - 1 });
const anyDouble = fc.double({ noDefaultInfinity: false });

describe('simulation/engine math: the module\'s exp, log, sin and cos equal Math\'s bit for bit', () => {
  it('log of 1 − U and of an open uniform, for every kind of 32-bit word (the exponential draws; property)', () => {
    fc.assert(
      fc.property(word, (w) => {
        same('log', Math.log, 1 - w * 2 ** -32);
        same('log', Math.log, (w + 0.5) * 2 ** -32);
      }),
      { numRuns: 200_000 },
    );
  });

  it('sin and cos of the Box–Muller angle 2π · U (property)', () => {
    fc.assert(
      fc.property(word, (w) => {
        const angle = 2 * Math.PI * (w * 2 ** -32);
        same('sin', Math.sin, angle);
        same('cos', Math.cos, angle);
      }),
      { numRuns: 200_000 },
    );
  });

  it('exp of talk-time exponents and of the ziggurat\'s wedge tests (property)', () => {
    fc.assert(
      fc.property(fc.double({ min: -50, max: 50, noNaN: true }), (x) => {
        same('exp', Math.exp, x);
        same('exp', Math.exp, -0.5 * x * x);
      }),
      { numRuns: 200_000 },
    );
  });

  it('every function on any double, and on the edges of each algorithm\'s branches', () => {
    fc.assert(
      fc.property(anyDouble, (x) => {
        for (const name of ['exp', 'log', 'sin', 'cos'] as const) same(name, Math[name], x);
      }),
      { numRuns: 100_000 },
    );
    const edges = [0, -0, 1, -1, 2, 0.5, Math.E, Infinity, -Infinity, NaN, Number.MIN_VALUE, 2.2250738585072014e-308, 1e-310, Number.MAX_VALUE,
      709.782712893384, 709.79, -745.1332191019411, -745.14, 0.34657359027997264, 1.0397207708399179, 3.725290298461914e-9, 2 ** -28,
      Math.PI / 4, Math.PI / 2, (3 * Math.PI) / 4, Math.PI, (3 * Math.PI) / 2, 2 * Math.PI, 2 ** 19 * (Math.PI / 2), 2 ** 20 * Math.PI, 1e300];
    for (const x of edges) for (const name of ['exp', 'log', 'sin', 'cos'] as const) same(name, Math[name], x);
  });
});
