/**
 * Routes alert messages to sinks by campaign labels (the policy's routes; the default sinks when no
 * route matches) and delivers them in the background with retries and backoff (lib/retry.ts). A failing sink never
 * slows reconciliation: `dispatch` returns at once; failures are counted and logged. A sink is made
 * once per kind and URL and kept, so a sink with state (Alertmanager's open alerts) keeps it.
 */
import { retry } from '../../lib/retry.js';
import { referencedTimer } from '../../lib/timer.js';
import type { AlertAction, Incident } from '../../domain/incidents.js';
import type { AlertRoute, AlertSinkRef } from '../../domain/controller-policy.js';
import type { Logger } from '../logging/logger.js';
import { alertPayload } from './alert-message.js';
import { alertmanagerSink } from './alertmanager-sink.js';
import { slackSink, webhookSink, type AlertSink } from './alert-sinks.js';
import { PAGERDUTY_EVENTS_URL, pagerDutySink } from './pagerduty-sink.js';
import { isAlertDeliveryError } from './post-alert.js';
import { teamsSink } from './teams-sink.js';

export interface AlertDispatcherOptions {
  /** The environment's sinks (see `defaultSinks`), used when no route matches. */
  defaultSinks: AlertSink[];
  /** Looks up the environment variables the policy's routes name (URLs and secrets never live in Git). */
  lookup: (name: string) => string | undefined;
  log: Logger;
  /** Delivery attempts per message. Default 5. */
  attempts?: number;
  /** First retry delay, ms (doubles, with jitter). Default 500. */
  minBackoffMs?: number;
  /** How often the Alertmanager sinks of routes re-post open alerts. Default 60 000 ms. */
  alertmanagerResendMs?: number;
  /** Told of every delivery outcome (metrics). */
  onDelivery?: (sink: string, outcome: 'delivered' | 'failed' | 'retried') => void;
  /**
   * Every message is passed through it before any sink sees it: CXone's own values (a `modifiedBy`)
   * can hold what the server was sent, a token or the client secret (README, "Secrets"). Default: as is.
   */
  scrub?: <T>(value: T) => T;
}

export interface AlertDispatcher {
  dispatch(actions: readonly AlertAction[], routes: readonly AlertRoute[]): void;
  /**
   * Hands the incidents that were open before a restart (restored with the statuses) back to the
   * sinks that keep open alerts, so Alertmanager keeps them firing; nobody is messaged again.
   */
  resume(incidents: readonly Incident[], routes: readonly AlertRoute[]): void;
  /** Resolves when every delivery under way has finished (tests, shutdown). */
  idle(): Promise<void>;
  /** Stops the sinks' timers (Alertmanager re-posts). */
  close(): void;
}

function matches(labels: Record<string, string>, selector: Record<string, string>): boolean {
  return Object.entries(selector).every(([key, value]) => labels[key] === value);
}

