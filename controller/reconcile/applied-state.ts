/**
 * The status right after an accepted apply (pure): live is what the write's answer says (the
 * read-back is the applied value, so an API that normalises values is in sync afterwards), and the
 * apply waits for its verdict (`verification`), journaled with the `applied` record (I2).
 */
import type { PendingVerification } from '../domain/campaign-state.js';
import type { IntentEffect } from './apply-intents.js';
import { withStatus } from './decide-phase.js';
import { versionChange } from './version-names.js';
import type { ReconcileContext } from './reconcile-context.js';
import type { ResourceTypes, StateOf } from './resource-model.js';

export interface AppliedFacts<T extends ResourceTypes> {
  /** The verification the apply waits for (without the version, known once accepted). */
  verification: Omit<PendingVerification<T['write']>, 'appliedVersion' | 'appliedAt'>;
  weights: Record<string, number>;
  live: T['live'];
  /** When CXone accepted the write (ISO): the apply's time. */
  at: string;
  /** When `live` was read, if not at `at` (a write recovered later from its intent). */
  observedAt?: string;
}

/** The intent's effect of an apply: what a recovered apply needs to go on to its verification. */
export function applyEffect<T extends ResourceTypes>(ctx: ReconcileContext<T>, verification: AppliedFacts<T>['verification']): IntentEffect<T['write']> {
  return { kind: 'apply', verification, weights: { ...ctx.model.weightsOf(ctx.campaign) } };
}

export function appliedState<T extends ResourceTypes>(ctx: ReconcileContext<T>, state: StateOf<T>, facts: AppliedFacts<T>): StateOf<T> {
  const { live, at, verification } = facts;
  const settings = ctx.model.liveSettings(live);
  const version = ctx.dialect.versionOf(live);
  // The fingerprint is the desired settings that were sent, as JSON (the model's `fingerprint`).
  const next: StateOf<T> = {
    ...state,
    liveVersion: version,
    live: settings,
    lastObserved: { at: facts.observedAt ?? at, campaign: live },
    lastAppliedRevision: verification.revision,
    lastApplied: { revision: verification.revision, settings, desired: JSON.parse(verification.fingerprint) as T['settings'], weights: { ...facts.weights }, at, version, via: 'applied' },
    // Healed drift stays on record (with when it was healed) until a clean observation.
    ...(verification.heal && state.drift ? { drift: { ...state.drift, healedAt: at } } : { drift: undefined, driftObservations: 0 }),
    pendingChanges: [],
    hold: undefined,
    verification: { ...verification, appliedVersion: version, appliedAt: at },
  };
  return withStatus(next, 'Verifying', 'Verifying', `${verification.heal ? 'healed drift' : 'applied'}${versionChange(ctx.dialect.capabilities, verification.fromVersion, version)}: verifying`);
}
