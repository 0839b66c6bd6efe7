/**
 * Routes alert messages to sinks by campaign labels (the policy's routes; the default sinks when no
 * route matches) and delivers them in the background with retries and backoff. A failing sink never
 * slows reconciliation: `dispatch` returns at once; failures are counted and logged.
 */
import pRetry from 'p-retry';
import type { AlertAction } from '../../domain/incidents.js';
import type { AlertRoute } from '../../domain/controller-policy.js';
import type { Logger } from '../logging/logger.js';
import { alertPayload } from './alert-message.js';
import { slackSink, webhookSink, type AlertSink } from './alert-sinks.js';

export interface AlertDispatcherOptions {
  /** The environment's sinks (ALERT_WEBHOOK_URL, ALERT_SLACK_WEBHOOK_URL), used when no route matches. */
  defaultSinks: AlertSink[];
  /** Looks up the environment variables the policy's routes name (URLs and secrets never live in Git). */
  lookup: (name: string) => string | undefined;
  log: Logger;
  /** Delivery attempts per message. Default 5. */
  attempts?: number;
  /** First retry delay, ms (doubles, with jitter). Default 500. */
  minBackoffMs?: number;
  /** Told of every delivery outcome (metrics). */
  onDelivery?: (sink: string, outcome: 'delivered' | 'failed' | 'retried') => void;
}

export interface AlertDispatcher {
  dispatch(actions: readonly AlertAction[], routes: readonly AlertRoute[]): void;
  /** Resolves when every delivery under way has finished (tests, shutdown). */
  idle(): Promise<void>;
}

function matches(labels: Record<string, string>, selector: Record<string, string>): boolean {
  return Object.entries(selector).every(([key, value]) => labels[key] === value);
}

export function createAlertDispatcher(options: AlertDispatcherOptions): AlertDispatcher {
  const inFlight = new Set<Promise<void>>();

  const sinksFor = (labels: Record<string, string>, routes: readonly AlertRoute[]): AlertSink[] => {
    const matched = routes.filter((route) => matches(labels, route.matchLabels));
    if (matched.length === 0) return options.defaultSinks;
    const sinks: AlertSink[] = [];
    for (const ref of matched.flatMap((route) => route.sinks)) {
      const url = options.lookup(ref.urlEnv);
      if (!url) {
        options.log.warn({ variable: ref.urlEnv }, 'alert route names an unset environment variable: sink skipped');
        continue;
      }
      sinks.push(ref.kind === 'slack' ? slackSink(url) : webhookSink(url, ref.secretEnv ? options.lookup(ref.secretEnv) : undefined));
    }
    return sinks;
  };

  const deliver = async (sink: AlertSink, action: AlertAction): Promise<void> => {
    const payload = alertPayload(action);
    try {
      await pRetry(() => sink.send(payload), {
        retries: (options.attempts ?? 5) - 1,
        minTimeout: options.minBackoffMs ?? 500,
        factor: 2,
        randomize: true,
        onFailedAttempt: ({ retriesLeft }) => {
          if (retriesLeft > 0) options.onDelivery?.(sink.name, 'retried');
        },
      });
      options.onDelivery?.(sink.name, 'delivered');
    } catch (error) {
      options.onDelivery?.(sink.name, 'failed');
      options.log.error({ sink: sink.name, key: action.incident.key, event: action.event, error: error instanceof Error ? error.message : String(error) }, 'alert not delivered');
    }
  };

  return {
    dispatch(actions, routes) {
      for (const action of actions) {
        for (const sink of sinksFor(action.incident.labels, routes)) {
          const delivery = deliver(sink, action);
          inFlight.add(delivery);
          void delivery.finally(() => inFlight.delete(delivery));
        }
      }
    },
    async idle() {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
  };
}

/** The default sinks of the environment. */
export function defaultSinks(env: { webhookUrl?: string; webhookSecret?: string; slackWebhookUrl?: string }): AlertSink[] {
  const sinks: AlertSink[] = [];
  if (env.webhookUrl) sinks.push(webhookSink(env.webhookUrl, env.webhookSecret));
  if (env.slackWebhookUrl) sinks.push(slackSink(env.slackWebhookUrl));
  return sinks;
}
