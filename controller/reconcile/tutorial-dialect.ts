/**
 * The tutorial dialect (docs/architecture.md, "The dialect seam"): CampaignWeights files against
 * the tutorial's campaign API, through the one CxoneClient. Writes are PUTs carrying the version
 * the plan was computed against (409 → conflict); verification is the remote simulation.
 */
import { isCxoneNotFoundError, isCxoneResponseError } from '../adapters/cxone/cxone-errors.js';
import { isClassifiedError, isConflictError, isTransientError } from '../domain/errors.js';
import type { CxoneClient } from '../adapters/cxone/cxone-client.js';
import type { CampaignSpec } from '../domain/campaign-spec.js';
import { updateFromLive } from '../domain/dialer-settings.js';
import type { CampaignUpdate, LiveCampaign } from '../domain/live-campaign.js';
import type { Dialect, DialectCapabilities } from './dialect.js';
import { REMOTE_SIMULATION } from './remote-simulation-verification.js';

export type TutorialDialect = Dialect<CampaignSpec, LiveCampaign, CampaignUpdate>;

/** Versioned PUTs, the remote simulation, `modifiedBy`, numbered versions (`v4`). */
export const TUTORIAL_CAPABILITIES: DialectCapabilities = { versionedWrites: true, verificationKinds: [REMOTE_SIMULATION], knowsModifier: true, namesVersions: true };

export function createTutorialDialect(cxone: CxoneClient): TutorialDialect {
  return {
    kind: 'CampaignWeights',
    capabilities: TUTORIAL_CAPABILITIES,
    idOf: (desired) => desired.campaignId,
    liveIdOf: (live) => live.id,
    versionOf: (live) => live.version,
    isNewer: (a, b) => a.version > b.version,
    async sweep(call) {
      const live = await cxone.listCampaigns({ priority: call?.priority ?? 'sweep' });
      return new Map(live.map((campaign) => [campaign.id, campaign]));
    },
    async observe(id, call) {
      try {
        return await cxone.getCampaign(id, { priority: call?.priority ?? 'apply' });
      } catch (error) {
        if (isCxoneNotFoundError(error)) return undefined;
        throw error;
      }
    },
    async write(id, write, expected, call) {
      const live = await cxone.updateCampaign(id, write, expected.version, { priority: call?.priority ?? 'apply' });
      return { live, version: live.version };
    },
    restoreOf: (live) => updateFromLive(live),
    judgeIntent(intent, live, actor) {
      if (!live || live.version <= intent.fromVersion) return 'no';
      if (live.version > intent.fromVersion + 1) return 'unknown';
      // The version the PUT would have produced, by this controller: it happened. The settings are
      // not compared: an API that normalises values keeps them rounded (docs/architecture.md, I1).
      return live.modifiedBy === actor ? 'yes' : 'no';
    },
    // A lost answer, a 5xx, a 409 or a 2xx whose body broke the contract may follow an applied PUT;
    // 400/401/403/404, 429 and an open circuit prove it was not applied (the gateway retries a PUT on 429 only).
    mayHaveApplied: (error) => isConflictError(error) || isTransientError(error) || isCxoneResponseError(error) || !isClassifiedError(error),
    // A versioned PUT refused with 409 changed nothing.
    acceptedBeforeConflict: () => false,
  };
}
