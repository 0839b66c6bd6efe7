/**
 * ML monitoring (the tutorial's step 4): the CXone webhook for `campaign.predictive.tuned` is
 * registered once — looked up first, so a restart never adds a duplicate — and every apply posts
 * an event to the monitoring URL with the verification's real prediction accuracy.
 */
import { sendOutbound } from '../adapters/outbound/outbound-http.js';
import type { CxoneClient } from '../adapters/cxone/cxone-client.js';
import type { Logger } from '../adapters/logging/logger.js';
import type { AppliedEvent } from './reconcile-campaign.js';

export const TUNED_EVENT = 'campaign.predictive.tuned';
export const ML_WEBHOOK_NAME = 'cxone-gitops ML monitoring';

/** Registers the webhook unless one with the same URL and event exists; returns its id. */
export async function registerMlWebhook(cxone: CxoneClient, url: string, log: Logger): Promise<string> {
  const existing = (await cxone.listWebhooks({ priority: 'commit' })).find((hook) => hook.url === url && hook.events.includes(TUNED_EVENT));
  if (existing) {
    log.info({ webhookId: existing.id }, 'ML monitoring webhook already registered');
    return existing.id;
  }
  const created = await cxone.createWebhook({ name: ML_WEBHOOK_NAME, url, events: [TUNED_EVENT], enabled: true, httpMethod: 'POST' }, { priority: 'commit' });
  log.info({ webhookId: created.id }, 'ML monitoring webhook registered');
  return created.id;
}

/** The event body, in the tutorial's audit-entry shape. */
export function mlEventBody(event: AppliedEvent, now: () => Date): Record<string, unknown> {
  return {
    event: 'predictive_weight_applied',
    timestamp: now().toISOString(),
    campaignId: event.campaignId,
    campaign: event.campaign,
    version: event.version,
    desiredRevision: event.desiredRevision,
    appliedWeights: event.weights,
    configurationLatencyMs: event.configurationLatencyMs,
    verification: event.verification,
    predictionAccuracyRate: event.predictionAccuracyRate ?? null,
    complianceFlag: event.verification === 'pass',
  };
}

/** Posts the event; a failing monitoring endpoint is logged and never slows reconciliation. */
export async function sendMlEvent(url: string, event: AppliedEvent, now: () => Date, log: Logger): Promise<void> {
  try {
    const response = await sendOutbound({
      method: 'POST',
      url,
      headers: { 'content-type': 'application/json', 'user-agent': 'cxone-gitops' },
      body: JSON.stringify(mlEventBody(event, now)),
      timeoutMs: 5_000,
      maxBodyBytes: 64 * 1024,
    });
    if (response.status < 200 || response.status >= 300) log.warn({ campaign: event.campaign, status: response.status }, 'ML monitoring endpoint refused the apply event');
  } catch (error) {
    log.warn({ campaign: event.campaign, error: error instanceof Error ? error.message : String(error) }, 'ML monitoring endpoint unreachable');
  }
}
