/**
 * Settles the writes of this campaign whose fate was left open (I1, I2 in docs/architecture.md): a
 * process killed between the write and its record, an answer lost with the re-read failing too, a
 * journal write that failed after CXone accepted. Reads the campaign fresh; an applied write gets
 * its record (the same id, so never twice) and an apply goes on to its verification; a write that
 * did not happen is dropped; one that cannot be told apart is recorded `uncertain`. When the
 * campaign cannot be read the intents stay and the reconcile fails as WriteUnsettled (retried).
 */
import type { CampaignState } from '../domain/campaign-state.js';
import { liveSettings } from '../domain/dialer-settings.js';
import type { LiveCampaign } from '../domain/live-campaign.js';
import { pendingIntentsOf, type ApplyIntent } from './apply-intents.js';
import { appliedState } from './applied-state.js';
import type { ReconcileContext } from './reconcile-context.js';
import type { ReconcileRecord } from './audit-records.js';
import { rolledBackState } from './roll-back.js';
import { unsettled } from './write-phase.js';

function recoveredState(ctx: ReconcileContext, state: CampaignState, intent: ApplyIntent, live: LiveCampaign): CampaignState {
  const effect = intent.effect;
  if (effect?.kind === 'apply') return appliedState(state, { verification: effect.verification, weights: effect.weights, live, at: ctx.at() });
  if (effect?.kind === 'rollback') return rolledBackState(ctx, state, live, effect.revision, `${effect.hold.message} (now v${live.version}; its answer was lost, recovered)`);
  return { ...state, liveVersion: live.version, live: liveSettings(live) };
}

async function settleIntent(ctx: ReconcileContext, state: CampaignState, intent: ApplyIntent, live: LiveCampaign | undefined): Promise<CampaignState> {
  const { dialect, deps } = ctx;
  const write = { predictiveDialerSettings: intent.settings };
  const judged = dialect.judgeIntent({ objectId: intent.campaignId, fromVersion: intent.fromVersion, write }, live, deps.actor);
  if (judged === 'no' || !live) {
    await deps.intents?.end(intent.id);
    return state;
  }
  const record = { ...intent.record, time: ctx.at(), recovered: true } as ReconcileRecord;
  if (judged === 'unknown') {
    const reason = `the controller lost track of this write and the campaign has changed since (now v${live.version}): it may or may not have been applied`;
    ctx.log.warn({ campaign: ctx.campaign.name, version: live.version }, 'a write may have been applied: recorded as uncertain');
    await ctx.record({ ...record, uncertain: true, reason } as ReconcileRecord, state);
    await deps.intents?.end(intent.id);
    return state;
  }
  ctx.log.warn({ campaign: ctx.campaign.name, version: live.version }, 'recording a write CXone accepted whose record was not written');
  const next = recoveredState(ctx, state, intent, live);
  await ctx.record({ ...record, toVersion: live.version } as ReconcileRecord, next);
  await deps.intents?.end(intent.id);
  return next;
}

/** Settles every open write of the campaign; returns the state and the fresh observation (when one was needed). */
export async function recoverWrites(ctx: ReconcileContext, state: CampaignState): Promise<{ state: CampaignState; live?: LiveCampaign | undefined; observed: boolean }> {
  const intents = pendingIntentsOf(ctx.deps.intents, ctx.dialect.idOf(ctx.campaign));
  if (intents.length === 0) return { state, observed: false };
  let live: LiveCampaign | undefined;
  try {
    live = await ctx.dialect.observe(ctx.dialect.idOf(ctx.campaign), { priority: 'apply', signal: ctx.signal });
  } catch (error) {
    throw unsettled(`cannot read ${ctx.campaign.name} to settle its open write`, error);
  }
  let next = state;
  for (const intent of intents) next = await settleIntent(ctx, next, intent, live);
  return { state: next, live, observed: true };
}
