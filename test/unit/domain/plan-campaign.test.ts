import { expect } from 'chai';
import fc from 'fast-check';
import { desiredSettings, liveSettings } from '../../../controller/domain/dialer-settings.js';
import { diffSettings } from '../../../controller/domain/diff-settings.js';
import { planCampaign, type AppliedState } from '../../../controller/domain/plan-campaign.js';
import { planDesiredState } from '../../../controller/domain/plan-desired-state.js';
import { WEIGHT_KEYS } from '../../../controller/simulation/types.js';
import { campaignSpec, liveCampaign } from '../../support/campaign-spec-fixture.js';

const ACTOR = 'api:cxone-gitops';

function applied(spec = campaignSpec()): AppliedState {
  return { revision: 'abc123', settings: desiredSettings(spec), weights: { ...spec.parameterWeights } };
}

describe('planCampaign', () => {
  const spec = campaignSpec();
  const withWeights = (weights: Record<string, number>) => {
    const live = liveCampaign(spec);
    return { ...live, predictiveDialerSettings: { ...live.predictiveDialerSettings, parameterWeights: weights } };
  };

  it('is in sync when live matches Git, whatever the key order, float noise or omitted defaults', () => {
    const live = liveCampaign(spec, {
      predictiveDialerSettings: {
        ...liveCampaign(spec).predictiveDialerSettings,
        parameterWeights: { predictive_factor: 0.18000000000000002, call_rate: -0.08, answer_rate: 0.12, agent_efficiency: 0 },
      },
      configuration: undefined,
    });
    const plan = planCampaign({ desired: spec, live, actor: ACTOR });
    expect(plan).to.include({ action: 'none', status: 'Synced', liveVersion: 4 });
    expect(plan.changes).to.deep.equal([]);
  });

  it('plans an update bound to the live version when Git changed', () => {
    const desired = campaignSpec({ parameterWeights: { answer_rate: 0.15, call_rate: -0.08, predictive_factor: 0.1 } });
    const plan = planCampaign({ desired, live: liveCampaign(spec), lastApplied: applied(spec), actor: ACTOR });
    expect(plan).to.include({ action: 'update', status: 'OutOfSync', liveVersion: 4, drifted: false });
    expect(plan.changes).to.deep.equal([
      { field: 'parameterWeights.answer_rate', before: 0.12, after: 0.15 },
      { field: 'parameterWeights.predictive_factor', before: 0.18, after: 0.1 },
    ]);
    expect(plan.update!.predictiveDialerSettings.parameterWeights).to.deep.equal(desired.parameterWeights);
  });

  it('heals drift back to what was applied, and says who changed it', () => {
    const live = { ...withWeights({ answer_rate: 0.12, call_rate: -0.08, predictive_factor: 0.3 }), modifiedBy: 'ui:jane.doe' };
    const plan = planCampaign({ desired: spec, live, lastApplied: applied(spec), actor: ACTOR });
    expect(plan).to.include({ action: 'heal', status: 'Drifted', drifted: true });
    expect(plan.drift).to.deep.equal([{ field: 'parameterWeights.predictive_factor', before: 0.18, after: 0.3 }]);
    expect(plan.reason).to.include('ui:jane.doe');
  });

  it('suspects drift without history when someone else last changed the campaign', () => {
    const live = { ...withWeights({ answer_rate: 0.12, call_rate: -0.08, predictive_factor: 0.3 }), modifiedBy: 'ui:jane.doe' };
    expect(planCampaign({ desired: spec, live, actor: ACTOR }).drifted).to.equal(true);
    expect(planCampaign({ desired: spec, live: { ...live, modifiedBy: ACTOR }, actor: ACTOR }).drifted).to.equal(false);
  });

  it('only reports under observe, and leaves a suspended campaign alone', () => {
    const live = { ...withWeights({ predictive_factor: 0.3 }), modifiedBy: 'ui:jane.doe' };
    const observed = planCampaign({ desired: campaignSpec({ sync: { policy: 'observe' } }), live, lastApplied: applied(), actor: ACTOR });
    expect(observed).to.include({ action: 'observe', status: 'Drifted' });
    expect(observed.update).to.equal(undefined);
    const suspended = planCampaign({ desired: campaignSpec({ sync: { policy: 'suspend' } }), live, actor: ACTOR });
    expect(suspended).to.include({ action: 'suspended', status: 'Suspended' });
    expect(suspended.update).to.equal(undefined);
  });

  it('blocks an insignificant change of Git, unless overridden with a reason', () => {
    // every common weight moves by 0.01 < convergenceThreshold 0.05: std 0, mean 0.01
    const desired = campaignSpec({ parameterWeights: { answer_rate: 0.13, call_rate: -0.07, predictive_factor: 0.19 } });
    const plan = planCampaign({ desired, live: liveCampaign(spec), lastApplied: applied(spec), actor: ACTOR });
    expect(plan).to.include({ action: 'blocked', status: 'Blocked' });
    expect(plan.block!.rule).to.equal('significance');
    expect(plan.block!.message).to.match(/not significant/);
    const overridden = planCampaign({ desired: { ...desired, override: { allowInsignificantChange: true, reason: 'fine tuning agreed with ops' } }, live: liveCampaign(spec), lastApplied: applied(spec), actor: ACTOR });
    expect(overridden.action).to.equal('update');
  });

  it('heals, and never blocks, a small out-of-band edit when no apply is on record', () => {
    const live = { ...withWeights({ answer_rate: 0.13, call_rate: -0.07, predictive_factor: 0.19 }), modifiedBy: 'ui:jane.doe' };
    const plan = planCampaign({ desired: spec, live, actor: ACTOR });
    expect(plan).to.include({ action: 'heal', status: 'Drifted' });
    expect(plan.reason).to.match(/changed outside Git by ui:jane.doe/);
  });

  it('never blocks healing drift back to an applied state, however small', () => {
    const live = { ...withWeights({ answer_rate: 0.121, call_rate: -0.08, predictive_factor: 0.18 }), modifiedBy: 'ui:jane.doe' };
    expect(planCampaign({ desired: spec, live, lastApplied: applied(spec), actor: ACTOR }).action).to.equal('heal');
  });

  it('reports a campaign missing in CXone', () => {
    const plan = planCampaign({ desired: spec, actor: ACTOR });
    expect(plan).to.include({ action: 'not-found', status: 'Failed' });
    expect(plan.reason).to.include('metadata.campaignId');
  });

  it('never finds a change between a campaign and itself, whatever its weights (property)', () => {
    const weight = fc.double({ min: -1, max: 1, noNaN: true });
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom(...WEIGHT_KEYS), weight), fc.double({ min: -1e-13, max: 1e-13, noNaN: true }), (weights, noise) => {
        const desired = campaignSpec({ parameterWeights: weights });
        const noisy = Object.fromEntries(Object.entries(weights).reverse().map(([key, value]) => [key, value + noise * Math.abs(value)]));
        const live = liveCampaign(desired);
        live.predictiveDialerSettings.parameterWeights = noisy;
        return diffSettings(liveSettings(live), desiredSettings(desired)).length === 0;
      }),
    );
  });

  it('finds every weight that really changed (property)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...WEIGHT_KEYS), fc.double({ min: -1, max: 1, noNaN: true }), fc.double({ min: 0.001, max: 0.5, noNaN: true }), (key, value, delta) => {
        const desired = campaignSpec({ parameterWeights: { [key]: value } });
        const live = liveCampaign(desired);
        live.predictiveDialerSettings.parameterWeights = { [key]: value + delta };
        const changes = diffSettings(liveSettings(live), desiredSettings(desired));
        return changes.length === 1 && changes[0]!.field === `parameterWeights.${key}`;
      }),
    );
  });
});

describe('planDesiredState', () => {
  it('pairs by campaign id and follows the detailed exit code convention', () => {
    const a = campaignSpec();
    const b = campaignSpec({ name: 'b', campaignId: 'b-id', parameterWeights: { answer_rate: 0.1 } });
    const inSync = planDesiredState({ campaigns: [a, b], live: [liveCampaign(b), liveCampaign(a)], actor: ACTOR });
    expect(inSync.exitCode).to.equal(0);
    expect(inSync.summary).to.include({ campaigns: 2, inSync: 2 });
    const changed = planDesiredState({ campaigns: [a, { ...b, parameterWeights: { answer_rate: 0.2 } }], live: [liveCampaign(a), liveCampaign(b)], actor: ACTOR });
    expect(changed.exitCode).to.equal(2);
    expect(changed.summary.toApply).to.equal(1);
    const missing = planDesiredState({ campaigns: [a, b], live: [liveCampaign(a)], actor: ACTOR });
    expect(missing.exitCode).to.equal(1);
    expect(planDesiredState({ campaigns: [a], live: [liveCampaign(a)], invalidFiles: 1 }).exitCode).to.equal(1);
  });
});
