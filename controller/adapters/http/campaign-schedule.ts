/**
 * What the campaign page says of when things happen (README, "Status, metrics and the dashboard"):
 * the desired revision linked to its commit with its subject and author, the sync window in force
 * for the campaign (may it be applied to now, and when that changes), and the next full sweep.
 */
import type { AuditRecord } from '../../domain/audit-record.js';
import type { CampaignState } from '../../domain/campaign-state.js';
import type { SyncWindow } from '../../domain/controller-policy.js';
import { nextSweepMs, parseSweepCron } from '../../domain/sweep-cron.js';
import { decideSyncWindow } from '../../domain/sync-windows.js';
import { html, type SafeHtml } from '../../lib/html.js';
import { authorName, commitUrl } from './commit-link.js';
import { formatIn, formatTime, revision, timeAgo } from './dashboard-layout.js';
import { humanTimes } from './human-times.js';

/** What the page knows of the controller beside the campaign. */
export interface CampaignContext {
  /** The generation's commit (status.commit) and its revision. */
  commit?: { revision: string; subject: string; author: string; committedAt: string };
  /** The commit URL template (commit-link.ts). */
  commitUrlTemplate?: string;
  /** The policy's sync windows; undefined while the policy file is invalid. */
  syncWindows?: readonly SyncWindow[];
  /** GITOPS_SCHEDULE and the time zone it is read in. */
  sweep?: { schedule: string; timeZone: string };
  /** Whether the dialect names versions (the tutorial's `v4`); false: a skill's "version" is a fingerprint, never shown. Default true. */
  namesVersions?: boolean;
}

/** `in 42 s`, `in 3 min`: a time ahead, with the absolute time as its tooltip. */
export function timeAhead(at: number, now: number): SafeHtml {
  const text = formatIn(at, now);
  const iso = new Date(at).toISOString();
  return html`<time datetime="${iso}" title="${formatTime(iso)}">${text}</time> <small class="muted">(${formatTime(iso)})</small>`;
}

/** A revision linked to its commit page when the remote has one. */
export function linkedRevision(sha: string | undefined, template: string | undefined): SafeHtml {
  const url = commitUrl(template, sha);
  return url ? html`<a href="${url}" rel="noreferrer">${revision(sha)}</a>` : revision(sha);
}

/** The author of `sha`: the generation's commit, or the `commitAuthor` an audit record of it carries. */
export function authorOf(sha: string | undefined, context: CampaignContext, records: readonly AuditRecord[] | undefined): string | undefined {
  if (!sha) return undefined;
  if (context.commit?.revision === sha) return context.commit.author;
  const record = records?.findLast((r) => r.desiredRevision === sha && typeof r.commitAuthor === 'string');
  return record ? (record.commitAuthor as string) : undefined;
}

/** `0123456789 “Raise the answer rate” by Ana Lopez, 3 min ago`. */
export function revisionWithAuthor(sha: string | undefined, context: CampaignContext, records: readonly AuditRecord[] | undefined, now: number): SafeHtml {
  if (!sha) return html`—`;
  const author = authorOf(sha, context, records);
  const commit = context.commit?.revision === sha ? context.commit : undefined;
  const subject = commit && html` “${commit.subject}”`;
  const by = author && html` by <strong>${authorName(author)}</strong>`;
  return html`${linkedRevision(sha, context.commitUrlTemplate)}${subject}${by}${commit && html`, ${timeAgo(commit.committedAt, now)}`}`;
}

/** The sync window in force for the campaign now, and when it changes. */
export function renderSyncWindow(state: CampaignState, windows: readonly SyncWindow[] | undefined, now: number): SafeHtml {
  if (windows === undefined) return html`<span class="muted">unknown: the policy file is invalid</span>`;
  if (windows.length === 0) return html`applies allowed <small class="muted">(no sync windows in the policy)</small>`;
  const decision = decideSyncWindow(windows, { name: state.name, labels: state.labels }, new Date(now));
  const change = decision.nextChangeAt && html`<br><small>${decision.allowed ? 'held back' : 'allowed'} ${timeAhead(decision.nextChangeAt.getTime(), now)}</small>`;
  // The reason already says "applies are allowed: …" or names the window that holds them back.
  const reason = decision.reason.replace(/^applies are allowed: /, '');
  return html`<strong>${decision.allowed ? 'applies allowed' : 'applies held back'}</strong>: ${humanTimes(reason, now)}${change}`;
}

/** The next full sweep of GITOPS_SCHEDULE. */
export function renderNextSweep(sweep: CampaignContext['sweep'], now: number): SafeHtml {
  if (!sweep) return html`—`;
  let next: number | undefined;
  try {
    next = nextSweepMs(parseSweepCron(sweep.schedule), sweep.timeZone, now);
  } catch {
    next = undefined;
  }
  return html`${next === undefined ? '—' : timeAhead(next, now)} <small class="muted">GITOPS_SCHEDULE <code>${sweep.schedule}</code></small>`;
}
