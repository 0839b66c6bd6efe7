/**
 * The seam between the reconciler and one CXone API dialect (docs/architecture.md, "The dialect
 * seam"). The phases (observe, write, settle) reach the API only through a `Dialect`, so a second
 * dialect (the real CXone's outbound skills: last-writer-wins PUTs emulated as compare-and-set, no
 * simulation endpoint) plugs in without touching them. Generic over the desired object
 * (`Desired`: a CampaignSpec, an OutboundSkill), the live object (`Live`) and the write (`Write`).
 */
import type { AnalysisStatus } from '../domain/analysis-status.js';

/** How the phases call the API: applies go before sweeps; every call can be cancelled. */
export interface DialectCall {
  priority?: 'apply' | 'commit' | 'sweep';
  signal?: AbortSignal;
}

export interface DialectCapabilities {
  /** Writes carry a version the API checks (409 on a stale one). False: compare-and-set is emulated. */
  versionedWrites: boolean;
  /** The verification kinds this dialect can run after an apply, by name (see VerificationKind). */
  verificationKinds: readonly string[];
  /** Who changed a live object is readable from the API (`modifiedBy`). */
  knowsModifier: boolean;
  /** The API numbers an object's versions, so messages and records name them (`v4`); false when `versionOf` is a fingerprint. */
  namesVersions: boolean;
}

/** The answer of a conditional write. A conflict is a thrown `isConflictError` error, never a result. */
export interface WriteAccepted<Live> {
  /** The object as the API answered (or read back after) the write: what it kept. */
  live: Live;
  /** The version (or fingerprint) the object is at now. */
  version: number;
}

/** A write that was sent, whose answer may have been lost: what the journal keeps until it is settled. */
export interface WriteIntentView<Write> {
  objectId: string;
  /** The version (or fingerprint) the write was conditional on. */
  fromVersion: number;
  write: Write;
}

export interface Dialect<Desired, Live, Write> {
  /** The desired-state `kind` it manages: `CampaignWeights`, `OutboundSkill`. */
  readonly kind: string;
  readonly capabilities: DialectCapabilities;
  /** The API object a desired file names. */
  idOf(desired: Desired): string;
  /** The id of a live object (as `idOf` names it). */
  liveIdOf(live: Live): string;
  /** The version (or fingerprint) of a live object, as a write is conditional on it. */
  versionOf(live: Live): number;
  /**
   * `a` is known to be a later state of the object than `b` (a write's answer against an older
   * list). False when the API gives no order (a fingerprint): the later read is then taken.
   */
  isNewer(a: Live, b: Live): boolean;
  /** Every live object, by id, at the cost of the list pages only. */
  sweep(call?: DialectCall): Promise<Map<string, Live>>;
  /** One live object; `undefined` when the API has none with this id. */
  observe(id: string, call?: DialectCall): Promise<Live | undefined>;
  /**
   * Writes `write` only if the object is still at `expected`'s version. Throws a conflict error
   * when it is not (re-observe and re-plan; never retry the write as is).
   */
  write(id: string, write: Write, expected: Live, call?: DialectCall): Promise<WriteAccepted<Live>>;
  /** The write that puts `live` back as it is (a rollback). */
  restoreOf(live: Live): Write;
  /**
   * Did a write whose answer was lost happen, judging by the object as it is now? `unknown` when
   * it moved on by more than the write since.
   */
  judgeIntent(intent: WriteIntentView<Write>, live: Live | undefined, actor: string): 'yes' | 'no' | 'unknown';
  /** False only for a failure that proves the write was not applied (refused before or by validation). */
  mayHaveApplied(error: unknown): boolean;
  /**
   * True for a conflict found after the API accepted our write (a last-writer-wins read-back that
   * saw it overwritten): the write happened, and its record is the conflict, journaled under the
   * write's intent id before the intent ends (I1 in docs/architecture.md).
   */
  acceptedBeforeConflict(error: unknown): boolean;
}

/** The verdict of a verification kind. */
export type VerificationVerdict =
  | { verdict: 'pass' | 'fail'; message: string; evidence?: VerificationEvidence }
  | { verdict: 'inconclusive'; message: string; evidence?: VerificationEvidence }
  /** Not decided yet: the reconcile ends here, journals `progress` and runs again after `checkAgainAfterMs`. */
  | { verdict: 'watching'; message: string; progress: unknown; checkAgainAfterMs: number; analysis?: AnalysisStatus };

/** What the status shows of a verification (a remote simulation, a live outcome analysis). */
export interface VerificationEvidence {
  source: 'remote' | 'analysis';
  abandonRateUpper95: number;
  abandonRate: number;
  occupancy?: number;
  answerRate?: number;
  predictionAccuracyRate?: number;
  limit: number;
  /** A live analysis's counts, bounds, window and readings (the status and the records show them). */
  analysis?: AnalysisStatus;
}

export interface VerificationRun<Desired, Live> {
  desired: Desired;
  /** The object as the write left it. */
  applied: Live;
  /** When the write was accepted (ISO 8601). */
  appliedAt: string;
  /** What an earlier run of this verification journaled (undefined: a fresh start). */
  progress?: unknown;
  /** Journals `progress` with the campaign's status now, so it survives a restart. */
  save(progress: unknown): Promise<void>;
  now: () => Date;
  signal?: AbortSignal;
}

/**
 * The settle hook: how an accepted apply is judged. The tutorial's is the remote simulation
 * (`remote-simulation`); a live outcome analysis (`live-analysis`, minutes to hours, Wilson bounds)
 * is another kind. A kind that needs longer than one reconcile returns `watching` with its progress.
 * Cancellation (`signal`) ends a run early with `VerificationInterrupted`: the apply stays pending
 * and is resumed, never judged.
 */
export interface VerificationKind<Desired, Live> {
  readonly kind: string;
  run(input: VerificationRun<Desired, Live>): Promise<VerificationVerdict>;
}

/** A verification cut short by cancellation: the apply keeps waiting for its verdict. */
export class VerificationInterrupted extends Error {
  override readonly name = 'VerificationInterrupted';
  constructor(message = 'verification interrupted: the apply stays pending and is verified after the restart') {
    super(message);
  }
}

export function isVerificationInterrupted(error: unknown): error is VerificationInterrupted {
  return error instanceof VerificationInterrupted;
}
