/**
 * The pure half of a dialect (docs/architecture.md, "The dialect seam"): what the reconcile phases
 * need to know of a desired object, its live counterpart and a write, besides the API calls of the
 * `Dialect`. The phases are generic over `ResourceTypes`; the tutorial's campaign and the real
 * CXone's outbound skill each bind one (`ReconcileResource`), so no phase asks which dialect it runs.
 */
import type { CalibrationNote } from '../domain/calibration-note.js';
import type { CampaignState } from '../domain/campaign-state.js';
import type { Decision, PlanOutline } from '../domain/decide-campaign.js';
import type { FieldChange } from '../domain/diff-settings.js';
import type { OnSimulationFailure } from '../domain/desired-state-documents.js';
import type { SimulationPool } from '../simulation/index.js';
import type { Weights } from '../simulation/types.js';
import type { Dialect, VerificationKind } from './dialect.js';
import type { GateVerdict } from './local-gate.js';

/** The types one dialect binds. */
export interface ResourceTypes {
  /** A valid desired file: a CampaignSpec, a SkillSpec. */
  desired: unknown;
  /** The live object as the API shows it. */
  live: unknown;
  /** What a conditional write sends. */
  write: unknown;
  /** What audit records and write intents carry of a write (JSON). */
  written: unknown;
  /** The normalised settings the status shows (desired, live, last applied; I6). */
  settings: unknown;
}

/** The status of one managed object of a dialect. */
export type StateOf<T extends ResourceTypes> = CampaignState<T['live'], T['write'], T['settings']>;

/** The plan a dialect decides on: what the phases read of it. */
export type PlanOf<T extends ResourceTypes> = PlanOutline<T['write']>;

/** Who the object is in the status, the records and the sync windows. */
export interface ResourceIdentity {
  name: string;
  /** The API object's id, as text (a campaign id, a skill id). */
  campaignId: string;
  path: string;
  labels: Record<string, string>;
  /** When the file's operating profile was last calibrated (a skill's `calibrate` comment), shown on the status. */
  calibrated?: CalibrationNote;
}

export interface ResourceModel<T extends ResourceTypes> {
  identity(desired: T['desired']): ResourceIdentity;
  /** Changes when the desired settings change: releases a hold, supersedes a pending verification. */
  fingerprint(desired: T['desired']): string;
  /** The one decision (I5), pure: from the desired object, its history and what is live. */
  decide(desired: T['desired'], state: StateOf<T>, live: T['live'] | undefined, actor: string): Decision<PlanOf<T>>;
  desiredSettings(desired: T['desired']): T['settings'];
  liveSettings(live: T['live']): T['settings'];
  /** Field by field, `from` → `to` (what a rollback leaves pending). */
  diffSettings(from: T['settings'], to: T['settings']): FieldChange[];
  /** Who changed the live object last, when the API says (never, on the real CXone). */
  modifiedOf(live: T['live']): { by?: string; at?: string };
  /** The weights the significance rule compares (none for a skill). */
  weightsOf(desired: T['desired']): Weights;
  writtenWeightsOf(written: T['written']): Weights;
  /** What the audit record and the intent keep of a write, and the write back from it. */
  writtenOf(write: T['write']): T['written'];
  writeOf(written: T['written'], objectId: string): T['write'];
  liveWrittenOf(live: T['live']): T['written'];
  /** The local gate (I3) on the write the plan would send. */
  gate(pool: SimulationPool, desired: T['desired'], live: T['live']): Promise<GateVerdict>;
  onFailure(desired: T['desired']): OnSimulationFailure;
}

/** One dialect bound for the reconciler: its API calls, its pure model, its verification kinds by name. */
export interface ReconcileResource<T extends ResourceTypes> {
  dialect: Dialect<T['desired'], T['live'], T['write']>;
  model: ResourceModel<T>;
  verifiers: ReadonlyMap<string, VerificationKind<T['desired'], T['live']>>;
}
