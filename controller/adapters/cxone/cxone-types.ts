/** What the gateway reads from and writes to CXone (the tutorial's contract, README "The CXone API contract"). */
import type { CampaignUpdate, LiveCampaign, LiveConfiguration, LiveDialerSettings } from '../../domain/live-campaign.js';

export type { CampaignUpdate, LiveCampaign, LiveConfiguration, LiveDialerSettings };

export interface SimulationRequest {
  campaignId: string;
  simulationType: string;
  durationSeconds: number;
  predictiveDialerSettings?: LiveDialerSettings;
}

export interface RemoteSimulationResult {
  model?: string;
  predictedAnswerRate: number;
  predictedAbandonRate: number;
  abandonRateUpper95: number;
  agentOccupancy: number;
  predictionAccuracyRate: number;
  replications?: number;
}

export interface RemoteSimulation {
  id: string;
  campaignId?: string;
  status: 'running' | 'completed' | 'failed';
  result?: RemoteSimulationResult;
  error?: string;
}

export interface WebhookSubscription {
  id: string;
  name: string;
  url: string;
  events: string[];
  enabled: boolean;
  httpMethod?: string;
}

export interface NewWebhook {
  name: string;
  url: string;
  events: string[];
  enabled: boolean;
  httpMethod: 'POST' | 'PUT';
}
