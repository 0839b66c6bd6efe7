/** What every phase of one reconcile shares: the campaign, the injected clock, ids and cancellation, the dialect. */
import { randomUUID } from 'node:crypto';
import type { Logger } from '../adapters/logging/logger.js';
import type { CampaignSpec } from '../domain/campaign-spec.js';
import type { CampaignState } from '../domain/campaign-state.js';
import { desiredFingerprint } from '../domain/decide-campaign.js';
import type { CampaignUpdate, LiveCampaign } from '../domain/live-campaign.js';
import { recordBuilders, type RecordBuilders, type ReconcileRecord } from './audit-records.js';
import type { Dialect, VerificationKind } from './dialect.js';
import { REMOTE_SIMULATION, remoteSimulationVerification } from './remote-simulation-verification.js';
import type { ReconcileDeps, ReconcileInput } from './reconcile-types.js';
import { createTutorialDialect } from './tutorial-dialect.js';

export interface ReconcileContext {
  deps: ReconcileDeps;
  campaign: CampaignSpec;
  revision: string;
  fingerprint: string;
  dialect: Dialect<CampaignSpec, LiveCampaign, CampaignUpdate>;
  verifiers: ReadonlyMap<string, VerificationKind<CampaignSpec, LiveCampaign>>;
  records: RecordBuilders;
  now: () => Date;
  at: () => string;
  log: Logger;
  signal?: AbortSignal;
  /** Journals `record` with the campaign's status `state` (durable when it resolves). */
  record(record: ReconcileRecord, state: CampaignState): Promise<void>;
}

export function createReconcileContext(deps: ReconcileDeps, input: ReconcileInput): ReconcileContext {
  const { campaign, revision } = input;
  const now = deps.now;
  const newId = deps.newId ?? randomUUID;
  const verifiers =
    deps.verifiers ?? new Map([[REMOTE_SIMULATION, remoteSimulationVerification(deps.cxone, { ...deps.verification, now: () => now().getTime() })]]);
  return {
    deps,
    campaign,
    revision,
    fingerprint: desiredFingerprint(campaign),
    dialect: deps.dialect ?? createTutorialDialect(deps.cxone),
    verifiers,
    records: recordBuilders({ campaign: campaign.name, campaignId: campaign.campaignId, revision, newId, now }),
    now,
    at: () => now().toISOString(),
    log: deps.log,
    signal: input.signal ?? deps.signal,
    record: async (record, state) => {
      await deps.audit.record(record, { name: campaign.name, document: state });
      input.onRecorded?.(state);
    },
  };
}
