/**
 * Webhook subscriptions of the emulated tenant and the delivery of `campaign.predictive.tuned`
 * events. Delivery never blocks the request that caused it; each attempt is recorded.
 */
import { randomUUID } from 'node:crypto';
import { isPlainObject } from './settings-validation.js';
import { TUNED_EVENT, type Campaign, type Webhook } from './types.js';

export interface Delivery {
  webhookId: string;
  url: string;
  event: string;
  campaignId: string;
  version: number;
  /** HTTP status of the receiver's answer, or 0 when it could not be reached. */
  status: number;
  error?: string;
}

export type CreateResult = { ok: true; webhook: Webhook } | { ok: false; errors: string[] };

const KNOWN_EVENTS = [TUNED_EVENT];
const WEBHOOK_KEYS = ['name', 'url', 'events', 'enabled', 'httpMethod'];
const DELIVERY_TIMEOUT_MS = 5_000;
const MAX_DELIVERIES_KEPT = 5_000;

export class WebhookRegistry {
  readonly deliveries: Delivery[] = [];
  private readonly webhooks = new Map<string, Webhook>();
  private readonly inFlight = new Set<Promise<void>>();

  constructor(private readonly now: () => number) {}

  list(): Webhook[] {
    return [...this.webhooks.values()];
  }

  create(body: unknown): CreateResult {
    if (!isPlainObject(body)) return { ok: false, errors: ['the request body must be a JSON object'] };
    const errors = Object.keys(body)
      .filter((key) => !WEBHOOK_KEYS.includes(key))
      .map((key) => `${key} is not a known field (allowed: ${WEBHOOK_KEYS.join(', ')})`);
    if (typeof body.name !== 'string' || body.name.trim() === '' || body.name.length > 200) {
      errors.push('name must be a non-empty string of at most 200 characters');
    }
    let url: URL | undefined;
    try {
      url = new URL(String(body.url));
    } catch {
      url = undefined;
    }
    if (typeof body.url !== 'string' || !url || !['http:', 'https:'].includes(url.protocol)) {
      errors.push('url must be an absolute http or https URL');
    }
    if (!Array.isArray(body.events) || body.events.length === 0) {
      errors.push(`events must be a non-empty list (known events: ${KNOWN_EVENTS.join(', ')})`);
    } else {
      for (const event of body.events) {
        if (typeof event !== 'string' || !KNOWN_EVENTS.includes(event)) {
          errors.push(`events: ${JSON.stringify(event)} is not a known event (known events: ${KNOWN_EVENTS.join(', ')})`);
        }
      }
    }
    if (body.enabled !== undefined && typeof body.enabled !== 'boolean') errors.push('enabled must be true or false');
    if (body.httpMethod !== undefined && body.httpMethod !== 'POST' && body.httpMethod !== 'PUT') {
      errors.push('httpMethod must be POST or PUT');
    }
    if (errors.length > 0) return { ok: false, errors };
    const webhook: Webhook = {
      id: randomUUID(),
      name: body.name as string,
      url: body.url as string,
      events: [...new Set(body.events as string[])],
      enabled: (body.enabled as boolean | undefined) ?? true,
      httpMethod: (body.httpMethod as Webhook['httpMethod'] | undefined) ?? 'POST',
      dateCreated: new Date(this.now()).toISOString(),
    };
    this.webhooks.set(webhook.id, webhook);
    return { ok: true, webhook };
  }

  delete(id: string): boolean {
    return this.webhooks.delete(id);
  }

  clear(): void {
    this.webhooks.clear();
    this.deliveries.length = 0;
  }

  /** Sends `campaign.predictive.tuned` for a changed campaign to every enabled subscriber, in the background. */
  notifyTuned(campaign: Campaign): void {
    const payload = JSON.stringify({
      event: TUNED_EVENT,
      campaignId: campaign.id,
      version: campaign.version,
      predictiveDialerSettings: campaign.predictiveDialerSettings,
      configuration: campaign.configuration,
      modifiedBy: campaign.modifiedBy,
      timestamp: new Date(this.now()).toISOString(),
    });
    for (const webhook of this.webhooks.values()) {
      if (!webhook.enabled || !webhook.events.includes(TUNED_EVENT)) continue;
      const delivery = this.deliver(webhook, payload, campaign);
      this.inFlight.add(delivery);
      void delivery.finally(() => this.inFlight.delete(delivery));
    }
  }

  /** Waits for the deliveries under way (used on shutdown and by tests). */
  async settle(): Promise<void> {
    await Promise.allSettled([...this.inFlight]);
  }

  private async deliver(webhook: Webhook, payload: string, campaign: Campaign): Promise<void> {
    const record: Delivery = { webhookId: webhook.id, url: webhook.url, event: TUNED_EVENT, campaignId: campaign.id, version: campaign.version, status: 0 };
    try {
      const response = await fetch(webhook.url, {
        method: webhook.httpMethod,
        headers: { 'content-type': 'application/json', 'user-agent': 'cxone-emulator' },
        body: payload,
        signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS),
      });
      record.status = response.status;
      await response.body?.cancel();
    } catch (error) {
      record.error = error instanceof Error ? error.message : String(error);
    }
    this.deliveries.push(record);
    if (this.deliveries.length > MAX_DELIVERIES_KEPT) this.deliveries.splice(0, this.deliveries.length - MAX_DELIVERIES_KEPT);
  }
}
