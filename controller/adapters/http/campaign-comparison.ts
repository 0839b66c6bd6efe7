/**
 * Two sections of the campaign page (README, "Dashboard"): every managed field with its Git and
 * live value side by side, and the drift history — the open drift, or the last one the controller
 * healed, with who made it and when, so a heal does not wipe the evidence off the page.
 */
import { authorName } from './commit-link.js';
import type { CampaignState, DriftField } from '../../domain/campaign-state.js';
import type { DialerSettings } from '../../domain/dialer-settings.js';
import type { AuditRecord } from '../../domain/audit-record.js';
import { html, type SafeHtml } from '../../lib/html.js';
import { formatTime, timeAgo } from './dashboard-layout.js';

type Scalar = string | number | boolean;

/** `parameterWeights.answer_rate` → 0.12, `configuration.driftProtection` → true, … */
export function flattenSettings(settings: DialerSettings | undefined): Map<string, Scalar> {
  const fields = new Map<string, Scalar>();
  const walk = (prefix: string, value: unknown): void => {
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') fields.set(prefix, value);
    else if (typeof value === 'object' && value !== null) for (const [key, inner] of Object.entries(value)) walk(prefix ? `${prefix}.${key}` : key, inner);
  };
  walk('', settings);
  return fields;
}

function cell(v: Scalar | undefined): SafeHtml {
  return v === undefined ? html`—` : html`<code>${String(v)}</code>`;
}

/** Every managed field: Git, live, and whether they agree. */
export function renderGitVsLive(state: CampaignState): SafeHtml {
  if (!state.desired && !state.live) return html`<p class="empty">Not observed yet: the table fills in after the first reconcile.</p>`;
  const git = flattenSettings(state.desired);
  const live = flattenSettings(state.live);
  const names = [...new Set([...git.keys(), ...live.keys()])].sort();
  const rows = names.map((name) => {
    const same = state.live === undefined || git.get(name) === live.get(name);
    return html`<tr data-field="${name}" class="${same ? 'same' : 'differs'}"><td data-label="field"><code>${name}</code></td><td data-label="Git">${cell(git.get(name))}</td><td data-label="live">${state.live ? cell(live.get(name)) : html`not read yet`}</td><td data-label="">${same ? '' : html`<strong>differs</strong>`}</td></tr>`;
  });
  return html`<table class="rows" id="git-vs-live-table"><thead><tr><th>field</th><th>Git</th><th>live</th><th></th></tr></thead><tbody>${rows}</tbody></table>`;
}

function driftTable(fields: readonly DriftField[]): SafeHtml {
  const rows = fields.map((f) => html`<tr><td data-label="field"><code>${f.field}</code></td><td data-label="Git">${cell(f.git)}</td><td data-label="live">${cell(f.live)}</td></tr>`);
  return html`<table class="rows"><thead><tr><th>field</th><th>Git</th><th>was set live to</th></tr></thead><tbody>${rows}</tbody></table>`;
}

/** What was changed outside Git, by whom and when, and whether the controller healed it; the last healed drift stays. */
export function renderDrift(state: CampaignState, now: number): SafeHtml {
  const drift = state.drift;
  const healed = state.lastHealedDrift;
  const current = drift && !drift.healedAt
    ? html`<p id="drift-open">Changed outside Git by <strong>${drift.modifiedBy ?? 'someone'}</strong>${drift.dateModified && html` at ${formatTime(drift.dateModified)}`}.</p>
<p><strong>Open</strong>, first seen ${timeAgo(drift.since, now)}${state.driftObservations > 0 && ` (${state.driftObservations} observation${state.driftObservations === 1 ? '' : 's'})`}.</p>${driftTable(drift.fields)}`
    : html`<p class="empty">No open drift: live matches Git, or differs only by what Git asks for.</p>`;
  const last = healed ?? (drift?.healedAt ? { ...drift, healedAt: drift.healedAt } : undefined);
  const history = last && html`<h3>Last healed</h3><p id="drift-healed">Changed outside Git by <strong>${last.modifiedBy ?? 'someone'}</strong>${last.dateModified && html` at ${formatTime(last.dateModified)}`}; healed ${timeAgo(last.healedAt, now)} (${formatTime(last.healedAt)}): the controller put Git's settings back.</p>${driftTable(last.fields)}`;
  return html`${current}${history}`;
}

/** Who an audit record is about: the supervisor behind a drift, otherwise the controller acting for Git. */
export function recordAuthor(record: AuditRecord): string {
  const drift = record.drift as { modifiedBy?: unknown } | undefined;
  if (typeof drift?.modifiedBy === 'string') return drift.modifiedBy;
  if (typeof record.author === 'string') return record.author;
  if (record.kind === 'heal') return 'controller (heal)';
  return typeof record.commitAuthor === 'string' ? `controller, for ${authorName(record.commitAuthor)}'s commit` : 'controller, for Git';
}
