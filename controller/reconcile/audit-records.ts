/**
 * The audit records a reconcile writes: one typed builder per outcome (docs/architecture.md,
 * "Audit records"), so a record cannot miss the fields its outcome needs and `outcome` is a union,
 * not a free string. Ids and time come from the reconcile's injected `newId` and `now`.
 */
import type { AnalysisEvidence } from '../domain/analysis-status.js';
import type { DriftField, SimulationSnapshot } from '../domain/campaign-state.js';
import type { FieldChange } from '../domain/diff-settings.js';
import type { LiveDialerSettings } from '../domain/live-campaign.js';

export type RecordBase = {
  id: string;
  time: string;
  campaign: string;
  campaignId: string;
  desiredRevision?: string;
  reason: string;
};

type Drift = { fields: DriftField[]; since: string; modifiedBy?: string; dateModified?: string; healedAt?: string };

/** `S`: what the dialect's write carries (the tutorial's LiveDialerSettings, a skill's groups). */
export type AdoptedRecord<S = LiveDialerSettings> = RecordBase & { outcome: 'adopted'; version: number; settings: S };
export type AppliedRecord<S = LiveDialerSettings> = RecordBase & {
  outcome: 'applied';
  kind: 'update' | 'heal';
  fromVersion: number;
  toVersion: number;
  changes: FieldChange[];
  settings: S;
  /** What the local gate predicted for these settings before the write (shown beside the verification's result). */
  gatePrediction?: SimulationSnapshot;
  /** Written after a restart or a lost answer, from the write-ahead intent. */
  recovered?: boolean;
  /** The controller stopped during the write and the campaign changed since: it may or may not have happened. */
  uncertain?: boolean;
};
/** A live analysis's verdict with its evidence: the counts since the apply, the bounds, the window. */
type WithAnalysis = { analysis?: AnalysisEvidence };
export type VerifiedRecord = RecordBase & WithAnalysis & { outcome: 'verified'; version: number; verification: string; abandonRateUpper95?: number; predictionAccuracyRate?: number };
export type RolledBackRecord<S = LiveDialerSettings> = RecordBase & WithAnalysis & {
  outcome: 'rolled-back';
  fromVersion: number;
  toVersion: number;
  restoredFromVersion: number;
  settings: S;
  abandonRateUpper95?: number;
  recovered?: boolean;
  uncertain?: boolean;
};
export type VerdictRecord = RecordBase & WithAnalysis & {
  outcome: 'rollback-failed' | 'paused' | 'verification-failed' | 'verification-superseded' | 'verification-started';
  version: number;
  verification?: string;
  abandonRateUpper95?: number;
};
export type ConditionRecord = RecordBase & { outcome: 'blocked' | 'failed' | 'drift-detected' | 'drift-resolved' | 'write-conflict'; statusReason: string; drift?: Drift };

/** Every record a reconcile writes. */
export type ReconcileRecord<S = LiveDialerSettings> = AdoptedRecord<S> | AppliedRecord<S> | VerifiedRecord | RolledBackRecord<S> | VerdictRecord | ConditionRecord;
export type ReconcileOutcomeName = ReconcileRecord['outcome'];

type Fields<R extends ReconcileRecord<unknown>> = Omit<R, 'id' | 'time' | 'campaign' | 'campaignId' | 'desiredRevision' | 'outcome'>;

export interface RecordContext {
  campaign: string;
  campaignId: string;
  revision: string;
  newId: () => string;
  now: () => Date;
}

/** The builders, one per outcome. */
export function recordBuilders<S = LiveDialerSettings>(context: RecordContext) {
  const base = () => ({ id: context.newId(), time: context.now().toISOString(), campaign: context.campaign, campaignId: context.campaignId, desiredRevision: context.revision });
  return {
    adopted: (fields: Fields<AdoptedRecord<S>>): AdoptedRecord<S> => ({ ...base(), outcome: 'adopted', ...fields }),
    applied: (fields: Fields<AppliedRecord<S>>): AppliedRecord<S> => ({ ...base(), outcome: 'applied', ...fields }),
    verified: (fields: Fields<VerifiedRecord>): VerifiedRecord => ({ ...base(), outcome: 'verified', ...fields }),
    rolledBack: (fields: Fields<RolledBackRecord<S>>): RolledBackRecord<S> => ({ ...base(), outcome: 'rolled-back', ...fields }),
    verdict: (outcome: VerdictRecord['outcome'], fields: Omit<Fields<VerdictRecord>, never>): VerdictRecord => ({ ...base(), outcome, ...fields }),
    condition: (outcome: ConditionRecord['outcome'], fields: Fields<ConditionRecord>): ConditionRecord => ({ ...base(), outcome, ...fields }),
  };
}

export type RecordBuilders<S = LiveDialerSettings> = ReturnType<typeof recordBuilders<S>>;
