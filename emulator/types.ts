/** The resources the emulated CXone API serves (README, "The CXone API contract": the tutorial's payloads). */
import type { OperatingProfile, Weights } from '../controller/simulation/types.js';

export interface DialerSettings {
  algorithmId: string;
  parameterWeights: Weights;
  validationSplit: number;
  maxDeviationLimit: number;
  convergenceThreshold: number;
}

export interface CampaignConfiguration {
  enablePredictiveTuning: boolean;
  simulationTrigger: 'automatic' | 'manual';
  driftProtection: boolean;
}

export interface Campaign {
  id: string;
  name: string;
  predictiveDialerSettings: DialerSettings;
  configuration: CampaignConfiguration;
  version: number;
  operatingProfile: OperatingProfile;
  modifiedBy: string;
  dateModified: string;
}

/** An API client registered with the tenant (client credentials grant). */
export interface ApiClient {
  clientId: string;
  clientSecret: string;
  scopes: string[];
}

export interface Webhook {
  id: string;
  name: string;
  url: string;
  events: string[];
  enabled: boolean;
  httpMethod: 'POST' | 'PUT';
  dateCreated: string;
}

export interface SimulationResult {
  model: string;
  predictedAnswerRate: number;
  predictedAbandonRate: number;
  abandonRateUpper95: number;
  agentOccupancy: number;
  predictionAccuracyRate: number;
  replications: number;
  durationSeconds: number;
  seed: number;
}

export interface Simulation {
  id: string;
  campaignId: string;
  simulationType: string;
  durationSeconds: number;
  status: 'running' | 'completed' | 'failed';
  dateCreated: string;
  dateCompleted?: string;
  result?: SimulationResult;
  error?: string;
}

/** Faults injected at run time through `POST /emulator/faults`. Rates are probabilities per request. */
export interface Faults {
  /** Share of API requests answered with a random 500/502/503. Default 0. */
  errorRate: number;
  /** Delay added to every API request, milliseconds. Default 0. */
  latencyMs: number;
  /** Share of API requests answered with 429 and `Retry-After: 1`, on top of the real limit. Default 0. */
  extra429Rate: number;
  /** Share of version-carrying PUTs answered with a spurious 409. Default 0. */
  conflictRate: number;
  /** Share of API requests whose connection is reset without an answer. Default 0. */
  dropRate: number;
  /** Share of PUTs that are applied and then have their connection reset, so the answer is lost. Default 0. */
  applyThenDropRate: number;
  /** Decimal places a PUT's weights are kept to (a CXone that normalises values); 0 keeps them as sent. Default 0. */
  weightDecimals: number;
  /** Share of simulations that end `failed`. Default 0. */
  simulationFailureRate: number;
  /** Extra time a simulation stays `running`, milliseconds. Default 0. */
  simulationDelayMs: number;
}

export const NO_FAULTS: Readonly<Faults> = Object.freeze({
  errorRate: 0,
  latencyMs: 0,
  extra429Rate: 0,
  conflictRate: 0,
  dropRate: 0,
  applyThenDropRate: 0,
  weightDecimals: 0,
  simulationFailureRate: 0,
  simulationDelayMs: 0,
});

/**
 * A one-shot fault for the next API request that matches (`POST /emulator/faults` with `next`):
 * answer `status`, reset the connection, or apply a PUT and then reset it.
 */
export interface ScriptedFault {
  method: string;
  /** Matches when the request path contains it. Default: every path. */
  path?: string;
  action: 'error' | 'drop' | 'apply-then-drop';
  /** For `error`. Default 503. */
  status?: number;
  /** Let this many matching requests through first. Default 0. */
  skip?: number;
}

export interface RequestLogEntry {
  seq: number;
  time: string;
  method: string;
  path: string;
  status: number;
  clientId?: string;
  durationMs: number;
}

/** The event each settings change delivers to webhook subscribers. */
export const TUNED_EVENT = 'campaign.predictive.tuned';

export const SCOPES = {
  read: 'outbound:campaign:read',
  write: 'outbound:campaign:write',
  simulate: 'outbound:campaign:simulate',
  webhooks: 'webhooks:write',
} as const;

export const ALL_SCOPES: readonly string[] = Object.values(SCOPES);

/** The API client an emulator serves unless told otherwise. */
export const DEFAULT_CLIENT: Readonly<ApiClient> = Object.freeze({
  clientId: 'emulator-client',
  clientSecret: 'emulator-secret',
  scopes: [...ALL_SCOPES],
});
