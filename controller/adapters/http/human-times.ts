/**
 * Times inside messages, as people read them (README, "Dashboard"): the controller's reasons and
 * summaries carry ISO 8601 times (exact, for the audit branch and `/api/status`); the pages show each
 * as the absolute UTC time with how long ago, or how soon, like every other time on the dashboard.
 */
import { html, type SafeHtml } from '../../lib/html.js';
import { formatIn, formatTime, timeAgo } from './dashboard-layout.js';

const ISO_TIME = /\d{4}-\d\d-\d\dT\d\d:\d\d(?::\d\d(?:\.\d{1,9})?)?(?:Z|[+-]\d\d:\d\d)/g;

/** One time: `2026-11-24 11:57:00 UTC (3 min ago)`; a past one's relative part kept current by the client script. */
export function humanTime(iso: string, now: number): SafeHtml {
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return html`${iso}`;
  const canonical = new Date(at).toISOString();
  if (at > now) return html`${formatTime(canonical)} (${formatIn(at, now)})`;
  return html`${formatTime(canonical)} (${timeAgo(canonical, now)})`;
}

/** `text` escaped, with every ISO 8601 time in it made human. */
export function humanTimes(text: string, now: number): SafeHtml {
  const parts: SafeHtml[] = [];
  let last = 0;
  for (const match of text.matchAll(ISO_TIME)) {
    parts.push(html`${text.slice(last, match.index)}`, humanTime(match[0], now));
    last = match.index + match[0].length;
  }
  return html`${parts}${text.slice(last)}`;
}
