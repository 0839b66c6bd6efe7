/**
 * The read-only dashboard at `/`: every campaign with its status badge, team, reason and the time
 * since its last reconcile, filters by status and team (kept in the URL query, applied by the
 * server and by the page's script), and the controller's own health. Self-contained and
 * self-refreshing (see dashboard-layout.ts).
 */
import { CAMPAIGN_STATUSES, type CampaignStatusName } from '../../domain/campaign-status.js';
import type { CampaignState } from '../../domain/campaign-state.js';
import type { ControllerStatus } from '../../reconcile/controller.js';
import { badge, campaignHref, escapeHtml, formatTime, renderPage, revision, timeAgo } from './dashboard-layout.js';

export { escapeHtml } from './dashboard-layout.js';

export interface DashboardFilter {
  status?: string;
  team?: string;
}

export interface DashboardOptions {
  now?: number;
  /** From the URL query; values that match no status or team are ignored. */
  filter?: DashboardFilter;
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

function option(value: string, label: string, selected: boolean): string {
  return `<option value="${escapeHtml(value)}"${selected ? ' selected' : ''}>${escapeHtml(label)}</option>`;
}

/** One table row of a campaign. */
export function renderCampaignRow(campaign: CampaignState, now: number, hidden = false): string {
  const team = campaign.labels.team ?? '';
  const incidents = campaign.incidents?.length ?? 0;
  const drift = campaign.drift && !campaign.drift.healedAt ? campaign.drift : undefined;
  const notes = [
    drift ? `<br><small>changed outside Git${drift.modifiedBy ? ` by ${escapeHtml(drift.modifiedBy)}` : ''}: ${escapeHtml(drift.fields.map((f) => f.field).join(', '))}</small>` : '',
    incidents > 0 ? `<br><small>${incidents} open incident${incidents === 1 ? '' : 's'}</small>` : '',
  ].join('');
  return `<tr data-status="${escapeHtml(campaign.status)}" data-team="${escapeHtml(team)}" data-campaign="${escapeHtml(campaign.name)}"${hidden ? ' hidden' : ''}>
<td class="c-name"><a href="${escapeHtml(campaignHref(campaign.name))}"><strong>${escapeHtml(campaign.name)}</strong></a></td>
<td class="c-status">${badge(campaign.status)}</td>
<td class="c-fact" data-label="team">${escapeHtml(team) || '—'}</td>
<td class="c-fact num" data-label="version">${campaign.liveVersion ?? '—'}</td>
<td class="c-fact" data-label="reconciled">${timeAgo(campaign.lastReconcileAt, now)}</td>
<td class="c-reason">${escapeHtml(campaign.reason)}${notes}</td></tr>`;
}

function renderFilters(status: ControllerStatus, filter: { status: string; team: string }, shown: number): string {
  const total = status.campaigns.length;
  return `<form class="filters" method="get" action="/" aria-label="filter campaigns">
<label for="f-status">Status <select id="f-status" name="status">${option('', 'all', filter.status === '')}${CAMPAIGN_STATUSES.map((s) => option(s, s, s === filter.status)).join('')}</select></label>
<label for="f-team">Team <select id="f-team" name="team">${option('', 'all', filter.team === '')}${teamsOf(status.campaigns).map((t) => option(t, t, t === filter.team)).join('')}</select></label>
<button class="nojs" type="submit">Filter</button>
<span id="shown" class="muted">${filter.status || filter.team ? `${shown} of ${total} shown` : `${total} campaigns`}</span>
</form>`;
}

function renderSummary(status: ControllerStatus, filter: { team: string }, now: number): string {
  const counts = new Map<string, number>();
  for (const campaign of status.campaigns) counts.set(campaign.status, (counts.get(campaign.status) ?? 0) + 1);
  const chips = CAMPAIGN_STATUSES.filter((s) => counts.has(s)).map((s) => {
    const query = new URLSearchParams({ status: s, ...(filter.team ? { team: filter.team } : {}) });
    return `<a href="/?${escapeHtml(query.toString())}" title="show only ${s}">${badge(s)} <span class="muted">${counts.get(s)}</span></a>`;
  });
  const commit = status.commit ? ` “${escapeHtml(status.commit.subject)}” by ${escapeHtml(status.commit.author)}, ${timeAgo(status.commit.committedAt, now)}` : '';
  const { queue, cxone } = status;
  return `<p class="muted">Revision ${revision(status.revision)}${commit}<br>
${status.ready ? 'Ready' : '<strong>Starting</strong>'} · CXone circuit <strong>${escapeHtml(cxone.circuit)}</strong> · API budget ${cxone.budgetRemaining} · queue ${queue.queued} queued, ${queue.running} running${queue.waitingRetry > 0 ? `, ${queue.waitingRetry} retrying` : ''} · audit journal ${status.auditPending}${status.policyValid ? '' : ' · <strong>policy file invalid</strong>'}</p>
<div class="chips">${chips.join('')}</div>`;
}

function renderExtras(status: ControllerStatus, now: number): string {
  const parts: string[] = [];
  if (status.incidents.length > 0) {
    parts.push(`<h2>Controller incidents</h2><ul class="plain">${status.incidents
      .map((i) => `<li><strong>${escapeHtml(i.kind)}</strong>: ${escapeHtml(i.summary)} <small>(open since ${timeAgo(i.openedAt, now)})</small></li>`)
      .join('')}</ul>`);
  }
  if (status.invalidFiles.length > 0) {
    parts.push(`<h2>Invalid files</h2><ul class="plain">${status.invalidFiles
      .map((d) => `<li><code>${escapeHtml(`${d.path}:${d.line}:${d.column}`)}</code> ${escapeHtml(d.message)}</li>`)
      .join('')}</ul>`);
  }
  if (status.deleted.length > 0) {
    parts.push(`<h2>Deleted from Git</h2><p class="muted">Their live campaigns are left as they are.</p><ul class="plain">${status.deleted
      .map((d) => `<li><strong>${escapeHtml(d.name)}</strong> <small>${escapeHtml(d.path)}, deleted ${escapeHtml(formatTime(d.deletedAt))} in ${revision(d.revision)}</small></li>`)
      .join('')}</ul>`);
  }
  return parts.join('\n');
}

export function renderDashboard(status: ControllerStatus, options: DashboardOptions = {}): string {
  const now = options.now ?? Date.now();
  const filter = effectiveFilter(status.campaigns, options.filter);
  const shown = status.campaigns.filter((c) => matches(c, filter)).length;
  const rows = status.campaigns.map((c) => renderCampaignRow(c, now, !matches(c, filter))).join('\n');
  const table =
    status.campaigns.length === 0
      ? `<p class="empty">${status.ready ? 'No campaign files in the desired state.' : 'Reading the desired state…'}</p>`
      : `<table class="rows campaigns"><thead><tr><th>campaign</th><th>status</th><th>team</th><th>live version</th><th>last reconcile</th><th>reason</th></tr></thead>
<tbody>
${rows}
</tbody></table>
<p id="no-match" class="empty"${shown === 0 ? '' : ' hidden'}>No campaign matches the filter.</p>`;
  const drifted = status.campaigns.filter((c) => c.status === 'Drifted').length;
  return renderPage({
    title: `${drifted > 0 ? `(${drifted} drifted) ` : ''}cxone-gitops`,
    refreshSeconds: options.refreshSeconds ?? 3,
    before: `<h1>Campaigns</h1>\n${renderFilters(status, filter, shown)}`,
    live: `${renderSummary(status, filter, now)}\n${table}\n${renderExtras(status, now)}`,
  });
}
