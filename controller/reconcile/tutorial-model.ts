/**
 * The tutorial's campaign as the reconcile phases see it (docs/architecture.md, "The dialect
 * seam"): CampaignWeights files, the campaign API's versioned PUTs, the remote simulation. The pure
 * half (`tutorialModel`) is the campaign domain's decision, settings and local gate.
 */
import type { CxoneClient } from '../adapters/cxone/cxone-client.js';
import type { CampaignSpec } from '../domain/campaign-spec.js';
import { decideCampaign, desiredFingerprint, historyOf } from '../domain/decide-campaign.js';
import { desiredSettings, liveSettings, type DialerSettings } from '../domain/dialer-settings.js';
import { diffSettings } from '../domain/diff-settings.js';
import type { CampaignUpdate, LiveCampaign, LiveDialerSettings } from '../domain/live-campaign.js';
import type { VerificationKind } from './dialect.js';
import { runLocalGate } from './local-gate.js';
import { REMOTE_SIMULATION, remoteSimulationVerification } from './remote-simulation-verification.js';
import type { ReconcileResource, ResourceModel } from './resource-model.js';
import { createTutorialDialect, type TutorialDialect } from './tutorial-dialect.js';
import type { VerifyOptions } from './verify-apply.js';

export interface CampaignTypes {
  desired: CampaignSpec;
  live: LiveCampaign;
  write: CampaignUpdate;
  written: LiveDialerSettings;
  settings: DialerSettings;
}

export const tutorialModel: ResourceModel<CampaignTypes> = {
  identity: ({ name, campaignId, path, labels }) => ({ name, campaignId, path, labels }),
  fingerprint: desiredFingerprint,
  decide: (desired, state, live, actor) =>
    // The history `plan` decides with too, from the audit branch's status documents (I5).
    decideCampaign({ desired, live, actor, history: historyOf(state) }),
  desiredSettings,
  liveSettings,
  diffSettings,
  modifiedOf: (live) => ({ by: live.modifiedBy, at: live.dateModified }),
  weightsOf: (desired) => ({ ...desired.parameterWeights }),
  writtenWeightsOf: (written) => ({ ...written.parameterWeights }),
  writtenOf: (write) => write.predictiveDialerSettings,
  writeOf: (written) => ({ predictiveDialerSettings: written }),
  liveWrittenOf: (live) => live.predictiveDialerSettings,
  gate: (pool, desired, live) => runLocalGate(pool, desired, live),
  onFailure: (desired) => desired.simulation.onFailure,
};

export interface TutorialResourceOptions {
  /** Default: the tutorial dialect over `cxone`. */
  dialect?: TutorialDialect;
  /** Default: the remote simulation over `cxone` with `verification`. */
  verifiers?: ReadonlyMap<string, VerificationKind<CampaignSpec, LiveCampaign>>;
  verification: VerifyOptions;
}

export function tutorialResource(cxone: CxoneClient, options: TutorialResourceOptions): ReconcileResource<CampaignTypes> {
  return {
    dialect: options.dialect ?? createTutorialDialect(cxone),
    model: tutorialModel,
    verifiers: options.verifiers ?? new Map([[REMOTE_SIMULATION, remoteSimulationVerification(cxone, options.verification)]]),
  };
}
