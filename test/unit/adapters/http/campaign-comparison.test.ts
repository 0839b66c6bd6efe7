import { expect } from 'chai';
import { renderCampaignNotFound, renderCampaignPage } from '../../../../controller/adapters/http/campaign-page.js';
import { REFRESH_SECONDS } from '../../../../controller/adapters/http/dashboard-layout.js';
import { renderDashboard } from '../../../../controller/adapters/http/dashboard.js';
import type { DialerSettings } from '../../../../controller/domain/dialer-settings.js';
import { appliedRecord, campaignState, controllerStatus, NOW } from '../../../support/dashboard-fixtures.js';

const GIT: DialerSettings = {
  algorithmId: 'pd-v1',
  parameterWeights: { answer_rate: 0.12, call_rate: 0.1, predictive_factor: -0.2, max_concurrent: 0.1, agent_efficiency: 0.05 },
  validationSplit: 0.2,
  maxDeviationLimit: 0.05,
  convergenceThreshold: 0.001,
  configuration: { enablePredictiveTuning: true, simulationTrigger: 'on-change', driftProtection: true },
};

describe('the campaign page compares Git with live and keeps the drift history', () => {
  it('lists every managed field with its Git and live value and marks the ones that differ', () => {
    const live = { ...GIT, parameterWeights: { ...GIT.parameterWeights, predictive_factor: -0.15 } };
    const page = String(renderCampaignPage(campaignState({ desired: GIT, live }), [], { now: NOW }));
    const rows = page.match(/<tr data-field="[^"]+"/g) ?? [];
    // 5 weights + algorithmId, validationSplit, maxDeviationLimit, convergenceThreshold + 3 configuration flags.
    expect(rows).to.have.length(12);
    expect(page).to.match(/<tr data-field="parameterWeights\.predictive_factor" class="differs">.*?<code>-0\.2<\/code>.*?<code>-0\.15<\/code>.*?<strong>differs<\/strong>/);
    expect(page).to.match(/<tr data-field="configuration\.driftProtection" class="same">/);
  });

  it('keeps the healed drift, with who changed what and when, after the heal', () => {
    const state = campaignState({
      lastHealedDrift: {
        fields: [{ field: 'parameterWeights.max_concurrent', git: 0.12, live: 0.09 }],
        since: '2026-11-24T11:50:00.000Z',
        modifiedBy: 'ui:sam.okafor',
        dateModified: '2026-11-24T11:49:58.000Z',
        healedAt: '2026-11-24T11:50:02.000Z',
      },
    });
    const page = String(renderCampaignPage(state, [], { now: NOW }));
    expect(page).to.include('No open drift');
    expect(page).to.include('<p id="drift-healed">Changed outside Git by <strong>ui:sam.okafor</strong> at 2026-11-24 11:49:58 UTC; healed');
    expect(page).to.match(/<code>parameterWeights\.max_concurrent<\/code><\/td><td data-label="Git"><code>0\.12<\/code><\/td><td data-label="live"><code>0\.09<\/code>/);
  });

  it('names who each audit record is about', () => {
    const drift = { ...appliedRecord('2026-11-24T10:00:04.000Z', { answer_rate: 0.15 }), outcome: 'drift-detected', drift: { modifiedBy: 'ui:jane.doe' } };
    const page = String(renderCampaignPage(campaignState(), [appliedRecord('2026-11-24T10:00:02.000Z', { answer_rate: 0.15 }), drift], { now: NOW }));
    expect(page).to.include('<td data-label="outcome">drift-detected</td><td data-label="by">ui:jane.doe</td>');
    expect(page).to.include('<td data-label="outcome">applied</td><td data-label="by">controller, for Git</td>');
  });
});

describe('one refresh interval for every page', () => {
  it('the index, a campaign page and the not-found page refresh at the same interval', () => {
    const intervals = [renderDashboard(controllerStatus([campaignState()]), { now: NOW }), renderCampaignPage(campaignState(), [], { now: NOW }), renderCampaignNotFound('nope')].map(
      (page) => /<body data-refresh="(\d+)">/.exec(String(page))?.[1],
    );
    expect(new Set(intervals).size).to.equal(1);
    expect(intervals[0]).to.equal(String(REFRESH_SECONDS));
  });
});
