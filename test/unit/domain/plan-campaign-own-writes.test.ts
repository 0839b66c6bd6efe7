import { expect } from 'chai';
import { desiredSettings } from '../../../controller/domain/dialer-settings.js';
import { planCampaign, type AppliedState } from '../../../controller/domain/plan-campaign.js';
import { campaignSpec, liveCampaign } from '../../support/campaign-spec-fixture.js';

const ACTOR = 'api:emulator-client';

describe('planCampaign and a stale record of the last apply (a takeover, a second controller)', () => {
  const older = campaignSpec({ parameterWeights: { answer_rate: 0.12, call_rate: -0.08, predictive_factor: 0.18 } });
  const newer = campaignSpec({ parameterWeights: { answer_rate: 0.12, call_rate: -0.08, predictive_factor: 0.05 } });
  const appliedOf = (spec: typeof older, version: number): AppliedState => ({ revision: 'r1', settings: desiredSettings(spec), weights: { ...spec.parameterWeights }, version });
  const liveAs = (spec: typeof older, version: number, modifiedBy: string) => ({ ...liveCampaign(spec), version, modifiedBy });

  it('never takes its own write for drift blamed on its own identity, however old its last-applied record', () => {
    // Our live write (v10, newer settings) while our record still says v9 with the older ones; Git is the older.
    const plan = planCampaign({ desired: older, live: liveAs(newer, 10, ACTOR), lastApplied: appliedOf(older, 9), actor: ACTOR });
    expect(plan.drifted).to.equal(false);
    expect(plan.status).to.equal('OutOfSync');
    expect(plan.reason).not.to.include(ACTOR);
  });

  it('alerts on a supervisor edit made after our last apply even when it put back the settings our stale record holds', () => {
    // Our record is of v9 (older settings); we applied newer at v10; a supervisor put the older ones back at v11.
    const plan = planCampaign({ desired: newer, live: liveAs(older, 11, 'ui:supervisor'), lastApplied: appliedOf(older, 9), actor: ACTOR });
    expect(plan).to.include({ drifted: true, status: 'Drifted' });
    expect(plan.reason).to.include('ui:supervisor');
  });
});
