/**
 * The read-only dashboard at `/`: one self-contained page (no external network), a table of
 * campaigns with status badges, refreshing itself. Rendered on the server from the status API.
 */
import type { CampaignStatusName } from '../../domain/campaign-status.js';
import type { ControllerStatus } from '../../reconcile/controller.js';

const BADGE: Record<CampaignStatusName, string> = {
  Synced: '#1a7f37',
  OutOfSync: '#9a6700',
  Drifted: '#bc4c00',
  Invalid: '#cf222e',
  Blocked: '#8250df',
  Suspended: '#57606a',
  Failed: '#cf222e',
  RolledBack: '#cf222e',
  Paused: '#0969da',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function ago(iso: string | undefined, now: number): string {
  if (!iso) return '—';
  const seconds = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (seconds < 90) return `${seconds} s ago`;
  if (seconds < 5400) return `${Math.round(seconds / 60)} min ago`;
  return `${Math.round(seconds / 3600)} h ago`;
}

export function renderDashboard(status: ControllerStatus, now = Date.now()): string {
  const rows = status.campaigns
    .map((c) => {
      const colour = BADGE[c.status] ?? '#57606a';
      return `<tr data-status="${c.status}" data-team="${escapeHtml(c.labels.team ?? '')}">
<td><strong>${escapeHtml(c.name)}</strong><br><small>${escapeHtml(c.path)}</small></td>
<td><span class="badge" style="background:${colour}">${c.status}</span></td>
<td>${escapeHtml(c.labels.team ?? '')}</td>
<td>${c.liveVersion ?? '—'}</td>
<td>${escapeHtml(c.reason)}</td>
<td>${ago(c.lastReconcileAt, now)}</td></tr>`;
    })
    .join('\n');
  const revision = status.revision ? status.revision.slice(0, 10) : '—';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="refresh" content="5"><title>cxone-gitops</title>
<style>
body{font:14px/1.4 system-ui,sans-serif;margin:0;padding:1rem;color:#1f2328;background:#f6f8fa}
h1{font-size:1.2rem;margin:0 0 .5rem}table{border-collapse:collapse;width:100%;background:#fff}
th,td{text-align:left;padding:.5rem;border-bottom:1px solid #d0d7de;vertical-align:top}
.badge{color:#fff;border-radius:1rem;padding:.1rem .6rem;font-size:.8rem;white-space:nowrap}
small{color:#57606a}@media (max-width:700px){td:nth-child(3),th:nth-child(3),td:nth-child(6),th:nth-child(6){display:none}}
</style></head><body>
<h1>cxone-gitops</h1>
<p>Revision <code>${revision}</code>${status.commit ? ` — ${escapeHtml(status.commit.subject)}` : ''} · ${status.campaigns.length} campaigns · ${status.ready ? 'ready' : 'starting'} · CXone circuit ${status.cxone.circuit} · audit journal ${status.auditPending}</p>
<table><thead><tr><th>campaign</th><th>status</th><th>team</th><th>live version</th><th>reason</th><th>last reconcile</th></tr></thead>
<tbody>
${rows}
</tbody></table>
${status.invalidFiles.length > 0 ? `<h2>Invalid files</h2><pre>${escapeHtml(status.invalidFiles.map((d) => `${d.path}:${d.line}:${d.column}: ${d.message}`).join('\n'))}</pre>` : ''}
</body></html>`;
}
