/**
 * PagerDuty Events API v2 as an alert sink: an opened or reminded incident is a `trigger`, a
 * resolved one a `resolve`, both with the same `dedup_key` (derived from the incident key, which
 * never holds a timestamp), so PagerDuty keeps one alert per incident; a heal is one Change Event,
 * which pages nobody (README "Alerts").
 */
import { createHash } from 'node:crypto';
import type { AlertPayload } from './alert-message.js';
import type { AlertSink } from './alert-sinks.js';
import { postAlert, sinkName } from './post-alert.js';

/** The Events API v2 endpoint. */
export const PAGERDUTY_EVENTS_URL = 'https://events.pagerduty.com/v2/enqueue';

export interface PagerDutyEvent {
  routing_key: string;
  event_action: 'trigger' | 'resolve';
  dedup_key: string;
  client?: string;
  payload?: {
    summary: string;
    source: string;
    severity: 'critical' | 'error' | 'warning' | 'info';
    timestamp: string;
    component: string;
    group?: string;
    class: string;
    custom_details: Record<string, unknown>;
  };
}

const SEVERITY: Record<string, 'critical' | 'error' | 'warning'> = { 'rolled-back': 'critical', 'apply-failed': 'error', paused: 'error', 'circuit-open': 'error' };

/** PagerDuty's limits: `dedup_key` ≤ 255 characters, `summary` ≤ 1024. */
export function pagerDutyDedupKey(incidentKey: string): string {
  const key = `cxone-gitops:${incidentKey}`;
  return key.length <= 255 ? key : `cxone-gitops:sha256:${createHash('sha256').update(incidentKey).digest('hex')}`;
}

/** The Events API v2 event of an incident message. */
export function pagerDutyEvent(payload: AlertPayload, routingKey: string): PagerDutyEvent {
  const dedupKey = pagerDutyDedupKey(payload.key);
  if (payload.event === 'resolved') return { routing_key: routingKey, event_action: 'resolve', dedup_key: dedupKey };
  const summary = payload.summary.length <= 1024 ? payload.summary : `${payload.summary.slice(0, 1023)}…`;
  return {
    routing_key: routingKey,
    event_action: 'trigger',
    dedup_key: dedupKey,
    client: 'cxone-gitops',
    payload: {
      summary,
      source: 'cxone-gitops',
      severity: SEVERITY[payload.kind] ?? 'warning',
      timestamp: payload.openedAt,
      component: payload.campaign,
      ...(payload.labels.team ? { group: payload.labels.team } : {}),
      class: payload.kind,
      custom_details: { campaign: payload.campaign, campaignId: payload.campaignId, labels: payload.labels, message: payload.text, ...(payload.drift ? { drift: payload.drift } : {}) },
    },
  };
}

/** A Change Event of the Events API v2: informational, it pages nobody. */
export interface PagerDutyChangeEvent {
  routing_key: string;
  payload: { summary: string; source: string; timestamp: string; custom_details: Record<string, unknown> };
}

/** The Change Events endpoint beside an Events API v2 endpoint (`…/v2/enqueue` → `…/v2/change/enqueue`). */
export function pagerDutyChangeUrl(eventsUrl: string): string {
  const trimmed = eventsUrl.replace(/\/+$/, '');
  return trimmed.endsWith('/enqueue') ? `${trimmed.slice(0, -'/enqueue'.length)}/change/enqueue` : `${trimmed}/change/enqueue`;
}

/** A heal, as a Change Event: nothing is left to act on, so nobody is paged (one message, no trigger/resolve pair). */
export function pagerDutyChangeEvent(payload: AlertPayload, routingKey: string, at: Date): PagerDutyChangeEvent {
  const summary = payload.text.split('\n')[0]!.replace(/^\S+ /, '');
  return {
    routing_key: routingKey,
    payload: {
      summary: summary.length <= 1024 ? summary : `${summary.slice(0, 1023)}…`,
      source: 'cxone-gitops',
      timestamp: at.toISOString(),
      custom_details: { campaign: payload.campaign, campaignId: payload.campaignId, labels: payload.labels, message: payload.text, ...(payload.drift ? { drift: payload.drift } : {}) },
    },
  };
}

/** ALERT_PAGERDUTY_ROUTING_KEY's sink; `eventsUrl` (ALERT_PAGERDUTY_EVENTS_URL) defaults to PagerDuty's. */
export function pagerDutySink(routingKey: string, eventsUrl: string = PAGERDUTY_EVENTS_URL): AlertSink {
  const name = sinkName('pagerduty', eventsUrl);
  return {
    name,
    send: (payload) =>
      payload.event === 'healed'
        ? postAlert(name, pagerDutyChangeUrl(eventsUrl), JSON.stringify(pagerDutyChangeEvent(payload, routingKey, new Date())))
        : postAlert(name, eventsUrl, JSON.stringify(pagerDutyEvent(payload, routingKey))),
  };
}
