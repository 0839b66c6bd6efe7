/**
 * The repository-wide policy (`cxone-gitops.yaml` at the root of the desired-state directory),
 * normalised: every default filled in, durations in seconds.
 */
import type { OperatingProfile } from './dialer-weights.js';
import type { OnSimulationFailure, SyncPolicy } from './desired-state-documents.js';

/** Simulation settings of a campaign, or their repository-wide defaults. */
export interface SimulationSettings {
  /** Simulated seconds of a verification run. Default 300. */
  durationSeconds: number;
  /** The gate's limit on the upper 95% bound of the predicted abandon rate. Default 0.03. */
  maxAbandonRate: number;
  /** What a failed verification does: roll back, or only alert. Default `rollback`. */
  onFailure: OnSimulationFailure;
  /** Overrides of the simulator's operating profile. Default none. */
  profile: Partial<OperatingProfile>;
}

/** Which campaigns a sync window covers: names (globs with `*` and `?`), or labels that must all match. */
export type CampaignSelector = { names: string[] } | { matchLabels: Record<string, string> };

/** A time window, as Argo CD's sync windows: `allow` windows permit applies, `deny` windows stop them. */
export interface SyncWindow {
  kind: 'allow' | 'deny';
  /** Five-field cron expression of when the window opens. */
  schedule: string;
  /** How long the window stays open, as written (`2h`). */
  duration: string;
  /** `duration` in seconds. */
  durationSeconds: number;
  /** IANA time zone of `schedule`. Default `UTC`. */
  timeZone: string;
  /** The campaigns the window covers. Default all (`names: ['*']`). */
  campaigns: CampaignSelector;
}

/** An alert destination, named by the environment variables that hold its URL and secret. */
export type AlertSinkRef =
  | { kind: 'webhook'; urlEnv: string; secretEnv?: string }
  | { kind: 'slack' | 'teams' | 'alertmanager'; urlEnv: string }
  /** `urlEnv` overrides the Events API URL. */
  | { kind: 'pagerduty'; routingKeyEnv: string; urlEnv?: string };

/** Alerts of campaigns whose labels include `matchLabels` go to `sinks`. */
export interface AlertRoute {
  matchLabels: Record<string, string>;
  sinks: AlertSinkRef[];
}

export interface AlertPolicy {
  /** Consecutive drifted observations that open a drift incident. Default 2. */
  driftThreshold: number;
  /** Seconds after which an open incident is reminded. Default 14400 (4h). */
  reminderAfterSeconds: number;
  /** Routes by label; alerts that match none go to the default sinks of the environment. Default none. */
  routes: AlertRoute[];
}

/** The normalised policy. */
export interface ControllerPolicy {
  sync: { policy: SyncPolicy };
  simulation: SimulationSettings;
  /** The regulator's abandon-rate cap, percent (TSR/Ofcom): the ceiling of `abandonRateThreshold`. Default 3. */
  regulatoryAbandonPercent: number;
  syncWindows: SyncWindow[];
  alerts: AlertPolicy;
}

/** The policy when the repository has no policy file (a new object each call). */
export function defaultControllerPolicy(): ControllerPolicy {
  return {
    sync: { policy: 'enforce' },
    simulation: { durationSeconds: 300, maxAbandonRate: 0.03, onFailure: 'rollback', profile: {} },
    regulatoryAbandonPercent: 3,
    syncWindows: [],
    alerts: { driftThreshold: 2, reminderAfterSeconds: 4 * 3600, routes: [] },
  };
}
