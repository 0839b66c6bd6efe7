/**
 * The read-only dashboard at `/`: every campaign with its status badge, team, reason and the time
 * since its last reconcile, filters by status and team (kept in the URL query, applied by the
 * server and by the page's script), every open incident (the controller's and each campaign's, each
 * linked to its campaign's page) and the controller's own health. Self-contained and
 * self-refreshing (see dashboard-layout.ts).
 */
import { CAMPAIGN_STATUSES, type CampaignStatusName } from '../../domain/campaign-status.js';
import type { CampaignState } from '../../domain/campaign-state.js';
import type { ControllerStatus } from '../../reconcile/controller.js';
import { html, joinHtml, type SafeHtml } from '../../lib/html.js';
import { badge, campaignHref, formatTime, REFRESH_SECONDS, renderPage, revision, timeAgo } from './dashboard-layout.js';
import { humanTimes } from './human-times.js';

export interface DashboardFilter {
  status?: string;
  team?: string;
}

export interface DashboardOptions {
  now?: number;
  /** From the URL query; values that match no status or team are ignored. */
  filter?: DashboardFilter;
  /** Whether the dialect names versions (the live version column); false for a skill's fingerprint. Default true. */
  namesVersions?: boolean;
  refreshSeconds?: number;
}

/** The teams of the campaigns (`labels.team`), sorted, without duplicates or blanks. */
export function teamsOf(campaigns: readonly CampaignState[]): string[] {
  return [...new Set(campaigns.map((c) => c.labels.team ?? '').filter((team) => team !== ''))].sort((a, b) => a.localeCompare(b));
}

/** The filter the page applies: only a known status and a team that some campaign has. */
export function effectiveFilter(campaigns: readonly CampaignState[], filter: DashboardFilter = {}): { status: CampaignStatusName | ''; team: string } {
  const status = (CAMPAIGN_STATUSES as readonly string[]).includes(filter.status ?? '') ? (filter.status as CampaignStatusName) : '';
  const team = filter.team && teamsOf(campaigns).includes(filter.team) ? filter.team : '';
  return { status, team };
}

function matches(campaign: CampaignState, filter: { status: string; team: string }): boolean {
  return (!filter.status || campaign.status === filter.status) && (!filter.team || (campaign.labels.team ?? '') === filter.team);
}

function option(value: string, label: string, selected: boolean): SafeHtml {
  return html`<option value="${value}"${selected && html` selected`}>${label}</option>`;
}

/** One table row of a campaign. */
export function renderCampaignRow(campaign: CampaignState, now: number, hidden = false, names = true): SafeHtml {
  const team = campaign.labels.team ?? '';
  const incidents = campaign.incidents?.length ?? 0;
  const drift = campaign.drift && !campaign.drift.healedAt ? campaign.drift : undefined;
  const notes = [
    drift && html`<br><small>changed outside Git${drift.modifiedBy && html` by ${drift.modifiedBy}`}: ${drift.fields.map((f) => f.field).join(', ')}</small>`,
    incidents > 0 && html`<br><small>${incidents} open incident${incidents === 1 ? '' : 's'}</small>`,
    campaign.calibrated && html`<br><small>profile calibrated ${timeAgo(campaign.calibrated.at, now)} from ${campaign.calibrated.since} of CXone history</small>`,
  ];
  return html`<tr data-status="${campaign.status}" data-team="${team}" data-campaign="${campaign.name}"${hidden && html` hidden`}>
<td class="c-name"><a href="${campaignHref(campaign.name)}"><strong>${campaign.name}</strong></a></td>
<td class="c-status">${badge(campaign.status)}</td>
<td class="c-fact" data-label="team">${team || '—'}</td>
${names && html`<td class="c-fact num" data-label="version">${campaign.liveVersion ?? '—'}</td>`}
<td class="c-fact" data-label="reconciled">${timeAgo(campaign.lastReconcileAt, now)}</td>
<td class="c-reason">${humanTimes(campaign.reason, now)}${notes}</td></tr>`;
}

function renderFilters(status: ControllerStatus, filter: { status: string; team: string }, shown: number): SafeHtml {
  const total = status.campaigns.length;
  return html`<form class="filters" method="get" action="/" aria-label="filter campaigns">
<label for="f-status">Status <select id="f-status" name="status">${option('', 'all', filter.status === '')}${CAMPAIGN_STATUSES.map((s) => option(s, s, s === filter.status))}</select></label>
<label for="f-team">Team <select id="f-team" name="team">${option('', 'all', filter.team === '')}${teamsOf(status.campaigns).map((t) => option(t, t, t === filter.team))}</select></label>
<button class="nojs" type="submit">Filter</button>
<span id="shown" class="muted">${filter.status || filter.team ? `${shown} of ${total} shown` : `${total} campaigns`}</span>
</form>`;
}

