import { expect } from 'chai';
import { describeDeviationBreach, weightsBeyondLimit } from '../../../controller/domain/max-deviation-rule.js';
import { formatDiagnostic } from '../../../controller/domain/diagnostic.js';
import { fileOf, testValidator } from './test-validator.js';

describe('the maximum deviation rule (README "Desired-state files", rule 2)', () => {
  const rows = [
    { weights: { answer_rate: 0.2 }, limit: 0.2, breaches: [] },
    { weights: { answer_rate: -0.2 }, limit: 0.2, breaches: [] },
    { weights: { answer_rate: 0.2000001 }, limit: 0.2, breaches: [{ key: 'answer_rate', weight: 0.2000001 }] },
    { weights: { call_rate: -0.21, agent_efficiency: 0.05 }, limit: 0.2, breaches: [{ key: 'call_rate', weight: -0.21 }] },
    { weights: { agent_efficiency: 0.6, answer_rate: 0.3 }, limit: 0.01, breaches: [{ key: 'answer_rate', weight: 0.3 }, { key: 'agent_efficiency', weight: 0.6 }] },
  ];
  for (const { weights, limit, breaches } of rows) {
    it(`finds ${breaches.length} weight(s) of ${JSON.stringify(weights)} beyond ${limit}`, () => {
      expect(weightsBeyondLimit(weights, limit)).to.deep.equal(breaches);
    });
  }

  it('says which way to move a weight and when raising the limit cannot help', () => {
    expect(describeDeviationBreach({ key: 'predictive_factor', weight: 0.25 }, 0.2)).to.equal(
      'spec.parameterWeights.predictive_factor is 0.25, above maxDeviationLimit 0.2: lower the weight or raise maxDeviationLimit (at most 0.5)',
    );
    expect(describeDeviationBreach({ key: 'call_rate', weight: -0.3 }, 0.2)).to.equal(
      'spec.parameterWeights.call_rate is -0.3, below -maxDeviationLimit (-0.2): raise the weight or raise maxDeviationLimit (at most 0.5)',
    );
    expect(describeDeviationBreach({ key: 'call_rate', weight: 0.7 }, 0.2)).to.equal(
      'spec.parameterWeights.call_rate is 0.7, above maxDeviationLimit 0.2: bring the weight within ±0.2 (maxDeviationLimit can be at most 0.5)',
    );
  });

  it("rejects the tutorial's example configuration, naming both numbers", () => {
    const text = [
      'apiVersion: cxone-gitops/v1',
      'kind: CampaignWeights',
      'metadata: { name: tutorial, campaignId: a1b2c3d4-e5f6-7890-abcd-ef1234567890 }',
      'spec:',
      '  algorithmId: CXONE_PREDICTIVE_V3',
      '  parameterWeights: { answer_rate: 0.12, call_rate: -0.08, predictive_factor: 0.25, max_concurrent: 0.05, agent_efficiency: -0.10 }',
      '  validationSplit: 0.8',
      '  maxDeviationLimit: 0.2',
      '  convergenceThreshold: 0.05',
    ].join('\n');
    const result = testValidator().validateDesiredState([fileOf('tutorial.yaml', text)]);
    expect(result.campaigns).to.deep.equal([]);
    expect(result.diagnostics.map(formatDiagnostic)).to.deep.equal([
      'tutorial.yaml:6:79: spec.parameterWeights.predictive_factor is 0.25, above maxDeviationLimit 0.2: lower the weight or raise maxDeviationLimit (at most 0.5)',
    ]);
  });

  it('reports every weight that breaks the limit, and nothing for a limit the schema already rejects', () => {
    const base = (limit: string) =>
      `apiVersion: cxone-gitops/v1\nkind: CampaignWeights\nmetadata: {name: x, campaignId: a1b2c3d4-e5f6-7890-abcd-ef1234567890}\n` +
      `spec:\n  algorithmId: CXONE_PREDICTIVE_V3\n  parameterWeights:\n    answer_rate: 0.3\n    call_rate: -0.4\n` +
      `  validationSplit: 0.8\n  maxDeviationLimit: ${limit}\n  convergenceThreshold: 0.05\n`;
    const twoBreaches = testValidator().parseCampaignFile('x.yaml', new TextEncoder().encode(base('0.2'))).diagnostics;
    expect(twoBreaches.map((each) => `${each.line}:${each.column} ${each.rule}`)).to.deep.equal(['7:18 max-deviation', '8:16 max-deviation']);
    const badLimit = testValidator().parseCampaignFile('x.yaml', new TextEncoder().encode(base('0.9'))).diagnostics;
    expect(badLimit.map((each) => each.message)).to.deep.equal(['spec.maxDeviationLimit is 0.9, above the maximum 0.5: use a number in [0.01, 0.5]']);
  });
});
