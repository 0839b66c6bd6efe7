/**
 * One campaign's page at `/campaigns/{name}`: its status, what an apply would change (live → Git),
 * the drift incident if any, the weights over time from the audit trail, the last simulation
 * against the abandon limit, the status history and the open incidents. Read-only and
 * self-refreshing like the dashboard.
 */
import type { CampaignState, SimulationSnapshot } from '../../domain/campaign-state.js';
import type { Incident } from '../../domain/incidents.js';
import type { AuditRecord } from '../../domain/audit-record.js';
import { html, joinHtml, type HtmlValue, type SafeHtml } from '../../lib/html.js';
import { badge, percent, REFRESH_SECONDS, renderPage, revision, timeAgo } from './dashboard-layout.js';
import { humanTimes } from './human-times.js';
import { chartLayoutFor, renderWeightsChart } from './weights-chart.js';
import { renderAnalysis } from './analysis-chart.js';
import { recordAuthor, renderDrift, renderGitVsLive } from './campaign-comparison.js';
import { authorOf, linkedRevision, renderNextSweep, renderSyncWindow, revisionWithAuthor, type CampaignContext } from './campaign-schedule.js';
import { authorName } from './commit-link.js';
import { gateBesideVerification, gateBesideVerificationText } from '../../report/gate-beside-verification.js';

export interface CampaignPageOptions {
  now?: number;
  refreshSeconds?: number;
  /** Why the audit history could not be read (the rest of the page still shows). */
  historyError?: string;
  /** The manual-actions panel (action-panel.ts), shown above the parts that refresh. */
  actions?: SafeHtml;
  /** The commit, the sync windows and the sweep schedule (campaign-schedule.ts). */
  context?: CampaignContext;
  /** The charts' container width in CSS pixels, as the page script measured it (`?chartWidth=`). */
  chartWidth?: number;
}

type Scalar = string | number | boolean;

function value(v: Scalar | undefined): SafeHtml {
  return v === undefined ? html`—` : html`<code>${String(v)}</code>`;
}

function section(id: string, title: string, body: SafeHtml): SafeHtml {
  return html`<section class="card" id="${id}"><h2>${title}</h2>\n${body}\n</section>`;
}

function facts(state: CampaignState, now: number, context: CampaignContext, records: readonly AuditRecord[] | undefined): SafeHtml {
  const labels = Object.entries(state.labels).filter(([key]) => key !== 'team');
  const applied = state.lastApplied;
  const appliedBy = applied && authorOf(applied.revision, context, records);
  const names = context.namesVersions !== false;
  const rows: Array<[string, HtmlValue]> = [
    ['team', state.labels.team ?? '—'],
    ...(labels.length > 0 ? [['labels', joinHtml(labels.map(([k, v]) => html`<code>${k}=${v}</code>`), html` `)] as [string, HtmlValue]] : []),
    ['file', html`<code>${state.path}</code>`],
    ['campaign id', html`<code>${state.campaignId}</code>`],
    ...(names ? [['live version', state.liveVersion ?? '—'] as [string, HtmlValue]] : []),
    ['desired revision', revisionWithAuthor(state.desiredRevision, context, records, now)],
    ['last applied', applied ? html`${names && html`v${applied.version} `}from ${linkedRevision(applied.revision, context.commitUrlTemplate)}${appliedBy && html` by ${authorName(appliedBy)}`}, ${timeAgo(applied.at, now)}` : '—'],
    ['last reconcile', timeAgo(state.lastReconcileAt, now)],
    ['sync window', renderSyncWindow(state, context.syncWindows, now)],
    ['next sweep', renderNextSweep(context.sweep, now)],
    ...(state.calibrated ? [['profile calibrated', html`${timeAgo(state.calibrated.at, now)} from ${state.calibrated.since} of CXone history`] as [string, HtmlValue]] : []),
  ];
  return html`<dl class="facts">${rows.map(([k, v]) => html`<dt>${k}</dt><dd>${v}</dd>`)}</dl>`;
}

