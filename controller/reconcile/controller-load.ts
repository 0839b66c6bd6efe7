/**
 * Loading a revision into the controller shell (docs/architecture.md, "The controller shell"): the
 * files read and validated into one generation, swapped in with one assignment; what changed from
 * the last one (added, changed, invalid, deleted) reported and queued.
 */
import { randomUUID } from 'node:crypto';
import { loadDesiredState } from '../adapters/fs/load-desired-state.js';
import type { DesiredStateSnapshot, FetchSchedule } from '../adapters/git/git-source-types.js';
import { initialState, withHistory } from '../domain/campaign-state.js';
import type { Diagnostic } from '../domain/diagnostic.js';
import type { DesiredStateValidation } from '../domain/validate-desired-state.js';
import { mapInSlices } from '../lib/in-slices.js';
import type { WorkReason } from '../scheduler/work-queue.js';
import { invalidFileConditions } from './controller-incidents.js';
import { globalConditions, type Shell } from './controller-shell.js';
import type { ReconcileTarget, ShellObject } from './reconcile-target.js';
import { settleOrphans, sweepAll } from './controller-sweep.js';
import type { DeletedCampaign } from './controller-types.js';
import { diffGenerations, generationOf } from './desired-generation.js';
import { invalidReason, invalidRecord, type InvalidCampaign } from './invalid-record.js';

const DELETED_KEPT = 100;

/** Campaigns whose file became invalid: Invalid, and one audit record for all of them (invalid-record.ts). */
async function markInvalid(shell: Shell, invalid: ReadonlyArray<{ name: string; diagnostics: readonly Diagnostic[] }>, revision: string): Promise<void> {
  const { states, now } = shell;
  const newly: InvalidCampaign[] = [];
  for (const { name, diagnostics } of invalid) {
    const previous = states.get(name);
    if (!previous) continue;
    const state = await shell.incidents.forCampaign(withHistory({ ...previous, status: 'Invalid', reason: invalidReason(diagnostics), desiredRevision: revision }, now().toISOString()), 'enforce');
    states.set(name, state);
    if (previous.status !== 'Invalid') newly.push({ state, diagnostics });
  }
  const grouped = invalidRecord(newly, revision, randomUUID(), now().toISOString());
  if (grouped) await shell.records.record(grouped.record, grouped.statuses);
}

/** A campaign whose file is gone is no longer managed: reported, live left as it is. */
async function markDeleted(shell: Shell, name: string, revision: string, silently: boolean): Promise<void> {
  const { states, deleted } = shell;
  const state = states.get(name);
  if (!state) return;
  shell.queue.forget(name);
  states.delete(name);
  if (silently) return;
  const entry: DeletedCampaign = { name, campaignId: state.campaignId, path: state.path, deletedAt: shell.now().toISOString(), revision };
  deleted.push(entry);
  if (deleted.length > DELETED_KEPT) deleted.shift();
  shell.log.warn({ campaign: name, path: state.path }, 'campaign file deleted: no longer managed, live settings left as they are');
  await shell.records.record(
    { id: randomUUID(), time: entry.deletedAt, campaign: name, campaignId: state.campaignId, outcome: 'deleted', desiredRevision: revision, reason: `${state.path} was deleted: the campaign is no longer managed; its live settings are left as they are` },
    { name, document: { ...state, status: 'Deleted', reason: 'file deleted' } },
  );
}

/**
 * The target's objects of a loaded revision, built a slice of the campaigns (or skills) at a time:
 * for 10,000 files this is a quarter of a second of CPU, which in one go would hold /healthz
 * (docs/architecture.md, "Scale").
 */
async function objectsInSlices(target: ReconcileTarget, validation: DesiredStateValidation): Promise<ShellObject[]> {
  // Each dialect reads one of the two lists (reconcile-target.ts): each is sliced on its own, in order.
  const campaigns = await mapInSlices(validation.campaigns, (slice) => target.objects({ ...validation, campaigns: [...slice], skills: [] }));
  const skills = await mapInSlices(validation.skills, (slice) => target.objects({ ...validation, campaigns: [], skills: [...slice] }));
  return [...campaigns, ...skills];
}

export async function loadGeneration(shell: Shell, snapshot: DesiredStateSnapshot, reason: WorkReason): Promise<void> {
  const { options, states, target } = shell;
  // Paths relative to the repository, as the CLI shows them, not into the data directory (README, "Dashboard").
  const readOptions = snapshot.repoPath === undefined ? {} : { displayRoot: snapshot.repoPath };
  const loaded = await (options.loadDesiredState ? options.loadDesiredState(snapshot.dir, readOptions) : loadDesiredState(snapshot.dir, undefined, readOptions));
  const next = generationOf(snapshot, loaded.validation, loaded.diagnostics, await objectsInSlices(target, loaded.validation));
  const before = shell.generation;
  const changes = diffGenerations(before, next, [...states.values()]);
  shell.generation = next; // the one assignment: every reconcile from here on sees the whole of `next`
  for (const campaign of next.campaigns.values()) {
    const known = states.get(campaign.name);
    // A status restored from the audit branch keeps its history; its path is the generation's.
    if (!known) states.set(campaign.name, initialState(campaign));
    else if (known.path !== campaign.path) states.set(campaign.name, { ...known, path: campaign.path });
  }
  await markInvalid(shell, changes.invalid, snapshot.revision);
  for (const name of changes.deleted) {
    // A status restored at start-up for a campaign never applied and no longer in Git is dropped quietly.
    await markDeleted(shell, name, snapshot.revision, before === undefined && !states.get(name)?.lastAppliedRevision);
  }
  await settleOrphans(shell);
  shell.fileConditions = invalidFileConditions(next.invalidFiles);
  await shell.incidents.refreshGlobal(globalConditions(shell));
  if (!next.policy) {
    shell.log.error({ diagnostics: next.invalidFiles.length }, 'the policy file is invalid: nothing is applied until it is fixed');
    return;
  }
  // Only campaigns whose desired settings changed need the commit's priority; the rest wait for the sweep.
  if (reason === 'commit') await shell.queue.addAll([...changes.added, ...changes.changed], 'commit');
  else await sweepAll(shell, reason);
}

/** A fetch of the git source ended (`error` undefined: it worked): its health, and the global incidents. */
export async function fetched(shell: Shell, error: unknown, schedule?: FetchSchedule): Promise<void> {
  if (error === undefined) shell.sourceHealth.succeeded();
  else shell.sourceHealth.failed(error, schedule);
  await shell.incidents.refreshGlobal(globalConditions(shell));
}

/** Syncs the git source and loads a new revision (or, at start-up, the same one), one sync at a time. */
export function syncFromGit(shell: Shell, reason: WorkReason): Promise<void> {
  shell.syncing = shell.syncing.then(async () => {
    if (shell.stopping.signal.aborted) return;
    try {
      const next = await shell.options.source.sync();
      await fetched(shell, undefined);
      if (shell.generation && next.revision === shell.generation.snapshot.revision && reason !== 'startup') return;
      shell.log.info({ revision: next.revision, subject: next.subject }, 'desired state loaded');
      await loadGeneration(shell, next, reason);
    } catch (error) {
      shell.log.error({ err: error }, 'cannot read the desired state from Git');
      await fetched(shell, error);
    }
  });
  return shell.syncing;
}
