/**
 * One campaign's page at `/campaigns/{name}`: its status, what an apply would change (live → Git),
 * the drift incident if any, the weights over time from the audit trail, the last simulation
 * against the abandon limit, the status history and the open incidents. Read-only and
 * self-refreshing like the dashboard.
 */
import type { CampaignState, SimulationSnapshot } from '../../domain/campaign-state.js';
import type { Incident } from '../../domain/incidents.js';
import type { AuditRecord } from '../../domain/audit-record.js';
import { badge, escapeHtml, formatTime, percent, renderPage, revision, timeAgo } from './dashboard-layout.js';
import { renderWeightsChart } from './weights-chart.js';

export interface CampaignPageOptions {
  now?: number;
  refreshSeconds?: number;
  /** Why the audit history could not be read (the rest of the page still shows). */
  historyError?: string;
}

type Scalar = string | number | boolean;

function value(v: Scalar | undefined): string {
  return v === undefined ? '—' : `<code>${escapeHtml(v)}</code>`;
}

function section(id: string, title: string, body: string): string {
  return `<section class="card" id="${id}"><h2>${escapeHtml(title)}</h2>\n${body}\n</section>`;
}

function facts(state: CampaignState, now: number): string {
  const labels = Object.entries(state.labels).filter(([key]) => key !== 'team');
  const applied = state.lastApplied;
  const rows: Array<[string, string]> = [
    ['team', escapeHtml(state.labels.team ?? '—')],
    ...(labels.length > 0 ? [['labels', labels.map(([k, v]) => `<code>${escapeHtml(k)}=${escapeHtml(v)}</code>`).join(' ')] as [string, string]] : []),
    ['file', `<code>${escapeHtml(state.path)}</code>`],
    ['campaign id', `<code>${escapeHtml(state.campaignId)}</code>`],
    ['live version', escapeHtml(state.liveVersion ?? '—')],
    ['desired revision', revision(state.desiredRevision)],
    ['last applied', applied ? `v${escapeHtml(applied.version)} from ${revision(applied.revision)}, ${timeAgo(applied.at, now)}` : '—'],
    ['last reconcile', timeAgo(state.lastReconcileAt, now)],
  ];
  return `<dl class="facts">${rows.map(([k, v]) => `<dt>${k}</dt><dd>${v}</dd>`).join('')}</dl>`;
}

