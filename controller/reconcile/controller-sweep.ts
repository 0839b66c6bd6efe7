/**
 * The controller shell's sweep (docs/architecture.md, "The controller shell"): every campaign read
 * with one request per list page and queued with what was read of it; the open writes of deleted
 * campaigns settled; the ML monitoring webhook registered once.
 */
import { randomUUID } from 'node:crypto';
import type { WorkReason } from '../scheduler/work-queue.js';
import { globalConditions, type Shell } from './controller-shell.js';
import { sweptReading } from './shared-listing.js';

/** Open writes of campaigns whose file was deleted: judged against live and recorded (docs/architecture.md, "Deleted files"). */
export async function settleOrphans(shell: Shell): Promise<void> {
  const { intents, audit, actor } = shell.options;
  if (!intents || shell.stopping.signal.aborted || !shell.mayWrite()) return;
  const managed = new Set([...shell.states.values()].map((state) => state.campaignId));
  for (const campaign of shell.generation?.campaigns.values() ?? []) managed.add(campaign.campaignId);
  if (intents.pending().every((intent) => managed.has(intent.campaignId))) return;
  const deps = { intents, audit, actor, now: shell.now, newId: randomUUID, log: shell.log, signal: shell.stopping.signal };
  const { settled, kept } = await shell.target.settleOrphans(deps, (id) => managed.has(id));
  shell.log.info({ settled, kept }, 'open writes of deleted campaigns settled');
}

/**
 * Registers the ML monitoring webhook once. A failure is not fatal: the next sweep tries again,
 * listing first, so a create whose answer was lost never leads to a duplicate.
 */
export async function ensureMlWebhook(shell: Shell): Promise<void> {
  const { mlWebhookUrl } = shell.options;
  const { target, log } = shell;
  // A dialect without a webhook API never gets here with ML_WEBHOOK_URL: the configuration refuses it (README "Real CXone").
  if (!mlWebhookUrl || !target.registerWebhook || shell.mlWebhookRegistered || !shell.mayWrite()) return;
  try {
    await target.registerWebhook(mlWebhookUrl, log);
    shell.mlWebhookRegistered = true;
  } catch (error) {
    log.warn({ err: error }, 'ML monitoring webhook not registered yet: trying again on the next sweep');
  }
}

/** Reads every campaign with one request per page, then queues them all, each with what was read of it. */
export async function sweepAll(shell: Shell, reason: WorkReason): Promise<void> {
  const current = shell.generation;
  if (shell.stopping.signal.aborted || !current?.policy) return;
  await ensureMlWebhook(shell);
  let observed: Map<string, unknown> | undefined;
  try {
    observed = await shell.target.sweep({ priority: 'sweep' });
    shell.lastSuccessfulSweepAt = shell.now().toISOString();
  } catch (error) {
    shell.log.warn({ err: error }, 'cannot list the campaigns: each is read on its own');
  }
  await shell.incidents.refreshGlobal(globalConditions(shell));
  await settleOrphans(shell);
  // Awaited: the queue adds in slices (the event loop runs between them), and the sweep is over when the last is in.
  await shell.queue.addAll([...current.campaigns.keys()], reason, (name) => (observed ? sweptReading(observed, current.campaigns.get(name)?.campaignId ?? '') : undefined));
}
