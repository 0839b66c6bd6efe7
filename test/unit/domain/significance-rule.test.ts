import { expect } from 'chai';
import type { Weights } from '../../../controller/simulation/types.js';
import { checkSignificance, isSignificantChange } from '../../../controller/domain/significance-rule.js';
import { formatDiagnostic } from '../../../controller/domain/diagnostic.js';
import { fileOf, campaignYaml, testValidator } from './test-validator.js';

interface Row {
  what: string;
  old: Weights;
  new: Weights;
  threshold: number;
  significant: boolean;
  mean: number;
  std: number;
  score: number;
}

// Every row worked by hand: d = |new - old| over common keys, population std.
const ROWS: Row[] = [
  {
    what: 'spread-out changes: d = [0.1, 0.3], mean 0.2, std 0.1, score 2 >= 0.05',
    old: { answer_rate: 0, call_rate: 0 },
    new: { answer_rate: 0.1, call_rate: 0.3 },
    threshold: 0.05,
    significant: true,
    mean: 0.2,
    std: 0.1,
    score: 2,
  },
  {
    what: 'equal small changes: d = [0.02, 0.02], std 0, mean 0.02 < 0.05',
    old: { answer_rate: 0.1, call_rate: 0.1 },
    new: { answer_rate: 0.12, call_rate: 0.12 },
    threshold: 0.05,
    significant: false,
    mean: 0.02,
    std: 0,
    score: 0.02,
  },
  {
    what: 'equal changes exactly at the threshold: mean 0.02 >= 0.02 (float noise does not decide)',
    old: { answer_rate: 0.1, call_rate: 0.1 },
    new: { answer_rate: 0.12, call_rate: 0.12 },
    threshold: 0.02,
    significant: true,
    mean: 0.02,
    std: 0,
    score: 0.02,
  },
  {
    what: 'one key: d = [0.06], std 0, mean 0.06 >= 0.05',
    old: { predictive_factor: 0.1 },
    new: { predictive_factor: 0.16 },
    threshold: 0.05,
    significant: true,
    mean: 0.06,
    std: 0,
    score: 0.06,
  },
  {
    what: 'no change at all: d = [0, 0, 0], mean 0 < 0.001',
    old: { answer_rate: 0.1, call_rate: -0.2, agent_efficiency: 0.3 },
    new: { answer_rate: 0.1, call_rate: -0.2, agent_efficiency: 0.3 },
    threshold: 0.001,
    significant: false,
    mean: 0,
    std: 0,
    score: 0,
  },
  {
    what: 'only common keys count: d = [0.01] from answer_rate; call_rate and max_concurrent are ignored',
    old: { answer_rate: 0, call_rate: 0.5 },
    new: { answer_rate: 0.01, max_concurrent: 0.9 },
    threshold: 0.05,
    significant: false,
    mean: 0.01,
    std: 0,
    score: 0.01,
  },
  {
    what: "the tutorial's change from all zeros: d = [.12, .08, .25, .05, .10], mean .12, std sqrt(.00476)",
    old: { answer_rate: 0, call_rate: 0, predictive_factor: 0, max_concurrent: 0, agent_efficiency: 0 },
    new: { answer_rate: 0.12, call_rate: -0.08, predictive_factor: 0.25, max_concurrent: 0.05, agent_efficiency: -0.1 },
    threshold: 0.05,
    significant: true,
    mean: 0.12,
    std: Math.sqrt(0.00476),
    score: 0.12 / Math.sqrt(0.00476),
  },
  {
    what: 'a large score despite a small mean: d = [0.01, 0.03], mean 0.02, std 0.01, score 2',
    old: { answer_rate: 0.2, call_rate: 0.2 },
    new: { answer_rate: 0.21, call_rate: 0.17 },
    threshold: 0.1,
    significant: true,
    mean: 0.02,
    std: 0.01,
    score: 2,
  },
];

describe('the significance rule (README "Desired-state files", rule 3)', () => {
  for (const row of ROWS) {
    it(`${row.significant ? 'passes' : 'blocks'} ${row.what}`, () => {
      const result = isSignificantChange(row.old, row.new, row.threshold);
      expect(result.significant).to.equal(row.significant);
      expect(result.mean).to.be.closeTo(row.mean, 1e-9);
      expect(result.std).to.be.closeTo(row.std, 1e-9);
      expect(result.score).to.be.closeTo(row.score, 1e-9);
    });
  }

  it('finds no common keys insignificant', () => {
    expect(isSignificantChange({ answer_rate: 0 }, { call_rate: 0.9 }, 0.001)).to.deep.equal({
      significant: false,
      mean: 0,
      std: 0,
      score: 0,
      commonKeys: [],
    });
  });

  it('lists the common keys in weight-key order', () => {
    const result = isSignificantChange({ agent_efficiency: 0, answer_rate: 0 }, { answer_rate: 0.2, agent_efficiency: 0.1 }, 0.05);
    expect(result.commonKeys).to.deep.equal(['answer_rate', 'agent_efficiency']);
  });
});

describe('checkSignificance', () => {
  function campaign(extra = '') {
    const [spec] = testValidator().validateDesiredState([fileOf('c.yaml', campaignYaml('c', 'a1b2c3d4-e5f6-7890-abcd-ef1234567890', extra))]).campaigns;
    if (spec === undefined) throw new Error('the test campaign is not valid');
    return spec;
  }
  // The test campaign's weights: predictive_factor 0.18, answer_rate 0.12; convergenceThreshold 0.05.
  const nearlyTheSame: Weights = { predictive_factor: 0.17, answer_rate: 0.11 };

  it('blocks an insignificant change at spec.parameterWeights, saying how to approve it', () => {
    const diagnostic = checkSignificance(campaign(), nearlyTheSame);
    expect(diagnostic && formatDiagnostic(diagnostic)).to.equal(
      'c.yaml:10:3: spec.parameterWeights: the change is not significant (every weight changes by 0.01, below convergenceThreshold 0.05, over 2 common keys): ' +
        'make a larger change, or set spec.override.allowInsignificantChange: true with a reason',
    );
    expect(diagnostic?.rule).to.equal('significance');
  });

  it('lets an insignificant change through with an override and a reason', () => {
    const approved = campaign('  override:\n    allowInsignificantChange: true\n    reason: "fine-tuning agreed with the dialer team"\n');
    expect(checkSignificance(approved, nearlyTheSame)).to.equal(undefined);
  });

  it('does not honour an override without a reason, or one that does not allow the change', () => {
    const spec = campaign();
    expect(checkSignificance({ ...spec, override: { allowInsignificantChange: true, reason: '  ' } }, nearlyTheSame)).to.not.equal(undefined);
    expect(checkSignificance({ ...spec, override: { allowInsignificantChange: false, reason: 'why not' } }, nearlyTheSame)).to.not.equal(undefined);
  });

  it('passes a significant change and a campaign with nothing to compare with', () => {
    expect(checkSignificance(campaign(), { predictive_factor: 0, answer_rate: 0 })).to.equal(undefined);
    expect(checkSignificance(campaign(), undefined)).to.equal(undefined);
  });

  it('explains a change that shares no key with the weights last applied', () => {
    const diagnostic = checkSignificance(campaign(), { call_rate: 0.3 });
    expect(diagnostic?.message).to.include('it shares no weight with the weights last applied');
  });
});
