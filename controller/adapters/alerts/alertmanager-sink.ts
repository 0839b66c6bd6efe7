/**
 * Prometheus Alertmanager as an alert sink (`POST /api/v2/alerts`). One alert per incident: its
 * labels (`alertname`, `campaign`, `campaign_id`, `team`, `kind`, `severity`, `incident`) identify
 * it, its annotations carry the message. Alertmanager expects a client to re-send an alert while it
 * is active, and resolves an alert by itself once its `endsAt` passes; so, as Prometheus does, the
 * sink re-posts every open alert each `resendIntervalMs` with `endsAt` four intervals ahead, and
 * posts `endsAt` = now when the incident resolves. A heal (`healed`) is one alert ending one interval
 * later, never re-posted. A controller that dies leaves its alerts to
 * resolve by timeout rather than fire forever (README "Alerts").
 */
import type { AlertPayload } from './alert-message.js';
import type { AlertSink } from './alert-sinks.js';
import { postAlert, sinkName } from './post-alert.js';

/** An alert of the Alertmanager API v2 (`postableAlert`). */
export interface PostableAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string;
  endsAt: string;
  generatorURL?: string;
}

export interface AlertmanagerSinkOptions {
  /** ALERT_ALERTMANAGER_URL: Alertmanager's base URL (`/api/v2/alerts` is appended unless present). */
  url: string;
  /** How often open alerts are re-posted. Default 60 000 ms (Prometheus's `--rules.alert.resend-delay`). */
  resendIntervalMs?: number;
  /** Default `Date.now`. */
  now?: () => number;
  /** Told when a re-post fails (the next interval tries again). Default none. */
  onResendFailure?: (error: unknown) => void;
}

const CRITICAL = new Set(['apply-failed', 'rolled-back', 'paused', 'circuit-open']);

function alertName(kind: string): string {
  return `CxoneGitops${kind
    .split(/[^a-z0-9]+/i)
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('')}`;
}

/** The Alertmanager alert of an incident message, ending at `endsAt`. */
export function alertmanagerAlert(payload: AlertPayload, endsAt: Date): PostableAlert {
  const annotations: Record<string, string> = { summary: payload.summary, description: payload.text };
  if (payload.drift) annotations.adopt_command = payload.drift.adoptCommand;
  return {
    labels: {
      alertname: alertName(payload.kind),
      campaign: payload.campaign,
      campaign_id: payload.campaignId,
      team: payload.labels.team ?? '',
      kind: payload.kind,
      severity: CRITICAL.has(payload.kind) ? 'critical' : 'warning',
      incident: payload.key,
    },
    annotations,
    startsAt: payload.openedAt,
    endsAt: endsAt.toISOString(),
  };
}

/** The v2 alerts endpoint under an Alertmanager base URL. */
export function alertsEndpoint(url: string): string {
  const trimmed = url.replace(/\/+$/, '');
  return trimmed.endsWith('/api/v2/alerts') ? trimmed : `${trimmed}/api/v2/alerts`;
}

export interface AlertmanagerSink extends AlertSink {
  /** Incidents being re-posted. */
  openKeys(): string[];
  close(): void;
}

export function alertmanagerSink(options: AlertmanagerSinkOptions): AlertmanagerSink {
  const endpoint = alertsEndpoint(options.url);
  const name = sinkName('alertmanager', options.url);
  const intervalMs = options.resendIntervalMs ?? 60_000;
  const now = options.now ?? Date.now;
  const open = new Map<string, AlertPayload>();
  /** Keys resolved by this process: a resume that comes after the resolve must not open them again. */
  const resolved = new Set<string>();
  let timer: NodeJS.Timeout | undefined;

  // Posts go out one at a time, each built when its turn comes: a re-post in flight never lands
  // after the resolve that followed it (which would re-open the alert until its endsAt).
  let tail: Promise<unknown> = Promise.resolve();
  const post = (alerts: () => PostableAlert[]): Promise<void> => {
    const next = tail.catch(() => undefined).then(async () => {
      const body = alerts();
      if (body.length > 0) await postAlert(name, endpoint, JSON.stringify(body));
    });
    tail = next;
    return next;
  };
  const activeUntil = () => new Date(now() + 4 * intervalMs);

  const resend = (): void => {
    post(() => [...open.values()].map((payload) => alertmanagerAlert(payload, activeUntil()))).catch((error: unknown) => options.onResendFailure?.(error));
  };
  const schedule = (): void => {
    if (open.size > 0 && !timer) {
      timer = setInterval(resend, intervalMs);
      timer.unref();
    } else if (open.size === 0 && timer) {
      clearInterval(timer);
      timer = undefined;
    }
  };

  /** Starts re-posting an open incident and posts it now (unless it resolved before its turn came). */
  const openAlert = (payload: AlertPayload): Promise<void> => {
    open.set(payload.key, payload);
    schedule();
    return post(() => (open.has(payload.key) ? [alertmanagerAlert(payload, activeUntil())] : []));
  };

  return {
    name,
    async send(payload) {
      if (payload.event === 'healed') {
        // Nothing is left to act on: one firing alert (one notification) that ends by itself after
        // an interval and is never re-posted, rather than an opened alert resolved 2 ms later.
        await post(() => [alertmanagerAlert(payload, new Date(now() + intervalMs))]);
        return;
      }
      if (payload.event === 'resolved') {
        open.delete(payload.key);
        resolved.add(payload.key);
        schedule();
        await post(() => [alertmanagerAlert(payload, new Date(now()))]);
        return;
      }
      resolved.delete(payload.key);
      await openAlert(payload);
    },
    resume(payload) {
      if (resolved.has(payload.key) || open.has(payload.key)) return;
      // Posted at once: the alert's endsAt may pass before the first interval after a slow restart.
      openAlert(payload).catch((error: unknown) => options.onResendFailure?.(error));
    },
    openKeys: () => [...open.keys()],
    close() {
      open.clear();
      schedule();
    },
  };
}