export function createAlertDispatcher(options: AlertDispatcherOptions): AlertDispatcher {
  const inFlight = new Set<Promise<void>>();
  const scrub = options.scrub ?? (<T>(value: T): T => value);
  const routeSinks = new Map<string, AlertSink>();

  const sinkOf = (ref: AlertSinkRef): AlertSink | undefined => {
    const variable = ref.kind === 'pagerduty' ? ref.routingKeyEnv : ref.urlEnv;
    const value = options.lookup(variable);
    if (!value) {
      options.log.warn({ variable }, 'alert route names an unset environment variable: sink skipped');
      return undefined;
    }
    const secret = ref.kind === 'webhook' && ref.secretEnv ? options.lookup(ref.secretEnv) : undefined;
    const eventsUrl = ref.kind === 'pagerduty' && ref.urlEnv ? (options.lookup(ref.urlEnv) ?? PAGERDUTY_EVENTS_URL) : PAGERDUTY_EVENTS_URL;
    const identity = JSON.stringify([ref.kind, value, secret, eventsUrl]);
    let sink = routeSinks.get(identity);
    if (!sink) {
      sink = makeSink(ref.kind, value, { secret, eventsUrl, resendMs: options.alertmanagerResendMs, log: options.log });
      routeSinks.set(identity, sink);
    }
    return sink;
  };

  const sinksFor = (labels: Record<string, string>, routes: readonly AlertRoute[]): AlertSink[] => {
    const matched = routes.filter((route) => matches(labels, route.matchLabels));
    if (matched.length === 0) return options.defaultSinks;
    return matched.flatMap((route) => route.sinks).flatMap((ref) => sinkOf(ref) ?? []);
  };

  const deliver = async (sink: AlertSink, action: AlertAction): Promise<void> => {
    const payload = scrub(alertPayload(action));
    try {
      await retry(() => sink.send(payload), {
        attempts: options.attempts ?? 5,
        baseMs: options.minBackoffMs ?? 500,
        maxMs: 60_000,
        jitter: 0.5,
        setTimer: referencedTimer,
        // A 4xx other than 408/429 says the message or the credentials are wrong: another try cannot help.
        shouldRetry: (error) => !isAlertDeliveryError(error) || error.retryable,
        onRetry: () => options.onDelivery?.(sink.name, 'retried'),
      });
      options.onDelivery?.(sink.name, 'delivered');
    } catch (error) {
      options.onDelivery?.(sink.name, 'failed');
      options.log.error({ sink: sink.name, key: action.incident.key, event: action.event, err: error }, 'alert not delivered');
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
    resume(incidents, routes) {
      for (const incident of incidents) {
        const payload = scrub(alertPayload({ event: 'opened', incident }));
        for (const sink of sinksFor(incident.labels, routes)) sink.resume?.(payload);
      }
    },
    async idle() {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
    close() {
      for (const sink of [...options.defaultSinks, ...routeSinks.values()]) sink.close?.();
    },
  };
}

type SinkKind = AlertSinkRef['kind'];

function makeSink(kind: SinkKind, value: string, extra: { secret?: string; eventsUrl: string; resendMs?: number; log: Logger }): AlertSink {
  switch (kind) {
    case 'webhook':
      return webhookSink(value, extra.secret);
    case 'slack':
      return slackSink(value);
    case 'teams':
      return teamsSink(value);
    case 'pagerduty':
      return pagerDutySink(value, extra.eventsUrl);
    case 'alertmanager':
      return alertmanagerSink({ url: value, resendIntervalMs: extra.resendMs, onResendFailure: (error) => extra.log.warn({ err: error }, 'alertmanager re-post failed: retried at the next interval') });
  }
}

/** The alert settings of the environment (README "Alerts"). */
export interface AlertEnvironment {
  webhookUrl?: string;
  webhookSecret?: string;
  slackWebhookUrl?: string;
  /** ALERT_ALERTMANAGER_URL. */
  alertmanagerUrl?: string;
  /** ALERT_PAGERDUTY_ROUTING_KEY. */
  pagerDutyRoutingKey?: string;
  /** ALERT_PAGERDUTY_EVENTS_URL. Default PagerDuty's Events API v2. */
  pagerDutyEventsUrl?: string;
  /** ALERT_TEAMS_WEBHOOK_URL. */
  teamsWebhookUrl?: string;
}

/** The default sinks of the environment. */
export function defaultSinks(env: AlertEnvironment, log?: Logger, alertmanagerResendMs?: number): AlertSink[] {
  const sinks: AlertSink[] = [];
  if (env.webhookUrl) sinks.push(webhookSink(env.webhookUrl, env.webhookSecret));
  if (env.slackWebhookUrl) sinks.push(slackSink(env.slackWebhookUrl));
  if (env.teamsWebhookUrl) sinks.push(teamsSink(env.teamsWebhookUrl));
  if (env.pagerDutyRoutingKey) sinks.push(pagerDutySink(env.pagerDutyRoutingKey, env.pagerDutyEventsUrl ?? PAGERDUTY_EVENTS_URL));
  if (env.alertmanagerUrl) {
    sinks.push(alertmanagerSink({ url: env.alertmanagerUrl, resendIntervalMs: alertmanagerResendMs, onResendFailure: (error) => log?.warn({ err: error }, 'alertmanager re-post failed: retried at the next interval') }));
  }
  return sinks;
}
