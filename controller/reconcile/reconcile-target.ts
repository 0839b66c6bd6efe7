/**
 * The composition target (docs/architecture.md, "The dialect seam"): what the controller shell and
 * the commands reconcile, for one dialect. The shell lists, sweeps and reconciles through it and
 * never asks which dialect it runs; `tutorialTarget` binds the tutorial's campaigns,
 * `skillTarget` the real CXone's outbound skills. `reconcileTargetFromConfig`
 * (adapters/cxone/target-from-config.ts) is the one place that picks one (CXONE_DIALECT).
 */
import type { CxoneClient } from '../adapters/cxone/cxone-client.js';
import type { CxoneSkillsClient } from '../adapters/cxone/cxone-skills-client.js';
import { skillStatusDocumentProblem, statusDocumentProblem } from '../adapters/git/status-document.js';
import type { Logger } from '../adapters/logging/logger.js';
import type { CampaignSpec } from '../domain/campaign-spec.js';
import type { CampaignState } from '../domain/campaign-state.js';
import type { SyncPolicy } from '../domain/desired-state-documents.js';
import type { LiveCampaign } from '../domain/live-campaign.js';
import type { LiveSkill } from '../domain/live-skill.js';
import type { SkillSpec } from '../domain/skill-spec.js';
import type { DesiredStateValidation } from '../domain/validate-desired-state.js';
import { campaignFingerprint, changeFingerprint } from './desired-generation.js';
import type { DialectCall, DialectCapabilities } from './dialect.js';
import { registerMlWebhook } from './ml-monitoring.js';
import { reconcileCampaign, reconcileResource } from './reconcile-campaign.js';
import type { ReconcileOutcome, ResourceReconcileDeps, ResourceReconcileInput } from './reconcile-types.js';
import type { ResourceTypes, StateOf } from './resource-model.js';
import { skillResource, type SkillResourceOptions, type SkillTypes } from './skill-model.js';
import { settleOrphanIntents, type OrphanIntentDeps, type OrphanIntentsResult } from './settle-orphan-intents.js';
import { createTutorialDialect, TUTORIAL_CAPABILITIES } from './tutorial-dialect.js';
import { tutorialModel } from './tutorial-model.js';
import type { VerifyOptions } from './verify-apply.js';
import { READ_AFRESH } from './observe-phase.js';

/** One desired object as the shell sees it: who it is, its sync policy, and the dialect's own object. */
export interface ShellObject {
  readonly name: string;
  /** The API object's id as text (a campaign id, a skill id): the sweep's map is keyed by it. */
  readonly campaignId: string;
  readonly path: string;
  readonly labels: Record<string, string>;
  readonly sync: { readonly policy: SyncPolicy };
  /** Compared between generations: a change queues the object at the commit's priority. */
  readonly changeKey: string;
  /** The dialect's desired object (a CampaignSpec, a SkillSpec), handed back to `reconcile`. */
  readonly desired: unknown;
}

/** The API client's health as the status and metrics show it (the same for both dialects). */
export type ApiHealth = ReturnType<CxoneClient['health']>;

/** What the shell gives every reconcile, whatever the dialect. */
export type ShellReconcileDeps = Omit<ResourceReconcileDeps<ResourceTypes>, 'resource'> & {
  /** The remote simulation's polls (the tutorial's verification kind). */
  verification: Omit<VerifyOptions, 'now'>;
};

export interface ShellReconcileInput extends Omit<ResourceReconcileInput<ResourceTypes>, 'campaign' | 'previous' | 'observed' | 'onRecorded'> {
  object: ShellObject;
  previous: CampaignState;
  /** The sweep's reading of this object (`null`: not listed; undefined: no sweep). */
  observed?: unknown;
  onRecorded?: (state: CampaignState) => void;
}

/** What the shell gives the settling of orphaned writes; the target adds its dialect and model. */
export type OrphanDeps = Omit<OrphanIntentDeps<ResourceTypes>, 'dialect' | 'model'>;

