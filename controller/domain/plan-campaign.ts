/**
 * Plans one campaign: compares the desired file with the live campaign (and with what was last
 * applied from Git, when that is known) and decides what an apply would do. Pure: the plan carries
 * the live `version` it was computed against, and an apply of this plan must send that version
 * (plan-time version binding).
 */
import type { Weights } from './dialer-weights.js';
import type { CampaignSpec } from './campaign-spec.js';
import type { CampaignStatusName } from './campaign-status.js';
import { desiredSettings, liveSettings, updateFor, type DialerSettings } from './dialer-settings.js';
import { diffSettings, sameSettings, type FieldChange } from './diff-settings.js';
import type { SyncPolicy } from './desired-state-documents.js';
import type { CampaignUpdate, LiveCampaign } from './live-campaign.js';
import { checkSignificance } from './significance-rule.js';

/** What was last applied from Git to a campaign (from the controller's status record). */
export interface AppliedState<S = DialerSettings> {
  /** The Git revision the settings came from. */
  revision: string;
  /** The settings live held right after the write (the write's read-back: what the API kept). */
  settings: S;
  /**
   * The desired settings that were sent. When the API normalises values (rounds 0.123 to 0.1), live
   * equal to `settings` while the file still says `desired` is in sync at the API's precision.
   * Absent in records written before it existed: `settings` then stands for both.
   */
  desired?: S;
  /** The weights as the file set them (the significance rule compares the keys both sides have). */
  weights: Weights;
  /** The live version our apply produced, when known. */
  version?: number;
  /** How the settings came to be live: written by an apply, found matching (adopted), put back (rollback). */
  via?: 'applied' | 'adopted' | 'rolled-back';
}

export interface PlanCampaignInput {
  desired: CampaignSpec;
  /** Undefined when CXone has no campaign with the file's id. */
  live?: LiveCampaign;
  lastApplied?: AppliedState;
  /** How CXone names this controller's API client in `modifiedBy` (`api:<client id>`). */
  actor?: string;
}

/**
 * - `none`: live matches Git;
 * - `update`: Git changed, apply it;
 * - `heal`: only live changed (drift), put Git's settings back;
 * - `observe`: differs, but the policy is observe: report only;
 * - `suspended`: the policy is suspend: left alone;
 * - `blocked`: a rule stops the change (see `block`);
 * - `not-found`: CXone has no campaign with this id;
 * - `held` (only with the campaign's history, decide-campaign.ts): a hold on these desired settings
 *   ("needs a human": rolled back, paused, failed): nothing is written;
 * - `verify` (only with the history): an accepted apply waits for its verdict.
 */
export type PlanAction = 'none' | 'update' | 'heal' | 'observe' | 'suspended' | 'blocked' | 'not-found' | 'held' | 'verify';

export interface CampaignPlan {
  name: string;
  campaignId: string;
  path: string;
  policy: SyncPolicy;
  action: PlanAction;
  status: CampaignStatusName;
  reason: string;
  /** The live version this plan was computed against; an apply must send it. */
  liveVersion?: number;
  /** Live → desired, field by field. */
  changes: FieldChange[];
  /** Last applied → live: what was changed outside Git (empty when unknown or none). */
  drift: FieldChange[];
  /** Live differs from Git and was last changed by someone other than this controller. */
  drifted: boolean;
  block?: { rule: string; message: string };
  /** The PUT an apply sends (for update and heal). */
  update?: CampaignUpdate;
  /** Who last changed the live campaign, and when. */
  lastModified?: { by?: string; at?: string };
}

function count(changes: readonly FieldChange[]): string {
  return changes.length === 1 ? '1 field differs' : `${changes.length} fields differ`;
}

export function planCampaign({ desired, live, lastApplied, actor }: PlanCampaignInput): CampaignPlan {
  const base = { name: desired.name, campaignId: desired.campaignId, path: desired.path, policy: desired.sync.policy };
  if (!live) {
    return {
      ...base,
      action: 'not-found',
      status: 'Failed',
      reason: `CXone has no campaign ${desired.campaignId}: check metadata.campaignId in ${desired.path}`,
      changes: [],
      drift: [],
      drifted: false,
    };
  }
  const wanted = desiredSettings(desired);
  const current = liveSettings(live);
  const changes = diffSettings(current, wanted);
  const drift = lastApplied ? diffSettings(lastApplied.settings, current) : [];
  const lastModified = { by: live.modifiedBy, at: live.dateModified };
  const changedByOthers = actor !== undefined && live.modifiedBy !== undefined && live.modifiedBy !== actor;
  // Our own writes are never someone else's drift, even when our record of the last apply is
  // behind (a takeover, or a second controller); someone else's write after our last apply is
  // drift even when it put back the settings we last applied.
  const ours = actor !== undefined && live.modifiedBy === actor;
  const touchedByOthers = changedByOthers && lastApplied?.version !== undefined && live.version > lastApplied.version;
  const drifted = changes.length > 0 && !ours && (lastApplied ? drift.length > 0 || touchedByOthers : changedByOthers);
  // Without a record of the last apply, a campaign last changed by someone else is taken to hold
  // Git's settings changed outside Git (drift to heal), not a change of Git to judge.
  const gitChanged = lastApplied ? !sameSettings(lastApplied.desired ?? lastApplied.settings, wanted) : !changedByOthers;
  const plan = { ...base, liveVersion: live.version, changes, drift, drifted, lastModified };
  const who = live.modifiedBy ? ` by ${live.modifiedBy}${live.dateModified ? ` at ${live.dateModified}` : ''}` : '';

  if (changes.length === 0) return { ...plan, action: 'none', status: 'Synced', reason: 'live matches Git' };
  if (lastApplied && !gitChanged && drift.length === 0) {
    // Live is what the API kept of Git's settings when they were written (it normalised them): in sync.
    return { ...plan, changes: [], drifted: false, action: 'none', status: 'Synced', reason: "live matches Git at the API's precision (the API normalised the written values)" };
  }
  if (desired.sync.policy === 'suspend') {
    return { ...plan, action: 'suspended', status: 'Suspended', reason: `sync.policy is suspend: ${count(changes)}, left alone` };
  }
  const status: CampaignStatusName = drifted ? 'Drifted' : 'OutOfSync';
  if (desired.sync.policy === 'observe') {
    const what = drifted ? `changed outside Git${who}` : 'differs from Git';
    return { ...plan, action: 'observe', status, reason: `live ${what} (${count(changes)}); sync.policy is observe: report only` };
  }
  if (gitChanged) {
    const baseline = lastApplied?.weights ?? live.predictiveDialerSettings.parameterWeights;
    const blocked = checkSignificance(desired, baseline);
    if (blocked) return { ...plan, action: 'blocked', status: 'Blocked', reason: blocked.message, block: { rule: 'significance', message: blocked.message } };
  }
  const update = updateFor(desired);
  if (drifted && !gitChanged) {
    return { ...plan, action: 'heal', status, update, reason: `live was changed outside Git${who} (${count(changes)}): put Git's settings back` };
  }
  const reason = drifted ? `Git changed and live was also changed outside Git${who}: apply Git` : `Git changed (${count(changes)}): apply`;
  return { ...plan, action: 'update', status, update, reason };
}
