import { expect } from 'chai';
import { estimate } from '../../../controller/simulation/estimate.js';
import { studentT975 } from '../../../controller/simulation/student-t.js';

describe('simulation/studentT975', () => {
  // scipy.stats.t.ppf(0.975, df)
  const table: Array<[number, number]> = [
    [1, 12.706205], [2, 4.302653], [4, 2.776445], [9, 2.262157], [19, 2.093024], [29, 2.04523],
    [30, 2.042272], [31, 2.039513], [40, 2.021075], [60, 2.000298], [120, 1.97993], [999, 1.962341],
  ];
  for (const [df, expected] of table) {
    it(`gives ${expected} for df ${df}`, () => {
      expect(studentT975(df)).to.be.closeTo(expected, 2e-6);
    });
  }

  it('decreases with df towards the normal quantile 1.959964', () => {
    let previous = Infinity;
    for (let df = 1; df <= 2000; df += 1) {
      const value = studentT975(df);
      expect(value).to.be.below(previous);
      expect(value).to.be.above(1.959963);
      previous = value;
    }
    expect(studentT975(1_000_000)).to.be.closeTo(1.959964, 1e-5);
  });

  it('rejects df that is not a positive integer', () => {
    expect(() => studentT975(0)).to.throw(RangeError, /df/);
    expect(() => studentT975(2.5)).to.throw(RangeError, /df/);
  });
});

describe('simulation/estimate', () => {
  it('gives the mean and t(0.975, n−1) · s / √n', () => {
    const result = estimate([1, 2, 3, 4, 5]);
    expect(result.mean).to.equal(3);
    expect(result.halfWidth).to.be.closeTo((2.776445 * Math.sqrt(2.5)) / Math.sqrt(5), 1e-6);
  });

  it('gives a zero half-width for one value or for identical values', () => {
    expect(estimate([0.3])).to.deep.equal({ mean: 0.3, halfWidth: 0 });
    expect(estimate([2, 2, 2]).halfWidth).to.equal(0);
  });

  it('rejects an empty list', () => {
    expect(() => estimate([])).to.throw(RangeError);
  });
});
