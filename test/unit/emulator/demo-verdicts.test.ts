import { expect } from 'chai';
import type { SimulationSnapshot } from '../../../controller/domain/campaign-state.js';
import { newVerdictLines } from '../../../emulator/commands/demo-verdicts.js';
import { campaignState } from '../../support/dashboard-fixtures.js';
import { SKILL_CAPABILITIES } from '../../../controller/adapters/cxone/cxone-skill-dialect.js';
import { TUTORIAL_CAPABILITIES } from '../../../controller/reconcile/tutorial-dialect.js';

const GATE: SimulationSnapshot = { source: 'local', at: '2026-11-24T11:58:00.000Z', fingerprint: 'f1', abandonRateUpper95: 0.0127, abandonRate: 0.009, occupancy: 0.8, answerRate: 0.3, limit: 0.03, pass: true };
const VERIFIED: SimulationSnapshot = { ...GATE, source: 'remote', at: '2026-11-24T11:58:02.000Z', abandonRateUpper95: 0.0131 };

describe("the demo's verdict lines (issue 15: the gate's prediction beside CXone's verification)", () => {
  it('prints each judged apply once, with the prediction beside the verification, and nothing for one still verifying', () => {
    const seen = new Set<string>();
    const healed = campaignState({ name: 'broadband-upsell', statusReason: 'Healed', liveVersion: 3, gatePrediction: GATE, lastSimulation: VERIFIED });
    const verifying = campaignState({ name: 'spring-renewals', status: 'Verifying', gatePrediction: GATE, lastSimulation: GATE });
    expect(newVerdictLines([healed, verifying], seen, TUTORIAL_CAPABILITIES)).to.deep.equal([
      "heal verified: broadband-upsell (now v3): local gate predicted 1.27% abandon; CXone's simulation verified 1.31% (upper 95% bounds; limit 3.00%)",
    ]);
    expect(newVerdictLines([healed, verifying], seen, TUTORIAL_CAPABILITIES), 'said once').to.deep.equal([]);
    const rolled = campaignState({ name: 'spring-renewals', status: 'RolledBack', statusReason: 'RolledBack', liveVersion: 4, gatePrediction: GATE, lastSimulation: { ...VERIFIED, at: '2026-11-24T11:59:00.000Z', abandonRateUpper95: 0.05, pass: false } });
    expect(newVerdictLines([healed, rolled], seen, TUTORIAL_CAPABILITIES)).to.deep.equal([
      "apply rolled back: spring-renewals (now v4): local gate predicted 1.27% abandon; CXone's simulation measured 5.00%: over the limit 3.00% (upper 95% bounds)",
    ]);
  });

  it('says nothing for a campaign between verdicts (drifted after its heal was verified), and says the verdict once it shows', () => {
    const seen = new Set<string>();
    const drifted = campaignState({ name: 'broadband-upsell', status: 'Drifted', statusReason: 'DriftDetected', liveVersion: 4, gatePrediction: GATE, lastSimulation: VERIFIED });
    expect(newVerdictLines([drifted], seen, TUTORIAL_CAPABILITIES)).to.deep.equal([]);
    const healed = campaignState({ name: 'broadband-upsell', statusReason: 'Healed', liveVersion: 3, gatePrediction: GATE, lastSimulation: VERIFIED });
    expect(newVerdictLines([healed], seen, TUTORIAL_CAPABILITIES)).to.deep.equal([
      "heal verified: broadband-upsell (now v3): local gate predicted 1.27% abandon; CXone's simulation verified 1.31% (upper 95% bounds; limit 3.00%)",
    ]);
  });

  it("names no version for a skill (its version is a fingerprint) and says the live analysis judged it", () => {
    const analysed: SimulationSnapshot = { ...GATE, source: 'analysis', at: '2026-11-24T11:59:30.000Z', abandonRateUpper95: 0.0142 };
    const skill = campaignState({ name: 'renewals-outbound', liveVersion: 1_734_551_203, gatePrediction: GATE, lastSimulation: analysed });
    expect(newVerdictLines([skill], new Set(), SKILL_CAPABILITIES)).to.deep.equal([
      "apply verified: renewals-outbound: local gate predicted 1.27% abandon; CXone's live traffic verified 1.42% (upper 95% bounds; limit 3.00%)",
    ]);
  });
});