export interface ReconcileTarget {
  /** The desired-state kind it manages (`CampaignWeights`, `OutboundSkill`). */
  readonly kind: string;
  /** What one object is called in a summary line (`campaign`, `skill`). */
  readonly noun: string;
  /** Its dialect's capabilities: whether messages name versions (manual actions, the campaign page). */
  readonly capabilities: DialectCapabilities;
  /** This dialect's objects of a loaded revision, in path order. */
  objects(validation: DesiredStateValidation): ShellObject[];
  /** Every live object by id, at the cost of the list pages only; an id mapped to READ_AFRESH was listed but is not valid (its reconcile reads it itself). */
  sweep(call?: DialectCall): Promise<Map<string, unknown>>;
  reconcile(deps: ShellReconcileDeps, input: ShellReconcileInput): Promise<ReconcileOutcome>;
  /** Open writes of objects no longer managed, judged against live (settle-orphan-intents.ts). */
  settleOrphans(deps: OrphanDeps, isManaged: (id: string) => boolean): Promise<OrphanIntentsResult>;
  /** What is wrong with a status document of the audit branch as this dialect's status (undefined: nothing). */
  statusProblem(name: string, document: unknown): string | undefined;
  authenticate(): Promise<void>;
  health(): ApiHealth;
  /** ML_WEBHOOK_URL as a CXone webhook, where the dialect's API has webhooks (the tutorial's). */
  registerWebhook?(url: string, log: Logger): Promise<unknown>;
}

/** The tutorial's campaigns over the tutorial API (versioned PUTs, the remote simulation). */
export function tutorialTarget(cxone: CxoneClient): ReconcileTarget {
  return {
    kind: 'CampaignWeights',
    noun: 'campaign',
    capabilities: TUTORIAL_CAPABILITIES,
    objects: (validation) => validation.campaigns.map(campaignObject),
    async sweep(call) {
      const invalid: string[] = [];
      const listed = await cxone.listCampaigns({ priority: call?.priority ?? 'sweep', onInvalid: ({ id }) => id !== undefined && invalid.push(id) });
      const swept = new Map<string, LiveCampaign | typeof READ_AFRESH>(listed.map((campaign) => [campaign.id, campaign]));
      // Listed but not valid: its reconcile reads it afresh (not from its cache) and says what is wrong.
      for (const id of invalid) if (!swept.has(id)) swept.set(id, READ_AFRESH);
      return swept;
    },
    reconcile: (deps, { object, observed, ...input }) => reconcileCampaign({ ...deps, cxone }, { ...input, campaign: object.desired as CampaignSpec, observed: observed as LiveCampaign | null | undefined | typeof READ_AFRESH }),
    settleOrphans: (deps, isManaged) => settleOrphanIntents({ ...deps, dialect: createTutorialDialect(cxone), model: tutorialModel }, isManaged),
    statusProblem: statusDocumentProblem,
    authenticate: () => cxone.authenticate(),
    health: () => cxone.health(),
    registerWebhook: (url, log) => registerMlWebhook(cxone, url, log),
  };
}

/** The real CXone's outbound skills over the skills API (emulated compare-and-set, live analysis). */
export function skillTarget(client: CxoneSkillsClient, options: SkillResourceOptions = {}): ReconcileTarget {
  const resource = skillResource(client, options);
  const { dialect } = resource;
  return {
    kind: dialect.kind,
    noun: 'skill',
    capabilities: dialect.capabilities,
    objects: (validation) => validation.skills.map(skillObject),
    sweep: (call) => dialect.sweep(call),
    async reconcile(deps, { object, observed, previous, onRecorded, ...input }) {
      // The shell keeps every dialect's status as a CampaignState: it reads only the fields every
      // dialect shares (status, hold, incidents, history); settings are shown field by field.
      const outcome = await reconcileResource<SkillTypes>(
        { ...deps, resource },
        {
          ...input,
          campaign: object.desired as SkillSpec,
          previous: previous as unknown as StateOf<SkillTypes>,
          observed: observed as LiveSkill | null | undefined | typeof READ_AFRESH,
          ...(onRecorded ? { onRecorded: (state) => onRecorded(state as unknown as CampaignState) } : {}),
        },
      );
      return { ...outcome, state: outcome.state as unknown as CampaignState };
    },
    settleOrphans: (deps, isManaged) => settleOrphanIntents<SkillTypes>({ ...deps, dialect, model: resource.model }, isManaged),
    statusProblem: skillStatusDocumentProblem,
    authenticate: () => client.authenticate(),
    health: () => client.health(),
  };
}

/** A tutorial campaign as the shell sees it. */
export function campaignObject(campaign: CampaignSpec): ShellObject {
  return { ...identityOf(campaign, campaign.campaignId), changeKey: campaignFingerprint(campaign), desired: campaign };
}

/** An outbound skill as the shell sees it: a change of its managed fields or sync policy is a change. */
export function skillObject(skill: SkillSpec): ShellObject {
  return { ...identityOf(skill, String(skill.skillId)), changeKey: changeFingerprint([skill.groups, skill.sync.policy]), desired: skill };
}

function identityOf(desired: { name: string; path: string; labels: Record<string, string>; sync: { policy: SyncPolicy } }, campaignId: string): Omit<ShellObject, 'changeKey' | 'desired'> {
  return { name: desired.name, campaignId, path: desired.path, labels: desired.labels, sync: desired.sync };
}
