import { expect } from 'chai';
import { createHash } from 'node:crypto';
import { renderCampaignNotFound, renderCampaignPage } from '../../../../controller/adapters/http/campaign-page.js';
import { renderDashboard } from '../../../../controller/adapters/http/dashboard.js';
import { PAGE_HEADERS } from '../../../../controller/adapters/http/dashboard-layout.js';
import { escapeHtml } from '../../../../controller/lib/escape-for.js';
import { AUDIT_PENDING_NOT_READ } from '../../../../controller/reconcile/controller-types.js';
import { appliedRecord, campaignState, controllerStatus, NOW } from '../../../support/dashboard-fixtures.js';

const CAMPAIGNS = [
  campaignState(),
  campaignState({ name: 'early-arrears', labels: { team: 'collections' }, status: 'Drifted', reason: 'changed outside Git (observe only)' }),
  campaignState({ name: 'late-stage-recovery', labels: { team: 'collections' }, status: 'Suspended', reason: 'sync.policy is suspend' }),
];

const rows = (html: string): string[] => html.match(/<tr data-status="[^"]*"[^>]*>/g) ?? [];

describe('the dashboard page', () => {
  it('renders one table row per campaign with its status badge, team and time since the last reconcile', () => {
    const html = String(renderDashboard(controllerStatus(CAMPAIGNS), { now: NOW }));
    expect(rows(html)).to.deep.equal([
      '<tr data-status="Synced" data-team="retention" data-campaign="spring-renewals">',
      '<tr data-status="Drifted" data-team="collections" data-campaign="early-arrears">',
      '<tr data-status="Suspended" data-team="collections" data-campaign="late-stage-recovery">',
    ]);
    expect(html).to.include('<span class="badge b-Drifted">Drifted</span>');
    expect(html).to.include('<a href="/campaigns/early-arrears"><strong>early-arrears</strong></a>');
    expect(html).to.include('<time datetime="2026-11-24T11:59:30.000Z" data-ago title="2026-11-24 11:59:30 UTC">30 s ago</time>');
    expect(html).to.include('<title>(1 drifted) cxone-gitops</title>');
  });

  it('offers every status and the campaigns’ teams as filters, and applies a filter from the URL on the server', () => {
    const html = String(renderDashboard(controllerStatus(CAMPAIGNS), { now: NOW, filter: { status: 'Drifted' } }));
    expect(html).to.include('<option value="Drifted" selected>Drifted</option>');
    expect(html).to.match(/<select id="f-team" name="team"><option value="" selected>all<\/option><option value="collections">collections<\/option><option value="retention">retention<\/option><\/select>/);
    expect(rows(html).filter((row) => row.endsWith(' hidden>'))).to.have.length(2);
    expect(html).to.include('1 of 3 shown');
    const byTeam = String(renderDashboard(controllerStatus(CAMPAIGNS), { now: NOW, filter: { team: 'collections' } }));
    expect(rows(byTeam).filter((row) => !row.endsWith(' hidden>'))).to.have.length(2);
  });

  it('lists every open incident, the campaigns’ with a link to their page as well as the controller’s', () => {
    const blocked = { key: 'blocked:c-1', kind: 'blocked' as const, campaign: 'spring-renewals', campaignId: 'c-1', labels: {}, openedAt: '2026-11-24T11:58:00.000Z', lastNotifiedAt: '2026-11-24T11:58:00.000Z', reminders: 0, summary: 'spring-renewals: the gate predicts 3.4% over 3%' };
    const circuit = { ...blocked, key: 'circuit-open', kind: 'circuit-open' as const, campaign: '*', campaignId: '*', summary: 'the CXone circuit is open' };
    const html = String(renderDashboard({ ...controllerStatus(CAMPAIGNS), incidents: [circuit, blocked] }, { now: NOW }));
    expect(html).to.include('<h2>Open incidents (2)</h2>');
    expect(html).to.include('<li data-kind="blocked"><a href="/campaigns/spring-renewals">spring-renewals</a> · <strong>blocked</strong>: spring-renewals: the gate predicts 3.4% over 3%');
    expect(html).to.include('<li data-kind="circuit-open"><span class="muted">controller</span> · <strong>circuit-open</strong>');
  });

  it('says the audit journal is not read yet, with why, instead of a count while the controller is starting', () => {
    const html = String(renderDashboard({ ...controllerStatus(CAMPAIGNS), ready: false, auditPending: null, auditPendingReason: AUDIT_PENDING_NOT_READ }, { now: NOW }));
    expect(html).to.include(`audit journal <span title="${escapeHtml(AUDIT_PENDING_NOT_READ)}">not read yet</span>`);
    expect(String(renderDashboard(controllerStatus(CAMPAIGNS), { now: NOW }))).to.include('audit journal 0');
  });

  it('ignores a filter that matches no status or team', () => {
    const html = String(renderDashboard(controllerStatus(CAMPAIGNS), { now: NOW, filter: { status: 'Bogus', team: '<x>' } }));
    expect(rows(html).some((row) => row.endsWith(' hidden>'))).to.equal(false);
    expect(html).to.not.include('<x>');
  });

  it('escapes campaign names, reasons, paths and labels', () => {
    const evil = campaignState({
      name: '<script>alert(1)</script>',
      path: '<img src=x onerror=alert(2)>.yaml',
      reason: '"><svg onload=alert(3)>',
      labels: { team: '"><b>team</b>' },
    });
    const html = String(renderDashboard(controllerStatus([evil]), { now: NOW }));
    expect(html).to.include('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).to.include('href="/campaigns/%3Cscript%3Ealert(1)%3C%2Fscript%3E"');
    expect(html).to.not.include('<script>alert');
    expect(html).to.not.include('<img');
    expect(html).to.not.include('<svg onload');
    expect(html).to.not.include('<b>team');
    expect(html.match(/<script/g), 'only the page’s own script').to.have.length(1);
  });

  it('allows exactly its own inline script and nothing from another origin (CSP)', () => {
    const html = String(renderDashboard(controllerStatus(CAMPAIGNS), { now: NOW }));
    const script = /<script>([\s\S]*?)<\/script>/.exec(html)![1]!;
    const hash = createHash('sha256').update(script).digest('base64');
    expect(PAGE_HEADERS['content-security-policy']).to.include(`script-src 'sha256-${hash}'`);
    expect(PAGE_HEADERS['content-security-policy']).to.include("default-src 'none'");
    expect(html).to.not.match(/(src|href)="https?:/);
  });

  it('escapes quotes for attributes', () => {
    expect(escapeHtml(`a"b'c<d>&`)).to.equal('a&quot;b&#39;c&lt;d&gt;&amp;');
  });
});

describe('the campaign page', () => {
  const drifted = campaignState({
    name: 'early-arrears',
    status: 'Drifted',
    reason: 'changed outside Git by ui:jane.doe (observe only)',
    pendingChanges: [{ field: 'parameterWeights.predictive_factor', before: 0.19, after: -0.2 }],
    drift: {
      fields: [{ field: 'parameterWeights.predictive_factor', git: -0.2, live: 0.19 }],
      since: '2026-11-24T11:50:00.000Z',
      modifiedBy: 'ui:jane.doe',
      dateModified: '2026-11-24T11:49:58.000Z',
    },
    driftObservations: 3,
    lastSimulation: { source: 'remote', at: '2026-11-24T11:40:00.000Z', abandonRateUpper95: 0.0098, abandonRate: 0.0052, occupancy: 0.8694, answerRate: 0.25, limit: 0.03, pass: true },
  });

  it('shows the pending changes live → Git, the drift with who and when, and the simulation against the limit', () => {
    const html = String(renderCampaignPage(drifted, [], { now: NOW }));
    expect(html).to.include('<h1>early-arrears <span class="badge b-Drifted">Drifted</span></h1>');
    expect(html).to.match(/<td data-label="field"><code>parameterWeights\.predictive_factor<\/code><\/td><td data-label="live"><code>0\.19<\/code><\/td><td data-label="Git"><code>-0\.2<\/code><\/td>/);
    expect(html).to.include('Changed outside Git by <strong>ui:jane.doe</strong> at 2026-11-24 11:49:58 UTC.');
    expect(html).to.include('(3 observations)');
    expect(html).to.include('Abandon rate, upper 95% bound: 0.98%');
    expect(html).to.include('limit 3.00%');
    // The bar's scale is 1.5 × the limit (4.5%): 0.98% is 21.8% of it, the limit marker at 66.7%.
    expect(html).to.include('<span class="" style="width:21.8%"></span><i style="left:66.7%" title="limit"></i>');
    expect(html).to.include('Agent occupancy: <strong>86.94%</strong>');
    expect(html).to.include('No apply or rollback recorded yet');
  });

  it('draws the weights chart from the audit records and lists the status history newest first', () => {
    const state = campaignState({
      history: [
        { at: '2026-11-24T10:00:00.000Z', status: 'OutOfSync', reason: 'Git changed' },
        { at: '2026-11-24T10:00:05.000Z', status: 'Synced', reason: 'applied v1 → v2' },
      ],
    });
    const record = { ...appliedRecord('2026-11-24T10:00:04.000Z', { answer_rate: 0.15, predictive_factor: 0.18 }), changes: [{ field: 'parameterWeights.answer_rate', before: 0.12, after: 0.15 }] };
    const html = String(renderCampaignPage(state, [record], { now: NOW }));
    expect(html.match(/<polyline class="series"/g)).to.have.length(2);
    expect(html.indexOf('applied v1 → v2')).to.be.lessThan(html.indexOf('Git changed'));
    expect(html).to.include('Audit records (1)');
    expect(html).to.include('<td data-label="versions">v1 → v2</td><td data-label="changes"><code>answer_rate</code> 0.12 → 0.15</td>');
  });

  it('still renders when the audit history cannot be read', () => {
    const html = String(renderCampaignPage(drifted, undefined, { now: NOW, historyError: 'git <fetch> failed' }));
    expect(html).to.include('The audit history could not be read: git &lt;fetch&gt; failed.');
    expect(html).to.include('Pending changes');
  });

  it('escapes the name, reason, labels and drift author', () => {
    const evil = campaignState({
      name: '<script>alert(1)</script>',
      reason: '<img src=x onerror=alert(2)>',
      labels: { team: '<i>t</i>', '<k>': '<v>' },
      drift: { fields: [{ field: '<f>', git: '<g>', live: '<l>' }], since: '2026-11-24T11:50:00.000Z', modifiedBy: '<script>x</script>' },
    });
    const html = String(renderCampaignPage(evil, [], { now: NOW }));
    expect(html).to.include('<h1>&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).to.include('<title>&lt;script&gt;alert(1)&lt;/script&gt; (Synced) · cxone-gitops</title>');
    for (const raw of ['<img', '<i>t', '<k>', '<v>', '<f>', '<g>', '<l>']) expect(html).to.not.include(raw);
    expect(html.match(/<script/g), 'only the page’s own script').to.have.length(1);
    expect(String(renderCampaignNotFound('<script>'))).to.include('<code>&lt;script&gt;</code>');
  });
});