/** The fields an apply would change now: live → Git. */
export function renderPendingChanges(state: CampaignState): SafeHtml {
  if (state.pendingChanges.length === 0) return html`<p class="empty">None: live matches Git.</p>`;
  const rows = state.pendingChanges.map((c) => html`<tr><td data-label="field"><code>${c.field}</code></td><td data-label="live">${value(c.before)}</td><td data-label="Git">${value(c.after)}</td></tr>`);
  return html`<table class="rows"><thead><tr><th>field</th><th>live</th><th>Git</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function bar(fraction: number, scale: number, kind: string, marker?: number): SafeHtml {
  const width = Math.max(0, Math.min(100, (fraction / scale) * 100));
  const tick = marker !== undefined && html`<i style="left:${Math.min(99.5, (marker / scale) * 100).toFixed(1)}%" title="limit"></i>`;
  return html`<div class="bar" aria-hidden="true"><span class="${kind}" style="width:${width.toFixed(1)}%"></span>${tick}</div>`;
}

/** The last simulation's predictions: the abandon bound against the limit, occupancy, answer rate. */
export function renderSimulation(simulation: SimulationSnapshot | undefined, now: number): SafeHtml {
  if (!simulation) return html`<p class="empty">No simulation yet: one runs before and after each apply.</p>`;
  const s = simulation;
  const scale = Math.max(s.limit * 1.5, s.abandonRateUpper95 * 1.15, 1e-6);
  const source = s.source === 'local' ? "the controller's local gate" : "CXone's verification simulation";
  const verdict = s.pass ? html`<span class="badge b-Synced">within the limit</span>` : html`<span class="badge b-Failed">over the limit</span>`;
  return html`<p>${verdict} <small>from ${source}, ${timeAgo(s.at, now)}</small></p>
<div id="abandon"><strong>Abandon rate, upper 95% bound: ${percent(s.abandonRateUpper95)}</strong> <span class="muted">limit ${percent(s.limit)} · mean ${percent(s.abandonRate)}</span>
${bar(s.abandonRateUpper95, scale, s.pass ? '' : 'over', s.limit)}</div>
<div>Agent occupancy: <strong>${percent(s.occupancy)}</strong>${bar(s.occupancy, 1, 'info')}</div>
<div>Answer rate: <strong>${percent(s.answerRate)}</strong>${bar(s.answerRate, 1, 'info')}</div>
${s.predictionAccuracyRate !== undefined && html`<p class="muted">Prediction accuracy ${percent(s.predictionAccuracyRate)}</p>`}`;
}

/** The last apply's gate prediction beside its verification, over the latest simulation's bars. */
function renderSimulations(state: CampaignState, now: number): SafeHtml {
  const pair = gateBesideVerification(state);
  const line = pair && html`<p id="gate-vs-verified"><strong>Last apply:</strong> ${gateBesideVerificationText(pair)} <small class="muted">(predicted ${timeAgo(pair.predicted.at, now)})</small></p>`;
  return html`${line}${renderSimulation(state.lastSimulation, now)}`;
}

/** The status history, newest first; its version column only where the dialect names versions. */
function renderHistory(state: CampaignState, now: number, names: boolean): SafeHtml {
  if (state.history.length === 0) return html`<p class="empty">No status recorded yet.</p>`;
  const rows = [...state.history]
    .reverse()
    .map(
      (h) => html`<tr><td data-label="when">${timeAgo(h.at, now)}</td><td data-label="status">${badge(h.status)}</td><td data-label="reason">${humanTimes(h.reason, now)}</td><td data-label="revision">${revision(h.revision)}</td>${names && html`<td data-label="version" class="num">${h.liveVersion ?? '—'}</td>`}</tr>`,
    );
  return html`<table class="rows"><thead><tr><th>when</th><th>status</th><th>reason</th><th>revision</th>${names && html`<th>version</th>`}</tr></thead><tbody>${rows}</tbody></table>`;
}

function renderIncidents(incidents: readonly Incident[] | undefined, now: number): SafeHtml {
  if (!incidents || incidents.length === 0) return html`<p class="empty">No open incident.</p>`;
  return html`<ul class="plain">${incidents.map((i) => {
    const drift = i.drift && html` <small>(${i.drift.fields.map((f) => `${f.field}: Git ${f.git}, live ${f.live}`).join('; ')}; ${i.drift.action})</small>`;
    const reminders = i.reminders > 0 && `, ${i.reminders} reminder${i.reminders === 1 ? '' : 's'}`;
    return html`<li><strong>${i.kind}</strong>: ${humanTimes(i.summary, now)}${drift}<br><small>opened ${timeAgo(i.openedAt, now)}, last notified ${timeAgo(i.lastNotifiedAt, now)}${reminders}</small></li>`;
  })}</ul>`;
}

function recordVersions(record: AuditRecord): SafeHtml {
  const from = record.fromVersion;
  const to = record.toVersion;
  if ((typeof from === 'number' || typeof from === 'string') && (typeof to === 'number' || typeof to === 'string')) return html`v${from} → v${to}`;
  return html``;
}

/** An apply's changes (`field before → after`), from the record's `changes`. */
function recordChanges(record: AuditRecord): SafeHtml {
  if (!Array.isArray(record.changes)) return html``;
  const isScalar = (v: unknown): v is Scalar => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
  const changes = record.changes
    .filter((c: unknown): c is { field: string; before: Scalar; after: Scalar } => typeof c === 'object' && c !== null && typeof (c as { field?: unknown }).field === 'string' && isScalar((c as { before?: unknown }).before) && isScalar((c as { after?: unknown }).after))
    .map((c) => html`<code>${c.field.replace(/^parameterWeights\./, '')}</code> ${String(c.before)} → ${String(c.after)}`);
  return joinHtml(changes, html`<br>`);
}

/** The audit records behind the chart, newest first, as a table (the chart's text version); versions only where the dialect names them. */
function renderRecords(records: readonly AuditRecord[], now: number, names: boolean): SafeHtml {
  if (records.length === 0) return html``;
  const rows = [...records]
    .reverse()
    .slice(0, 50)
    .map((r) => html`<tr><td data-label="when">${timeAgo(r.time, now)}</td><td data-label="outcome">${r.outcome}</td><td data-label="by">${recordAuthor(r)}</td>${names && html`<td data-label="versions">${recordVersions(r)}</td>`}<td data-label="changes">${recordChanges(r)}</td><td data-label="reason">${typeof r.reason === 'string' && humanTimes(r.reason, now)}</td></tr>`);
  return html`<details id="audit-records"><summary>Audit records (${records.length})</summary>
<table class="rows"><thead><tr><th>when</th><th>outcome</th><th>by</th>${names && html`<th>versions</th>`}<th>changes</th><th>reason</th></tr></thead><tbody>${rows}</tbody></table></details>`;
}

/**
 * What the empty weights chart says when no apply will come: under `observe` or `suspend` the
 * controller writes nothing, so the chart starts with an adoption (live seen matching Git) or once
 * the policy is `enforce` (README, "Policies").
 */
function emptyChartNote(state: CampaignState): SafeHtml | undefined {
  const decision = state.lastDecision ?? (state.statusReason === 'ObserveOnly' ? 'observe' : state.statusReason === 'SyncSuspended' ? 'suspended' : undefined);
  const starts = html` The chart starts when live is first seen matching Git (adopted), or with the first apply once <code>sync.policy</code> is <code>enforce</code>.`;
  if (decision === 'observe') return html`No apply or rollback recorded: <code>sync.policy</code> is <code>observe</code>, so the controller reports and never writes to this campaign.${starts}`;
  if (decision === 'suspended') return html`No apply or rollback recorded: <code>sync.policy</code> is <code>suspend</code>, so the controller leaves this campaign alone.${starts}`;
  return undefined;
}

export function renderCampaignPage(state: CampaignState, records: readonly AuditRecord[] | undefined, options: CampaignPageOptions = {}): SafeHtml {
  const now = options.now ?? Date.now();
  const names = options.context?.namesVersions !== false;
  const weights =
    records === undefined
      ? html`<p class="empty">The audit history could not be read${options.historyError && html`: ${options.historyError}`}.</p>`
      : html`${renderWeightsChart(state.name, records, now, chartLayoutFor(options.chartWidth), emptyChartNote(state))}\n${renderRecords(records, now, names)}`;
  const live = html`<h1>${state.name} ${badge(state.status)}</h1>
<p>${humanTimes(state.reason, now)}</p>
<div class="grid">
${section('facts', 'Campaign', facts(state, now, options.context ?? {}, records))}
${section('simulation', 'Last simulation', renderSimulations(state, now))}
${section('pending', 'Pending changes (live → Git)', renderPendingChanges(state))}
${section('drift', 'Drift', renderDrift(state, now))}
</div>
${section('git-vs-live', 'Git vs live (every managed field)', renderGitVsLive(state))}
${state.analysis && section('analysis', 'Live outcome analysis', renderAnalysis(state.analysis, now, chartLayoutFor(options.chartWidth)))}
${section('weights', 'Weights over time', weights)}
${section('history', 'Status history', renderHistory(state, now, names))}
${section('incidents', 'Incidents', renderIncidents(state.incidents, now))}`;
  return renderPage({
    title: `${state.name} (${state.status}) · cxone-gitops`,
    refreshSeconds: options.refreshSeconds ?? REFRESH_SECONDS,
    before: html`<p><a href="/">← all campaigns</a></p>${options.actions}`,
    live,
  });
}

/** The page for a name the controller does not manage. */
export function renderCampaignNotFound(name: string): SafeHtml {
  return renderPage({
    title: 'not found · cxone-gitops',
    refreshSeconds: REFRESH_SECONDS,
    before: html`<p><a href="/">← all campaigns</a></p>`,
    live: html`<h1>No managed campaign named <code>${name}</code></h1><p>It may have been renamed or deleted from Git.</p>`,
  });
}
