import { expect } from 'chai';
import type { SimulationSnapshot } from '../../../controller/domain/campaign-state.js';
import { gateBesideVerification, gateBesideVerificationText } from '../../../controller/report/gate-beside-verification.js';

const gate: SimulationSnapshot = { source: 'local', at: '2026-12-02T02:00:00.000Z', fingerprint: 'f1', abandonRateUpper95: 0.0127, abandonRate: 0.009, occupancy: 0.8, answerRate: 0.3, limit: 0.03, pass: true };
const remote: SimulationSnapshot = { ...gate, source: 'remote', at: '2026-12-02T02:00:01.000Z', abandonRateUpper95: 0.0131, abandonRate: 0.01 };

describe("the local gate's prediction beside CXone's verification (issue 15)", () => {
  it('pairs the prediction with the verification of the same settings and says both in one line', () => {
    const pair = gateBesideVerification({ gatePrediction: gate, lastSimulation: remote });
    expect(pair).to.deep.equal({ predicted: gate, verified: remote });
    expect(gateBesideVerificationText(pair!)).to.equal("local gate predicted 1.27% abandon; CXone's simulation verified 1.31% (upper 95% bounds; limit 3.00%)");
  });

  it('says when CXone found the limit broken although the gate predicted it kept, and names a live analysis as such', () => {
    const failed = { ...remote, abandonRateUpper95: 0.041, pass: false };
    expect(gateBesideVerificationText(gateBesideVerification({ gatePrediction: gate, lastSimulation: failed })!)).to.equal(
      "local gate predicted 1.27% abandon; CXone's simulation measured 4.10%: over the limit 3.00% (upper 95% bounds)",
    );
    const live = { ...remote, source: 'analysis' as const, abandonRateUpper95: 0.0583, pass: false };
    expect(gateBesideVerificationText(gateBesideVerification({ gatePrediction: gate, lastSimulation: live })!)).to.match(/; CXone's live traffic measured 5\.83%: over the limit/);
  });

  it('shows the prediction alone while CXone has not answered, and never pairs it with another proposal\'s simulation', () => {
    expect(gateBesideVerificationText(gateBesideVerification({ gatePrediction: gate, lastSimulation: gate })!)).to.equal("local gate predicted 1.27% abandon (upper 95% bound; limit 3.00%); CXone's verification not in yet");
    expect(gateBesideVerification({ gatePrediction: gate, lastSimulation: { ...remote, fingerprint: 'f2' } })).to.deep.equal({ predicted: gate });
    expect(gateBesideVerification({ gatePrediction: gate, lastSimulation: { ...remote, at: '2026-12-02T01:59:00.000Z' } }), 'a verification older than the prediction is an earlier apply\'s').to.deep.equal({ predicted: gate });
    expect(gateBesideVerification({ lastSimulation: remote })).to.equal(undefined);
  });
});
