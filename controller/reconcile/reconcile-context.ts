/** What every phase of one reconcile shares: the object, the injected clock, ids and cancellation, the dialect. */
import { randomUUID } from 'node:crypto';
import type { Logger } from '../adapters/logging/logger.js';
import { recordBuilders, type RecordBuilders, type ReconcileRecord } from './audit-records.js';
import type { Dialect, VerificationKind } from './dialect.js';
import type { ResourceIdentity, ResourceModel, ResourceTypes, StateOf } from './resource-model.js';
import type { ResourceReconcileDeps, ResourceReconcileInput } from './reconcile-types.js';
import { recordedVersions } from './version-names.js';

export interface ReconcileContext<T extends ResourceTypes> {
  deps: ResourceReconcileDeps<T>;
  /** The desired object. */
  campaign: T['desired'];
  identity: ResourceIdentity;
  revision: string;
  fingerprint: string;
  dialect: Dialect<T['desired'], T['live'], T['write']>;
  model: ResourceModel<T>;
  verifiers: ReadonlyMap<string, VerificationKind<T['desired'], T['live']>>;
  records: RecordBuilders<T['written']>;
  now: () => Date;
  at: () => string;
  log: Logger;
  signal?: AbortSignal;
  /** Journals `record` with the object's status `state` (durable when it resolves). */
  record(record: ReconcileRecord<T['written']>, state: StateOf<T>): Promise<void>;
}

export function createReconcileContext<T extends ResourceTypes>(deps: ResourceReconcileDeps<T>, input: ResourceReconcileInput<T>): ReconcileContext<T> {
  const { campaign, revision } = input;
  const { dialect, model, verifiers } = deps.resource;
  const now = deps.now;
  const newId = deps.newId ?? randomUUID;
  const identity = model.identity(campaign);
  return {
    deps,
    campaign,
    identity,
    revision,
    fingerprint: model.fingerprint(campaign),
    dialect,
    model,
    verifiers,
    records: recordBuilders<T['written']>({ campaign: identity.name, campaignId: identity.campaignId, revision, newId, now }),
    now,
    at: () => now().toISOString(),
    log: deps.log,
    signal: input.signal ?? deps.signal,
    record: async (record, state) => {
      await deps.audit.record(recordedVersions(dialect.capabilities, record), { name: identity.name, document: state });
      input.onRecorded?.(state);
    },
  };
}
