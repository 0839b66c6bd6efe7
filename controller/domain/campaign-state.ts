/**
 * What the controller knows of one managed campaign: its status with the revisions and versions
 * behind it, what was last applied from Git, the last simulation and a short history. It is
 * written to the audit branch as `status/<name>.json` after every reconcile that changes it, and
 * read back after a restart.
 */
import type { CampaignStatusName } from './campaign-status.js';
import type { FieldChange } from './diff-settings.js';
import type { Incident } from './incidents.js';
import type { AppliedState } from './plan-campaign.js';

export interface SimulationSnapshot {
  source: 'local' | 'remote';
  at: string;
  abandonRateUpper95: number;
  abandonRate: number;
  occupancy: number;
  answerRate: number;
  predictionAccuracyRate?: number;
  limit: number;
  pass: boolean;
}

/** A field changed outside Git: what Git says and what is live. */
export interface DriftField {
  field: string;
  git: string | number | boolean;
  live: string | number | boolean;
}

export interface HistoryEntry {
  at: string;
  status: CampaignStatusName;
  reason: string;
  revision?: string;
  liveVersion?: number;
}

export interface CampaignState {
  name: string;
  campaignId: string;
  path: string;
  labels: Record<string, string>;
  status: CampaignStatusName;
  reason: string;
  /** The Git revision of the desired state last reconciled. */
  desiredRevision?: string;
  lastAttemptedRevision?: string;
  lastAppliedRevision?: string;
  /** The live version last observed. */
  liveVersion?: number;
  lastApplied?: AppliedState & { at: string; version: number };
  /** While Paused: the fingerprint of the desired settings that paused it; a change of them resumes. */
  pausedFingerprint?: string;
  /** What was changed outside Git, since when, by whom; `healedAt` once the controller put Git's settings back. */
  drift?: { fields: DriftField[]; since: string; modifiedBy?: string; dateModified?: string; healedAt?: string };
  /** Consecutive reconciles that observed drift (drift incidents open after a threshold). */
  driftObservations: number;
  /** The fields that differ live → Git now (empty when Synced). */
  pendingChanges: FieldChange[];
  lastSimulation?: SimulationSnapshot;
  lastReconcileAt?: string;
  /** Alert incidents open for this campaign (they survive a restart with the status). */
  incidents?: Incident[];
  history: HistoryEntry[];
}

export const HISTORY_LENGTH = 20;

/** A new state for a campaign first seen. */
export function initialState(campaign: { name: string; campaignId: string; path: string; labels: Record<string, string> }): CampaignState {
  return { ...campaign, status: 'OutOfSync', reason: 'not reconciled yet', driftObservations: 0, pendingChanges: [], history: [] };
}

/** Appends to the history when the status or its reason changed, keeping the last HISTORY_LENGTH entries. */
export function withHistory(state: CampaignState, at: string): CampaignState {
  const last = state.history.at(-1);
  if (last && last.status === state.status && last.reason === state.reason) return state;
  const entry: HistoryEntry = { at, status: state.status, reason: state.reason, revision: state.desiredRevision, liveVersion: state.liveVersion };
  return { ...state, history: [...state.history, entry].slice(-HISTORY_LENGTH) };
}
