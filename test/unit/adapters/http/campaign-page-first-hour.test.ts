/**
 * Issue 15, the campaign page as a new user reads it: the local gate's prediction beside CXone's
 * verification, times in status reasons as people read them, a chart that fits its container.
 */
import { expect } from 'chai';
import { renderCampaignPage } from '../../../../controller/adapters/http/campaign-page.js';
import { renderDashboard } from '../../../../controller/adapters/http/dashboard.js';
import { humanTimes } from '../../../../controller/adapters/http/human-times.js';
import type { CampaignState, SimulationSnapshot } from '../../../../controller/domain/campaign-state.js';
import { SKILL_CAPABILITIES } from '../../../../controller/adapters/cxone/cxone-skill-dialect.js';
import { recordedVersions } from '../../../../controller/reconcile/version-names.js';
import { chartLayoutFor } from '../../../../controller/adapters/http/weights-chart.js';
import { appliedRecord, campaignState, controllerStatus, NOW } from '../../../support/dashboard-fixtures.js';

/** An ISO 8601 time as the controller writes it in messages. */
const RAW_ISO = /\d{4}-\d\d-\d\dT\d\d:\d\d/;
/** The text a person sees: the markup without its tags and attributes. */
const visible = (markup: string): string => markup.replace(/<[^>]*>/g, '');

const GATE: SimulationSnapshot = { source: 'local', at: '2026-11-24T11:58:00.000Z', fingerprint: 'f1', abandonRateUpper95: 0.0127, abandonRate: 0.009, occupancy: 0.8, answerRate: 0.3, limit: 0.03, pass: true };
const VERIFIED: SimulationSnapshot = { ...GATE, source: 'remote', at: '2026-11-24T11:58:02.000Z', abandonRateUpper95: 0.0131 };

