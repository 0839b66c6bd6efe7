/**
 * What the controller knows of one managed campaign: its status with the revisions and versions
 * behind it, what was last applied from Git, the last simulation and a short history. It is
 * written to the audit branch as `status/<name>.json` after every reconcile that changes it, and
 * read back after a restart.
 */
import type { AnalysisStatus } from './analysis-status.js';
import type { CalibrationNote } from './calibration-note.js';
import type { CampaignStatusName } from './campaign-status.js';
import type { DialerSettings } from './dialer-settings.js';
import type { FieldChange } from './diff-settings.js';
import type { Incident } from './incidents.js';
import type { CampaignUpdate, LiveCampaign } from './live-campaign.js';
import type { AppliedState, PlanAction } from './plan-campaign.js';
import type { StatusReason } from './status-reason.js';

/**
 * "Needs a human" (I4 in docs/architecture.md): a verification that failed or could not finish, a
 * rollback that could not be written, a gate that refused the desired state. It stays in the status
 * (and so across restarts) until the desired settings change (`fingerprint`) or a person acts; an
 * observation of live equal to Git never clears it.
 */
export interface Hold {
  status: 'Paused' | 'RolledBack' | 'Failed' | 'Blocked';
  reason: Extract<StatusReason, 'VerificationInconclusive' | 'RolledBack' | 'RollbackFailed' | 'VerificationFailed' | 'GateFailed'>;
  message: string;
  /** The desired settings that were held (desiredFingerprint). */
  fingerprint: string;
  since: string;
  /**
   * The accepted apply the hold is on, when its settings were left live (Paused, Failed): what a
   * person's `retry`/`resume` verifies again (README, "Manual actions").
   */
  verification?: PendingVerification<unknown>;
}

/**
 * An accepted apply whose verdict is not known yet (I2). Written with the `applied` record, so a
 * crash between the write and the verdict resumes the verification after the restart.
 */
export interface PendingVerification<W = CampaignUpdate> {
  /** The verification kind that judges it (docs/architecture.md, "Settle hook"). */
  kind: string;
  /** The audit record id of the apply. */
  applyId: string;
  revision: string;
  fingerprint: string;
  fromVersion: number;
  appliedVersion: number;
  appliedAt: string;
  /** What a rollback writes: the live settings before the apply. */
  restore: W;
  /** The apply was a heal of drift (the status message says so). */
  heal: boolean;
  /** The revision whose settings were live before the apply (what a rollback puts back). */
  previousAppliedRevision?: string;
  /** What the verification kind journaled so far (a simulation id, an analysis baseline). */
  progress?: unknown;
}

export interface SimulationSnapshot {
  source: 'local' | 'remote' | 'analysis';
  at: string;
  /** The desired settings simulated (desiredFingerprint): a Synced campaign never shows another proposal's simulation. */
  fingerprint?: string;
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
  /** The message of the status: what happened and what to do next. */
  reason: string;
  /** Why, from a closed set (status-reason.ts). Absent in status documents written before it existed. */
  statusReason?: StatusReason;
  revision?: string;
  liveVersion?: number;
}

/**
 * Generic over the dialect's live object `L`, write `W` and normalised settings `S`
 * (docs/architecture.md, "The dialect seam"); the defaults are the tutorial's campaign.
 */
export interface CampaignState<L = LiveCampaign, W = CampaignUpdate, S = DialerSettings> {
  name: string;
  campaignId: string;
  path: string;
  labels: Record<string, string>;
  status: CampaignStatusName;
  /** The message of the status: what happened and what to do next. */
  reason: string;
  /** Why, from a closed set (status-reason.ts). Absent in status documents written before it existed. */
  statusReason?: StatusReason;
  /** The Git revision of the desired state last reconciled. */
  desiredRevision?: string;
  lastAttemptedRevision?: string;
  lastAppliedRevision?: string;
  /** The live version last observed. */
  liveVersion?: number;
  lastApplied?: AppliedState<S> & { at: string; version: number };
  /** Read-only compatibility: status documents of earlier versions held only this; see `hold`. */
  pausedFingerprint?: string;
  /** "Needs a human" (I4): kept until the desired settings change or a person acts. */
  hold?: Hold;
  /** An accepted apply waiting for its verdict (I2). */
  verification?: PendingVerification<W>;
  /** What the last reconcile decided (decide-campaign.ts): the action `plan` names on the same inputs (I5). */
  lastDecision?: PlanAction;
  /** The live object as last observed (a sweep's list, a GET or a write's answer), with when. */
  lastObserved?: { at: string; campaign: L };
  /** The desired settings of the revision last reconciled (I6). */
  desired?: S;
  /** The live settings last observed (I6). */
  live?: S;
  /** The last drift the controller healed, with who made it: kept after the drift is gone. */
  lastHealedDrift?: { fields: DriftField[]; since: string; modifiedBy?: string; dateModified?: string; healedAt: string };
  /** What was changed outside Git, since when, by whom; `healedAt` once the controller put Git's settings back. */
  drift?: { fields: DriftField[]; since: string; modifiedBy?: string; dateModified?: string; healedAt?: string };
  /** Consecutive reconciles that observed drift (drift incidents open after a threshold). */
  driftObservations: number;
  /** The fields that differ live → Git now (empty when Synced). */
  pendingChanges: FieldChange[];
  lastSimulation?: SimulationSnapshot;
  /**
   * The local gate's simulation of the last apply (its prediction), also on the `applied` record:
   * kept when the verification replaces `lastSimulation`, so both are shown side by side.
   */
  gatePrediction?: SimulationSnapshot;
  /** The live outcome analysis of the latest apply: running (Verifying) or its verdict, with its readings. */
  analysis?: AnalysisStatus;
  /** When the file's operating profile was last calibrated from CXone history (a skill's `calibrate` comment). */
  calibrated?: CalibrationNote;
  lastReconcileAt?: string;
  /** Alert incidents open for this campaign (they survive a restart with the status). */
  incidents?: Incident[];
  history: HistoryEntry[];
}

export const HISTORY_LENGTH = 20;

/** A new state for a campaign first seen. */
export function initialState<L = LiveCampaign, W = CampaignUpdate, S = DialerSettings>({ name, campaignId, path, labels }: { name: string; campaignId: string; path: string; labels: Record<string, string> }): CampaignState<L, W, S> {
  // Only the identity: the desired settings of the current revision are `desired`, recomputed on every observation (I6).
  return { name, campaignId, path, labels, status: 'OutOfSync', reason: 'not reconciled yet', statusReason: 'Pending', driftObservations: 0, pendingChanges: [], history: [] };
}

/** Appends to the history when the status or its reason changed, keeping the last HISTORY_LENGTH entries. */
export function withHistory<St extends CampaignState<unknown, unknown, unknown>>(state: St, at: string): St {
  const last = state.history.at(-1);
  if (last && last.status === state.status && last.reason === state.reason) return state;
  const entry: HistoryEntry = { at, status: state.status, reason: state.reason, revision: state.desiredRevision, liveVersion: state.liveVersion };
  return { ...state, history: [...state.history, entry].slice(-HISTORY_LENGTH) };
}
