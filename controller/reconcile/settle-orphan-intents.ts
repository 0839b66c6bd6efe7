/**
 * Open writes of objects no longer managed (I1, I2 in docs/architecture.md, "Deleted files"): a
 * write whose answer was lost, or whose process was killed, and whose file was then deleted has no
 * reconcile left to settle it. The shell settles such intents when it loads a generation and at
 * every sweep: each is judged against a fresh read as `recover-writes.ts` does — applied → its
 * record (the intent's id, `recovered`), and an apply's verification is recorded as superseded by
 * the deletion (nothing is verified or rolled back for an object that is no longer managed; its
 * live settings are left as they are); not applied → dropped; cannot tell → recorded `uncertain`.
 * An object that cannot be read keeps its intent until the next try.
 */
import type { Logger } from '../adapters/logging/logger.js';
import type { AuditRecord } from '../domain/audit-record.js';
import { acceptedTimeOf, mayJudgeIntents, unprovenMark, type ApplyIntent, type IntentLog } from './apply-intents.js';
import { applyName, recordedVersions, whenNamed } from './version-names.js';
import { recordBuilders } from './audit-records.js';
import type { Dialect } from './dialect.js';
import type { ResourceModel, ResourceTypes } from './resource-model.js';

export interface OrphanIntentDeps<T extends ResourceTypes> {
  dialect: Dialect<T['desired'], T['live'], T['write']>;
  model: Pick<ResourceModel<T>, 'writeOf'>;
  intents: IntentLog | undefined;
  audit: { record(record: AuditRecord): Promise<void> };
  actor: string;
  now: () => Date;
  newId: () => string;
  log: Logger;
  signal?: AbortSignal;
}

export interface OrphanIntentsResult {
  /** Intents recorded (applied or uncertain) or dropped (not applied). */
  settled: number;
  /** Intents kept: their object could not be read. */
  kept: number;
}

type Judged = 'yes' | 'no' | 'unknown' | 'unreadable';

async function judge<T extends ResourceTypes>(deps: OrphanIntentDeps<T>, intent: ApplyIntent): Promise<{ judged: Judged; live?: T['live'] }> {
  let live: T['live'] | undefined;
  try {
    live = await deps.dialect.observe(intent.campaignId, { priority: 'sweep', signal: deps.signal });
  } catch (error) {
    deps.log.warn({ campaign: intent.record.campaign, err: error }, 'cannot read a deleted campaign to settle its open write: trying again at the next sweep');
    return { judged: 'unreadable' };
  }
  // Gone from CXone too: whether the write happened before it went cannot be told.
  if (live === undefined) return { judged: 'unknown' };
  const write = deps.model.writeOf(intent.settings as T['written'], intent.campaignId);
  return { judged: deps.dialect.judgeIntent({ objectId: intent.campaignId, fromVersion: intent.fromVersion, write }, live, deps.actor), live };
}

async function recordApplied<T extends ResourceTypes>(deps: OrphanIntentDeps<T>, intent: ApplyIntent, live: T['live']): Promise<void> {
  const version = deps.dialect.versionOf(live);
  const time = deps.now().toISOString();
  const acceptedAt = acceptedTimeOf(intent);
  const names = deps.dialect.capabilities;
  await deps.audit.record(recordedVersions(names, { ...intent.record, time, recovered: true, ...(acceptedAt ? { acceptedAt } : {}), ...(intent.record.outcome === 'applied' || intent.record.outcome === 'rolled-back' ? { toVersion: version } : {}), ...unprovenMark(intent, names.versionedWrites) } as AuditRecord));
  if (intent.effect?.kind !== 'apply') return;
  const { campaign, campaignId, desiredRevision } = intent.record;
  const records = recordBuilders({ campaign, campaignId, revision: desiredRevision ?? intent.effect.verification.revision, newId: deps.newId, now: deps.now });
  const reason = `the file of ${campaign} was deleted before ${applyName(names, version)} was verified: the campaign is no longer managed and its live settings are left as they are`;
  await deps.audit.record(recordedVersions(names, records.verdict('verification-superseded', { version, verification: intent.effect.verification.kind, reason }) as AuditRecord));
}

/** Settles every pending intent whose object `managed` does not name. */
export async function settleOrphanIntents<T extends ResourceTypes>(deps: OrphanIntentDeps<T>, managed: (objectId: string) => boolean): Promise<OrphanIntentsResult> {
  const orphans = (deps.intents?.pending() ?? []).filter((intent) => !managed(intent.campaignId));
  const result: OrphanIntentsResult = { settled: 0, kept: 0 };
  for (const [index, intent] of orphans.entries()) {
    if (deps.signal?.aborted) break;
    const { judged, live } = await judge(deps, intent);
    // The lead may have been lost during the read: the leader owns the rest (IntentLog.mayJudge).
    if (!mayJudgeIntents(deps.intents)) {
      result.kept += orphans.length - index;
      break;
    }
    if (judged === 'unreadable') {
      result.kept += 1;
      continue;
    }
    const name = intent.record.campaign;
    if (judged === 'yes') {
      deps.log.warn({ campaign: name }, 'recording a write CXone accepted for a campaign whose file was deleted');
      await recordApplied(deps, intent, live as T['live']);
    } else if (judged === 'unknown') {
      const now = live === undefined ? 'it is no longer in CXone' : `it has changed since${whenNamed(deps.dialect.capabilities, () => ` (now v${deps.dialect.versionOf(live)})`)}`;
      const reason = `the controller lost track of this write and the file of ${name} was deleted; ${now}: it may or may not have been applied`;
      await deps.audit.record(recordedVersions(deps.dialect.capabilities, { ...intent.record, time: deps.now().toISOString(), recovered: true, uncertain: true, reason } as AuditRecord));
    }
    await deps.intents?.end(intent.id);
    result.settled += 1;
  }
  return result;
}
