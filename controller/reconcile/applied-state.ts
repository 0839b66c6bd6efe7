/**
 * The status right after an accepted apply (pure): live is what the write's answer says (the
 * read-back is the applied value, so an API that normalises values is in sync afterwards), and the
 * apply waits for its verdict (`verification`), journaled with the `applied` record (I2).
 */
import type { CampaignSpec } from '../domain/campaign-spec.js';
import type { CampaignState, PendingVerification } from '../domain/campaign-state.js';
import { liveSettings, type DialerSettings } from '../domain/dialer-settings.js';
import type { LiveCampaign } from '../domain/live-campaign.js';
import type { IntentEffect } from './apply-intents.js';
import { withStatus } from './decide-phase.js';

export interface AppliedFacts {
  /** The verification the apply waits for (without the version, known once accepted). */
  verification: Omit<PendingVerification, 'appliedVersion' | 'appliedAt'>;
  weights: Record<string, number>;
  live: LiveCampaign;
  at: string;
}

/** The intent's effect of an apply: what a recovered apply needs to go on to its verification. */
export function applyEffect(campaign: CampaignSpec, verification: AppliedFacts['verification']): IntentEffect {
  return { kind: 'apply', verification, weights: { ...campaign.parameterWeights } };
}

export function appliedState(state: CampaignState, facts: AppliedFacts): CampaignState {
  const { live, at, verification } = facts;
  const settings = liveSettings(live);
  // The fingerprint is the desired settings that were sent, as JSON (decide-campaign.ts).
  const next: CampaignState = {
    ...state,
    liveVersion: live.version,
    live: settings,
    lastObserved: { at, campaign: live },
    lastAppliedRevision: verification.revision,
    lastApplied: { revision: verification.revision, settings, desired: JSON.parse(verification.fingerprint) as DialerSettings, weights: { ...facts.weights }, at, version: live.version, via: 'applied' },
    // Healed drift stays on record (with when it was healed) until a clean observation.
    ...(verification.heal && state.drift ? { drift: { ...state.drift, healedAt: at } } : { drift: undefined, driftObservations: 0 }),
    pendingChanges: [],
    hold: undefined,
    verification: { ...verification, appliedVersion: live.version, appliedAt: at },
  };
  return withStatus(next, 'Verifying', 'Verifying', `${verification.heal ? 'healed drift' : 'applied'} v${verification.fromVersion} → v${live.version}: verifying`);
}