describe('the campaign page a new user reads (issue 15)', () => {
  it("shows the local gate's prediction beside CXone's verification of the last apply", () => {
    const page = String(renderCampaignPage(campaignState({ gatePrediction: GATE, lastSimulation: VERIFIED }), [], { now: NOW }));
    const line = (/<p id="gate-vs-verified">(.*?)<\/p>/s.exec(page)?.[1] ?? '').replaceAll('&#39;', "'");
    expect(line).to.include("local gate predicted 1.27% abandon; CXone's simulation verified 1.31% (upper 95% bounds; limit 3.00%)");
    expect(line).to.include('2 min ago');
    expect(String(renderCampaignPage(campaignState({ lastSimulation: VERIFIED }), [], { now: NOW })), 'no apply of its own, no line').not.to.include('gate-vs-verified');
  });

  it('says the times in status reasons as people read them, absolute and relative, never raw ISO 8601', () => {
    const reason = 'changed outside Git by ui:jane.doe at 2026-11-24T11:57:00.000Z; the next window opens at 2026-11-26T08:00:00.000Z';
    const text = String(humanTimes(reason, NOW));
    expect(visible(text)).to.equal('changed outside Git by ui:jane.doe at 2026-11-24 11:57:00 UTC (3 min ago); the next window opens at 2026-11-26 08:00:00 UTC (in 44 h)');
    expect(text, 'the past one stays current in the browser').to.include('<time datetime="2026-11-24T11:57:00.000Z" data-ago');
    expect(String(humanTimes('<script>x</script> at 2026-11-24T11:57:00Z', NOW)), 'the rest is escaped').to.include('&lt;script&gt;');
    const state = campaignState({
      status: 'Drifted',
      reason,
      history: [{ at: '2026-11-24T11:57:30.000Z', status: 'Drifted', reason }],
      incidents: [{ key: 'k', kind: 'drift', campaign: 'spring-renewals', campaignId: 'x', labels: {}, summary: `drift since 2026-11-24T11:57:00.000Z`, openedAt: '2026-11-24T11:57:30.000Z', lastNotifiedAt: '2026-11-24T11:57:30.000Z', reminders: 0 }],
    });
    const page = visible(String(renderCampaignPage(state, [{ id: 'r', time: '2026-11-24T11:57:30.000Z', campaign: state.name, campaignId: state.campaignId, outcome: 'drift-detected', reason }], { now: NOW })));
    expect(page, 'the campaign page').to.include('at 2026-11-24 11:57:00 UTC (3 min ago)');
    expect(page, 'the campaign page').not.to.match(RAW_ISO);
    const index = visible(String(renderDashboard(controllerStatus([state]), { now: NOW })));
    expect(index, 'the index').to.include('at 2026-11-24 11:57:00 UTC (3 min ago)');
    expect(index, 'the index').not.to.match(RAW_ISO);
  });

  it('draws the weights chart at the width of its container (chartWidth from the page script), not a fixed 560 px', () => {
    const records = [appliedRecord('2026-11-24T11:50:00.000Z', { answer_rate: 0.12 }, 'adopted'), appliedRecord('2026-11-24T11:55:00.000Z', { answer_rate: 0.15 })];
    const wide = String(renderCampaignPage(campaignState(), records, { now: NOW, chartWidth: 1004 }));
    expect(wide).to.match(/<figure class="chart" data-width="1004"><svg viewBox="0 0 1004 /);
    expect(String(renderCampaignPage(campaignState(), records, { now: NOW })), 'before the script measured it').to.match(/<figure class="chart" data-width="560"><svg viewBox="0 0 560 /);
    expect(chartLayoutFor(50).width, 'a narrow phone').to.equal(280);
    expect(chartLayoutFor(99_999).width).to.equal(2400);
    expect(chartLayoutFor(Number.NaN).width).to.equal(560);
  });

  it('starts the weights chart at the adoption, before a later heal', () => {
    const records = [appliedRecord('2026-11-24T11:50:00.000Z', { answer_rate: 0.12 }, 'adopted'), appliedRecord('2026-11-24T11:51:00.000Z', { answer_rate: 0.12 }, 'applied', [2, 3])];
    const page = visible(String(renderCampaignPage(campaignState(), records, { now: NOW })));
    expect(page).to.include('from 11:50:00 UTC');
    expect(page).to.match(/answer_rate = 0\.12 — adopted 2026-11-24 11:50:00 UTC/);
  });

  it("names no version for a skill (its version is a fingerprint): no live version, no vN in last applied, history or records, on the page and the index", () => {
    const FINGERPRINT = 1_734_551_203;
    const lastApplied = { revision: '631d9bf321e4ab585b4db1633e0ca64797f0ba91', at: '2026-11-24T11:58:00.000Z', version: FINGERPRINT } as unknown as NonNullable<CampaignState['lastApplied']>;
    const skill = campaignState({ name: 'renewals-outbound', liveVersion: FINGERPRINT, lastApplied, history: [{ at: '2026-11-24T11:58:00.000Z', status: 'Synced', reason: 'applied; verified', liveVersion: FINGERPRINT }] });
    // As a skill's records are journaled: without version fields.
    const records = [recordedVersions(SKILL_CAPABILITIES, appliedRecord('2026-11-24T11:58:00.000Z', { answer_rate: 0.12 }, 'applied'))];
    const tutorial = visible(String(renderCampaignPage(skill, records, { now: NOW })));
    expect(tutorial, 'the tutorial names its versions').to.include('live version').and.to.match(new RegExp(`v${FINGERPRINT} from`));
    for (const markup of [String(renderCampaignPage(skill, records, { now: NOW, context: { namesVersions: false } })), String(renderDashboard(controllerStatus([skill]), { now: NOW, namesVersions: false }))]) {
      const text = visible(markup);
      expect(text).not.to.include('live version');
      expect(text).not.to.include(String(FINGERPRINT));
      expect(text).not.to.match(/\bv\d/);
    }
    expect(visible(String(renderCampaignPage(skill, records, { now: NOW, context: { namesVersions: false } })))).to.match(/last applied\s*from 631d9bf321/);
  });

  it('says, on the empty weights chart of an observe campaign drifted at start, that no apply will come (the policy writes nothing) and when the chart does start', () => {
    const reason = 'live changed outside Git by ui:jane.doe at 2026-11-24T11:57:00.000Z (1 field); sync.policy is observe: report only';
    const observed = campaignState({ name: 'early-arrears', status: 'Drifted', statusReason: 'ObserveOnly', lastDecision: 'observe', reason, liveVersion: 3 });
    const records = [{ id: 'r', time: '2026-11-24T11:57:30.000Z', campaign: observed.name, campaignId: observed.campaignId, outcome: 'drift-detected', reason }];
    const chart = visible(/<section class="card" id="weights">(.*?)<\/section>/s.exec(String(renderCampaignPage(observed, records, { now: NOW })))?.[1] ?? '').replace(/\s+/g, ' ');
    expect(chart).to.include('Weights over time').and.not.to.include('starts with the first one');
    expect(chart).to.include('No apply or rollback recorded: sync.policy is observe, so the controller reports and never writes to this campaign.');
    expect(chart).to.include('The chart starts when live is first seen matching Git (adopted), or with the first apply once sync.policy is enforce.');
    const suspended = campaignState({ status: 'Suspended', statusReason: 'SyncSuspended', lastDecision: 'suspended' });
    expect(visible(String(renderCampaignPage(suspended, [], { now: NOW }))), 'nor on a suspended one').to.include('sync.policy is suspend, so the controller leaves this campaign alone.');
    expect(visible(String(renderCampaignPage(campaignState({ status: 'OutOfSync', lastDecision: 'update' }), [], { now: NOW }))), 'an enforced one still waits for its first apply').to.include('the chart starts with the first one');
  });
});
