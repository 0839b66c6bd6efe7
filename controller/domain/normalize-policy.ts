/** The policy file's document with every default filled in. */
import type { AlertSinkRef, CampaignSelector, ControllerPolicy, SimulationSettings } from './controller-policy.js';
import { defaultControllerPolicy } from './controller-policy.js';
import type { CampaignSelectorBlock, ControllerPolicyDocument, SimulationBlock } from './desired-state-documents.js';
import { parseDurationSeconds } from './duration.js';

/** Simulation settings of `block` over `defaults`; profile fields are merged one by one. */
export function mergeSimulation(defaults: SimulationSettings, block: SimulationBlock | undefined): SimulationSettings {
  return {
    durationSeconds: block?.durationSeconds ?? defaults.durationSeconds,
    maxAbandonRate: block?.maxAbandonRate ?? defaults.maxAbandonRate,
    onFailure: block?.onFailure ?? defaults.onFailure,
    profile: { ...defaults.profile, ...block?.profile },
  };
}

type SinkBlock = NonNullable<NonNullable<ControllerPolicyDocument['spec']['alerts']>['routes']>[number]['sinks'][number];

/** A sink of the (schema-valid) policy file: the schema makes `urlEnv` required except for pagerduty. */
function normalizeSinkRef(sink: SinkBlock): AlertSinkRef {
  switch (sink.kind) {
    case 'webhook':
      return { kind: 'webhook', urlEnv: sink.urlEnv ?? '', ...(sink.secretEnv === undefined ? {} : { secretEnv: sink.secretEnv }) };
    case 'pagerduty':
      return { kind: 'pagerduty', routingKeyEnv: sink.routingKeyEnv ?? '', ...(sink.urlEnv === undefined ? {} : { urlEnv: sink.urlEnv }) };
    default:
      return { kind: sink.kind, urlEnv: sink.urlEnv ?? '' };
  }
}

function selector(block: CampaignSelectorBlock | undefined): CampaignSelector {
  if (block === undefined) return { names: ['*'] };
  if (Array.isArray(block)) return { names: [...block] };
  return { matchLabels: { ...block.matchLabels } };
}

/** Normalises a valid policy document (one that passed parsePolicyFile). */
export function normalizePolicy(document: ControllerPolicyDocument): ControllerPolicy {
  const defaults = defaultControllerPolicy();
  const { spec } = document;
  const reminder = spec.alerts?.reminderAfter;
  return {
    sync: { policy: spec.sync?.policy ?? defaults.sync.policy },
    simulation: mergeSimulation(defaults.simulation, spec.simulation),
    regulatoryAbandonPercent: spec.regulatoryAbandonPercent ?? defaults.regulatoryAbandonPercent,
    syncWindows: (spec.syncWindows ?? []).map((window) => ({
      kind: window.kind,
      schedule: window.schedule,
      duration: window.duration,
      durationSeconds: parseDurationSeconds(window.duration) ?? 0,
      timeZone: window.timeZone ?? 'UTC',
      campaigns: selector(window.campaigns),
    })),
    alerts: {
      driftThreshold: spec.alerts?.driftThreshold ?? defaults.alerts.driftThreshold,
      reminderAfterSeconds: (reminder === undefined ? undefined : parseDurationSeconds(reminder)) ?? defaults.alerts.reminderAfterSeconds,
      routes: (spec.alerts?.routes ?? []).map((route) => ({
        matchLabels: { ...route.matchLabels },
        sinks: route.sinks.map(normalizeSinkRef),
      })),
    },
  };
}