/** The fields an apply would change now: live → Git. */
export function renderPendingChanges(state: CampaignState): string {
  if (state.pendingChanges.length === 0) return '<p class="empty">None: live matches Git.</p>';
  const rows = state.pendingChanges.map((c) => `<tr><td data-label="field"><code>${escapeHtml(c.field)}</code></td><td data-label="live">${value(c.before)}</td><td data-label="Git">${value(c.after)}</td></tr>`);
  return `<table class="rows"><thead><tr><th>field</th><th>live</th><th>Git</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

/** What was changed outside Git, by whom and when, and whether the controller healed it. */
export function renderDrift(state: CampaignState, now: number): string {
  const drift = state.drift;
  if (!drift) return '<p class="empty">No change outside Git observed.</p>';
  const who = drift.modifiedBy ? `<strong>${escapeHtml(drift.modifiedBy)}</strong>` : 'someone';
  const when = drift.dateModified ? ` at ${escapeHtml(formatTime(drift.dateModified))}` : '';
  const status = drift.healedAt
    ? `<p>Healed ${timeAgo(drift.healedAt, now)}: the controller put Git's settings back.</p>`
    : `<p><strong>Open</strong>, first seen ${timeAgo(drift.since, now)}${state.driftObservations > 0 ? ` (${state.driftObservations} observation${state.driftObservations === 1 ? '' : 's'})` : ''}.</p>`;
  const rows = drift.fields.map((f) => `<tr><td data-label="field"><code>${escapeHtml(f.field)}</code></td><td data-label="Git">${value(f.git)}</td><td data-label="live">${value(f.live)}</td></tr>`);
  return `<p>Changed outside Git by ${who}${when}.</p>${status}
<table class="rows"><thead><tr><th>field</th><th>Git</th><th>live</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function bar(fraction: number, scale: number, kind: string, marker?: number): string {
  const width = Math.max(0, Math.min(100, (fraction / scale) * 100));
  const tick = marker === undefined ? '' : `<i style="left:${Math.min(99.5, (marker / scale) * 100).toFixed(1)}%" title="limit"></i>`;
  return `<div class="bar" aria-hidden="true"><span class="${kind}" style="width:${width.toFixed(1)}%"></span>${tick}</div>`;
}

/** The last simulation's predictions: the abandon bound against the limit, occupancy, answer rate. */
export function renderSimulation(simulation: SimulationSnapshot | undefined, now: number): string {
  if (!simulation) return '<p class="empty">No simulation yet: one runs before and after each apply.</p>';
  const s = simulation;
  const scale = Math.max(s.limit * 1.5, s.abandonRateUpper95 * 1.15, 1e-6);
  const source = s.source === 'local' ? "the controller's local gate" : "CXone's verification simulation";
  const verdict = s.pass ? '<span class="badge b-Synced">within the limit</span>' : '<span class="badge b-Failed">over the limit</span>';
  return `<p>${verdict} <small>from ${source}, ${timeAgo(s.at, now)}</small></p>
<div id="abandon"><strong>Abandon rate, upper 95% bound: ${percent(s.abandonRateUpper95)}</strong> <span class="muted">limit ${percent(s.limit)} · mean ${percent(s.abandonRate)}</span>
${bar(s.abandonRateUpper95, scale, s.pass ? '' : 'over', s.limit)}</div>
<div>Agent occupancy: <strong>${percent(s.occupancy)}</strong>${bar(s.occupancy, 1, 'info')}</div>
<div>Answer rate: <strong>${percent(s.answerRate)}</strong>${bar(s.answerRate, 1, 'info')}</div>
${s.predictionAccuracyRate === undefined ? '' : `<p class="muted">Prediction accuracy ${percent(s.predictionAccuracyRate)}</p>`}`;
}

function renderHistory(state: CampaignState, now: number): string {
  if (state.history.length === 0) return '<p class="empty">No status recorded yet.</p>';
  const rows = [...state.history]
    .reverse()
    .map(
      (h) => `<tr><td data-label="when">${timeAgo(h.at, now)}</td><td data-label="status">${badge(h.status)}</td><td data-label="reason">${escapeHtml(h.reason)}</td><td data-label="revision">${revision(h.revision)}</td><td data-label="version" class="num">${escapeHtml(h.liveVersion ?? '—')}</td></tr>`,
    );
  return `<table class="rows"><thead><tr><th>when</th><th>status</th><th>reason</th><th>revision</th><th>version</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function renderIncidents(incidents: readonly Incident[] | undefined, now: number): string {
  if (!incidents || incidents.length === 0) return '<p class="empty">No open incident.</p>';
  return `<ul class="plain">${incidents
    .map((i) => {
      const drift = i.drift ? ` <small>(${escapeHtml(i.drift.fields.map((f) => `${f.field}: Git ${f.git}, live ${f.live}`).join('; '))}; ${escapeHtml(i.drift.action)})</small>` : '';
      return `<li><strong>${escapeHtml(i.kind)}</strong>: ${escapeHtml(i.summary)}${drift}<br><small>opened ${timeAgo(i.openedAt, now)}, last notified ${timeAgo(i.lastNotifiedAt, now)}${i.reminders > 0 ? `, ${i.reminders} reminder${i.reminders === 1 ? '' : 's'}` : ''}</small></li>`;
    })
    .join('')}</ul>`;
}

function recordVersions(record: AuditRecord): string {
  const from = record.fromVersion;
  const to = record.toVersion;
  if ((typeof from === 'number' || typeof from === 'string') && (typeof to === 'number' || typeof to === 'string')) return `v${escapeHtml(from)} → v${escapeHtml(to)}`;
  return '';
}

/** An apply's changes (`field before → after`), from the record's `changes`. */
function recordChanges(record: AuditRecord): string {
  if (!Array.isArray(record.changes)) return '';
  const isScalar = (v: unknown): v is Scalar => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
  return record.changes
    .filter((c: unknown): c is { field: string; before: Scalar; after: Scalar } => typeof c === 'object' && c !== null && typeof (c as { field?: unknown }).field === 'string' && isScalar((c as { before?: unknown }).before) && isScalar((c as { after?: unknown }).after))
    .map((c) => `<code>${escapeHtml(c.field.replace(/^parameterWeights\./, ''))}</code> ${escapeHtml(c.before)} → ${escapeHtml(c.after)}`)
    .join('<br>');
}

/** The audit records behind the chart, newest first, as a table (the chart's text version). */
function renderRecords(records: readonly AuditRecord[], now: number): string {
  if (records.length === 0) return '';
  const rows = [...records]
    .reverse()
    .slice(0, 50)
    .map((r) => `<tr><td data-label="when">${timeAgo(r.time, now)}</td><td data-label="outcome">${escapeHtml(r.outcome)}</td><td data-label="versions">${recordVersions(r)}</td><td data-label="changes">${recordChanges(r)}</td><td data-label="reason">${typeof r.reason === 'string' ? escapeHtml(r.reason) : ''}</td></tr>`);
  return `<details id="audit-records"><summary>Audit records (${records.length})</summary>
<table class="rows"><thead><tr><th>when</th><th>outcome</th><th>versions</th><th>changes</th><th>reason</th></tr></thead><tbody>${rows.join('')}</tbody></table></details>`;
}

export function renderCampaignPage(state: CampaignState, records: readonly AuditRecord[] | undefined, options: CampaignPageOptions = {}): string {
  const now = options.now ?? Date.now();
  const weights =
    records === undefined
      ? `<p class="empty">The audit history could not be read${options.historyError ? `: ${escapeHtml(options.historyError)}` : ''}.</p>`
      : `${renderWeightsChart(state.name, records, now)}\n${renderRecords(records, now)}`;
  const live = `<h1>${escapeHtml(state.name)} ${badge(state.status)}</h1>
<p>${escapeHtml(state.reason)}</p>
<div class="grid">
${section('facts', 'Campaign', facts(state, now))}
${section('simulation', 'Last simulation', renderSimulation(state.lastSimulation, now))}
${section('pending', 'Pending changes (live → Git)', renderPendingChanges(state))}
${section('drift', 'Drift', renderDrift(state, now))}
</div>
${section('weights', 'Weights over time', weights)}
${section('history', 'Status history', renderHistory(state, now))}
${section('incidents', 'Incidents', renderIncidents(state.incidents, now))}`;
  return renderPage({
    title: `${state.name} (${state.status}) · cxone-gitops`,
    refreshSeconds: options.refreshSeconds ?? 5,
    before: '<p><a href="/">← all campaigns</a></p>',
    live,
  });
}

/** The page for a name the controller does not manage. */
export function renderCampaignNotFound(name: string): string {
  return renderPage({
    title: 'not found · cxone-gitops',
    refreshSeconds: 10,
    before: '<p><a href="/">← all campaigns</a></p>',
    live: `<h1>No managed campaign named <code>${escapeHtml(name)}</code></h1><p>It may have been renamed or deleted from Git.</p>`,
  });
}
