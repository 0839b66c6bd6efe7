import { expect } from 'chai';
import { analysisChartGeometry, renderAnalysis } from '../../../../controller/adapters/http/analysis-chart.js';
import { renderCampaignPage } from '../../../../controller/adapters/http/campaign-page.js';
import { renderDashboard } from '../../../../controller/adapters/http/dashboard.js';
import { analysisStatus } from '../../../support/analysis-fixture.js';
import { campaignState, controllerStatus, NOW } from '../../../support/dashboard-fixtures.js';
import { chartLayoutFor } from '../../../../controller/adapters/http/weights-chart.js';

describe('the campaign page: the live analysis chart', () => {
  it('puts the readings on a time axis from the apply to the maximum window, against the limit', () => {
    const analysis = analysisStatus();
    const g = analysisChartGeometry(analysis, { width: 560, height: 240, left: 50, right: 10, top: 10, bottom: 30 });
    // x: 500 px for 4 h → 5 min is 10.4 px; the window (1 h) ends at a quarter.
    expect(g.windowX).to.equal(175);
    expect(g.maxWindowX).to.equal(550);
    // y: 200 px for [0, max(2 × limit, 1.25 × 12%)] = [0, 15%]; the limit 3% is at a fifth of the height.
    expect(g.top).to.be.closeTo(0.15, 1e-9);
    expect(g.limitY).to.equal(170);
    expect(g.rate).to.equal('60.4,183.3 70.8,130 81.3,50');
    expect(g.band.split(' ')).to.have.length(6);
  });

  it('shows the phase, the counts since the apply, the bounds against the limit, the rules and each reading', () => {
    const text = String(renderAnalysis(analysisStatus(), NOW));
    expect(text).to.include('<span class="badge b-RolledBack">Failed</span>');
    expect(text).to.include('<strong>72 abandons of 600 live answers</strong> (2400 dials) since the apply: 12.00%, 95% interval 9.64%–14.83%');
    expect(text).to.include('limit 3.00%');
    expect(text).to.include('Passes after 1 h with at least 200 live answers');
    expect(text).to.include('inconclusive (Paused) at 4 h');
    expect(text).to.include('Readings (3)');
    expect(text.match(/<circle /g)).to.have.length(3);
    expect(text).to.include('<polyline class="rate"');
    expect(text).to.include('<line class="limit"');
  });

  it('is drawn at the width of its container, and its figure tells the page script the width it was drawn at (a skill page has no weights chart)', () => {
    expect(String(renderAnalysis(analysisStatus(), NOW, chartLayoutFor(1004)))).to.match(/<figure class="chart" data-width="1004"><svg viewBox="0 0 1004 /);
    expect(String(renderAnalysis(analysisStatus(), NOW))).to.match(/<figure class="chart" data-width="560"><svg viewBox="0 0 560 /);
  });

  it('draws a running analysis with no reading yet without a line', () => {
    const text = String(renderAnalysis(analysisStatus({ phase: 'Running', points: [], liveAnswers: 0, counts: { dials: 0, connects: 0, abandons: 0 }, reason: 'live analysis started' }), NOW));
    expect(text).to.include('b-Verifying');
    expect(text).to.not.include('<polyline');
    expect(text).to.include('<line class="limit"');
  });

  it('is a section of the campaign page only when the status has an analysis', () => {
    expect(String(renderCampaignPage(campaignState(), [], { now: NOW }))).to.not.include('id="analysis"');
    const page = String(renderCampaignPage(campaignState({ status: 'RolledBack', analysis: analysisStatus() }), [], { now: NOW }));
    expect(page).to.include('<section class="card" id="analysis"><h2>Live outcome analysis</h2>');
  });

  it('says when the file’s operating profile was last calibrated', () => {
    const page = String(renderCampaignPage(campaignState({ calibrated: { at: '2026-11-24T09:00:00.000Z', since: '14d' } }), [], { now: NOW }));
    expect(page).to.match(/<dt>profile calibrated<\/dt><dd>.*3 h ago.* from 14d of CXone history<\/dd>/);
    expect(String(renderCampaignPage(campaignState(), [], { now: NOW }))).to.not.include('profile calibrated');
  });

  it('says on the dashboard index, in the skill’s row, when its profile was last calibrated', () => {
    const calibrated = campaignState({ name: 'renewals-outbound', calibrated: { at: '2026-11-24T09:00:00.000Z', since: '14d' } });
    const index = String(renderDashboard(controllerStatus([calibrated, campaignState({ name: 'winback-outbound' })]), { now: NOW }));
    const row = (name: string) => index.slice(index.indexOf(`data-campaign="${name}"`), index.indexOf('</tr>', index.indexOf(`data-campaign="${name}"`)));
    expect(row('renewals-outbound')).to.match(/<small>profile calibrated <time [^>]*>3 h ago<\/time> from 14d of CXone history<\/small>/);
    expect(row('winback-outbound')).to.not.include('calibrated');
  });

  it('escapes the reason', () => {
    const text = String(renderAnalysis(analysisStatus({ reason: '<script>alert(1)</script>' }), NOW));
    expect(text).to.include('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(text).to.not.include('<script>alert(1)');
  });
});
