/**
 * One generation of the desired state (docs/architecture.md, "The controller shell"): the git
 * snapshot, the policy, the campaigns and the invalid-file diagnostics of one revision, built
 * whole and swapped in with one assignment, so a reconcile never mixes two revisions.
 * `diffGenerations` (pure) says what changed between two of them.
 */
import { createHash } from 'node:crypto';
import type { DesiredStateSnapshot } from '../adapters/git/git-source-types.js';
import type { CampaignSpec } from '../domain/campaign-spec.js';
import type { ControllerPolicy } from '../domain/controller-policy.js';
import type { Diagnostic } from '../domain/diagnostic.js';
import { desiredSettings } from '../domain/dialer-settings.js';
import type { DesiredStateValidation } from '../domain/validate-desired-state.js';
import type { ShellObject } from './reconcile-target.js';

export interface DesiredGeneration {
  readonly snapshot: DesiredStateSnapshot;
  /** Undefined when the policy file is invalid: nothing is applied until it is fixed. */
  readonly policy: ControllerPolicy | undefined;
  /** The managed objects of the dialect (campaigns or skills: reconcile-target.ts), by name. */
  readonly campaigns: ReadonlyMap<string, ShellObject>;
  /** Error diagnostics only. */
  readonly invalidFiles: readonly Diagnostic[];
}

/** A generation from a loaded revision and the target's objects of it. */
export function generationOf(snapshot: DesiredStateSnapshot, validation: DesiredStateValidation, diagnostics: readonly Diagnostic[], objects: readonly ShellObject[]): DesiredGeneration {
  return Object.freeze({
    snapshot,
    policy: validation.policy,
    campaigns: new Map(objects.map((object) => [object.name, object])),
    invalidFiles: Object.freeze(diagnostics.filter((diagnostic) => diagnostic.severity === 'error')),
  });
}

/** A campaign the controller manages now: its name and the file it came from. */
export interface ManagedCampaign {
  name: string;
  path: string;
}

export interface GenerationChanges {
  /** Campaigns new in `after`. */
  added: string[];
  /** Campaigns in both whose desired settings or sync policy changed. */
  changed: string[];
  /** Managed campaigns whose file is now invalid: they keep their place and show Invalid, with these diagnostics. */
  invalid: Array<{ name: string; diagnostics: Diagnostic[] }>;
  /** Managed campaigns whose file is gone (or no longer holds them). */
  deleted: string[];
}

/**
 * What the shell compares to decide that an object's desired state changed (its `changeKey`): a
 * digest of the fields that matter, 40 characters held per object instead of their JSON.
 */
export function changeFingerprint(fields: unknown): string {
  return createHash('sha1').update(JSON.stringify(fields)).digest('hex');
}

/** A campaign's `changeKey`: its settings and its sync policy. */
export function campaignFingerprint(campaign: CampaignSpec): string {
  return changeFingerprint([desiredSettings(campaign), campaign.sync.policy]);
}

/**
 * What changed from `before` (undefined at start-up) to `after`, for the campaigns in `managed`
 * (the controller's states, restored from the audit branch at start-up).
 */
export function diffGenerations(before: DesiredGeneration | undefined, after: DesiredGeneration, managed: Iterable<ManagedCampaign>): GenerationChanges {
  const changes: GenerationChanges = { added: [], changed: [], invalid: [], deleted: [] };
  for (const [name, campaign] of after.campaigns) {
    const previous = before?.campaigns.get(name);
    if (!previous) changes.added.push(name);
    else if (previous.changeKey !== campaign.changeKey) changes.changed.push(name);
  }
  const byPath = new Map<string, Diagnostic[]>();
  for (const diagnostic of after.invalidFiles) byPath.set(diagnostic.path, [...(byPath.get(diagnostic.path) ?? []), diagnostic]);
  for (const { name, path } of managed) {
    if (after.campaigns.has(name)) continue;
    const diagnostics = byPath.get(path);
    if (diagnostics) changes.invalid.push({ name, diagnostics });
    else changes.deleted.push(name);
  }
  return changes;
}
