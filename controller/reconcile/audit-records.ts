/**
 * The audit records a reconcile writes: one typed builder per outcome (docs/architecture.md,
 * "Audit records"), so a record cannot miss the fields its outcome needs and `outcome` is a union,
 * not a free string. Ids and time come from the reconcile's injected `newId` and `now`.
 */
import type { AnalysisEvidence } from '../domain/analysis-status.js';
import type { DriftField } from '../domain/campaign-state.js';
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

export type AdoptedRecord = RecordBase & { outcome: 'adopted'; version: number; settings: LiveDialerSettings };
export type AppliedRecord = RecordBase & {
  outcome: 'applied';
  kind: 'update' | 'heal';
  fromVersion: number;
  toVersion: number;
  changes: FieldChange[];
  settings: LiveDialerSettings;
  /** Written after a restart or a lost answer, from the write-ahead intent. */
  recovered?: boolean;
  /** The controller stopped during the write and the campaign changed since: it may or may not have happened. */
  uncertain?: boolean;
};
/** A live analysis's verdict with its evidence: the counts since the apply, the bounds, the window. */
type WithAnalysis = { analysis?: AnalysisEvidence };
export type VerifiedRecord = RecordBase & WithAnalysis & { outcome: 'verified'; version: number; verification: string; abandonRateUpper95?: number; predictionAccuracyRate?: number };
export type RolledBackRecord = RecordBase & WithAnalysis & {
  outcome: 'rolled-back';
  fromVersion: number;
  toVersion: number;
  restoredFromVersion: number;
  settings: LiveDialerSettings;
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
export type ConditionRecord = RecordBase & { outcome: 'blocked' | 'failed' | 'drift-detected' | 'drift-resolved'; statusReason: string; drift?: Drift };

/** Every record a reconcile writes. */
export type ReconcileRecord = AdoptedRecord | AppliedRecord | VerifiedRecord | RolledBackRecord | VerdictRecord | ConditionRecord;
export type ReconcileOutcomeName = ReconcileRecord['outcome'];

type Fields<R extends ReconcileRecord> = Omit<R, 'id' | 'time' | 'campaign' | 'campaignId' | 'desiredRevision' | 'outcome'>;

export interface RecordContext {
  campaign: string;
  campaignId: string;
  revision: string;
  newId: () => string;
  now: () => Date;
}

/** The builders, one per outcome. */
export function recordBuilders(context: RecordContext) {
  const base = () => ({ id: context.newId(), time: context.now().toISOString(), campaign: context.campaign, campaignId: context.campaignId, desiredRevision: context.revision });
  return {
    adopted: (fields: Fields<AdoptedRecord>): AdoptedRecord => ({ ...base(), outcome: 'adopted', ...fields }),
    applied: (fields: Fields<AppliedRecord>): AppliedRecord => ({ ...base(), outcome: 'applied', ...fields }),
    verified: (fields: Fields<VerifiedRecord>): VerifiedRecord => ({ ...base(), outcome: 'verified', ...fields }),
    rolledBack: (fields: Fields<RolledBackRecord>): RolledBackRecord => ({ ...base(), outcome: 'rolled-back', ...fields }),
    verdict: (outcome: VerdictRecord['outcome'], fields: Omit<Fields<VerdictRecord>, never>): VerdictRecord => ({ ...base(), outcome, ...fields }),
    condition: (outcome: ConditionRecord['outcome'], fields: Fields<ConditionRecord>): ConditionRecord => ({ ...base(), outcome, ...fields }),
  };
}

export type RecordBuilders = ReturnType<typeof recordBuilders>;
