/**
 * The manual-actions panel of a campaign page (README, "Manual actions"): with `HTTP_AUTH_TOKEN`
 * set, a form with the buttons that apply to the campaign's state (resume and retry a hold, sync
 * now, with `force` for a deny window), guarded against cross-site requests by a per-session token
 * (a random cookie, and in the form its HMAC under a key of this process) plus the browser's
 * `Sec-Fetch-Site` / `Origin`; without a token, the commands to run instead.
 */
import { createHmac, randomBytes } from 'node:crypto';
import type { CampaignState } from '../../domain/campaign-state.js';
import { constantTimeEqual } from '../../lib/constant-time-equal.js';
import { html, type SafeHtml } from '../../lib/html.js';
import type { ManualAction } from '../../reconcile/manual-actions.js';
import { campaignHref } from './dashboard-layout.js';

export const SESSION_COOKIE = 'cxone_gitops_session';

/** The session cookie and the form token that must come with it. */
export interface CsrfGuard {
  /** The session of a request's Cookie header, or a new one (with the Set-Cookie value to send). */
  session(cookieHeader: string | undefined): { id: string; setCookie?: string };
  /** The form token of a session. */
  formToken(session: string): string;
  /** Whether `token` is the form token of the session in `cookieHeader`. */
  verify(cookieHeader: string | undefined, token: string | undefined): boolean;
}

function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return value.join('=');
  }
  return undefined;
}

export function createCsrfGuard(key: Buffer = randomBytes(32)): CsrfGuard {
  const formToken = (session: string): string => createHmac('sha256', key).update(session).digest('base64url');
  return {
    session(cookieHeader) {
      const id = cookieValue(cookieHeader, SESSION_COOKIE);
      if (id && /^[A-Za-z0-9_-]{32,64}$/.test(id)) return { id };
      const fresh = randomBytes(32).toString('base64url');
      return { id: fresh, setCookie: `${SESSION_COOKIE}=${fresh}; Path=/; HttpOnly; SameSite=Strict` };
    },
    formToken,
    verify(cookieHeader, token) {
      const id = cookieValue(cookieHeader, SESSION_COOKIE);
      return id !== undefined && token !== undefined && token !== '' && constantTimeEqual(token, formToken(id));
    },
  };
}

/** The actions that apply to `state`: resume and retry only a hold (retry one whose apply is live), sync unless the file is invalid. */
export function applicableActions(state: CampaignState): ManualAction[] {
  if (state.status === 'Invalid') return [];
  return [...(state.hold ? (['resume'] as const) : []), ...(state.hold?.verification ? (['retry'] as const) : []), 'sync'];
}

const LABELS: Record<ManualAction, string> = { resume: 'Resume', retry: 'Retry verification', sync: 'Sync now' };

export function renderActionPanel(state: CampaignState, options: { enabled: boolean; formToken?: string }): SafeHtml {
  const actions = applicableActions(state);
  if (actions.length === 0) return html``;
  const base = `${campaignHref(state.name)}/actions`;
  if (!options.enabled || options.formToken === undefined) {
    const commands = actions.map((action) => html`<code>cxone-gitops ${action} ${state.name} --reason "…"</code>`);
    return html`<section class="card" id="actions"><h2>Manual actions</h2><p class="muted">Set <code>HTTP_AUTH_TOKEN</code> to use them here; from a shell with the token: ${commands.map((c, i) => html`${i > 0 && ', '}${c}`)}.</p></section>`;
  }
  const buttons = actions.map((action) => html`<button type="submit" formaction="${`${base}/${action}`}">${LABELS[action]}</button> `);
  return html`<section class="card" id="actions"><h2>Manual actions</h2>
<form method="post" action="${`${base}/sync`}" class="filters">
<input type="hidden" name="csrf" value="${options.formToken}">
<label>Your name <input name="actor" required maxlength="100" autocomplete="username"></label>
<label>Reason <input name="reason" maxlength="500"></label>
<label>Token <input type="password" name="token" required autocomplete="current-password"></label>
<label><input type="checkbox" name="force" value="1"> sync inside a deny window (needs a reason)</label>
${buttons}
</form></section>`;
}