function renderSummary(status: ControllerStatus, filter: { team: string }, now: number): SafeHtml {
  const counts = new Map<string, number>();
  for (const campaign of status.campaigns) counts.set(campaign.status, (counts.get(campaign.status) ?? 0) + 1);
  const chips = CAMPAIGN_STATUSES.filter((s) => counts.has(s)).map((s) => {
    const query = new URLSearchParams({ status: s, ...(filter.team ? { team: filter.team } : {}) });
    return html`<a href="/?${query.toString()}" title="show only ${s}">${badge(s)} <span class="muted">${counts.get(s)}</span></a>`;
  });
  const commit = status.commit && html` “${status.commit.subject}” by ${status.commit.author}, ${timeAgo(status.commit.committedAt, now)}`;
  const { queue, cxone } = status;
  return html`<p class="muted">Revision ${revision(status.revision)}${commit}<br>
${status.ready ? 'Ready' : html`<strong>Starting</strong>`} · CXone circuit <strong>${cxone.circuit}</strong> · API budget ${cxone.budgetRemaining} · queue ${queue.queued} queued, ${queue.running} running${queue.waitingRetry > 0 && `, ${queue.waitingRetry} retrying`} · audit journal ${status.auditPending ?? html`<span title="${status.auditPendingReason ?? ''}">not read yet</span>`}${!status.policyValid && html` · <strong>policy file invalid</strong>`}</p>
<div class="chips">${chips}</div>`;
}

function renderExtras(status: ControllerStatus, now: number): SafeHtml {
  const parts: SafeHtml[] = [];
  if (status.incidents.length > 0) {
    parts.push(html`<h2>Open incidents (${status.incidents.length})</h2><ul class="plain" id="open-incidents">${status.incidents.map((i) => {
      const where = i.campaign === '*' ? html`<span class="muted">controller</span>` : html`<a href="${campaignHref(i.campaign)}">${i.campaign}</a>`;
      return html`<li data-kind="${i.kind}">${where} · <strong>${i.kind}</strong>: ${humanTimes(i.summary, now)} <small>(open since ${timeAgo(i.openedAt, now)})</small></li>`;
    })}</ul>`);
  }
  if (status.invalidFiles.length > 0) {
    parts.push(html`<h2>Invalid files</h2><ul class="plain">${status.invalidFiles.map((d) => html`<li><code>${`${d.path}:${d.line}:${d.column}`}</code> ${d.message}</li>`)}</ul>`);
  }
  if (status.deleted.length > 0) {
    parts.push(html`<h2>Deleted from Git</h2><p class="muted">Their live campaigns are left as they are.</p><ul class="plain">${status.deleted.map(
      (d) => html`<li><strong>${d.name}</strong> <small>${d.path}, deleted ${formatTime(d.deletedAt)} in ${revision(d.revision)}</small></li>`,
    )}</ul>`);
  }
  return joinHtml(parts, html`\n`);
}

export function renderDashboard(status: ControllerStatus, options: DashboardOptions = {}): SafeHtml {
  const now = options.now ?? Date.now();
  const filter = effectiveFilter(status.campaigns, options.filter);
  const shown = status.campaigns.filter((c) => matches(c, filter)).length;
  const names = options.namesVersions !== false;
  const rows = joinHtml(status.campaigns.map((c) => renderCampaignRow(c, now, !matches(c, filter), names)), html`\n`);
  const table =
    status.campaigns.length === 0
      ? html`<p class="empty">${status.ready ? 'No campaign files in the desired state.' : 'Reading the desired state…'}</p>`
      : html`<table class="rows campaigns"><thead><tr><th>campaign</th><th>status</th><th>team</th>${names && html`<th>live version</th>`}<th>last reconcile</th><th>reason</th></tr></thead>
<tbody>
${rows}
</tbody></table>
<p id="no-match" class="empty"${shown !== 0 && html` hidden`}>No campaign matches the filter.</p>`;
  const drifted = status.campaigns.filter((c) => c.status === 'Drifted').length;
  return renderPage({
    title: `${drifted > 0 ? `(${drifted} drifted) ` : ''}cxone-gitops`,
    refreshSeconds: options.refreshSeconds ?? REFRESH_SECONDS,
    before: html`<h1>Campaigns</h1>\n${renderFilters(status, filter, shown)}`,
    live: html`${renderSummary(status, filter, now)}\n${table}\n${renderExtras(status, now)}`,
  });
}
