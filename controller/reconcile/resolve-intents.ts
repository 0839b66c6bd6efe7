/**
 * PUTs sent by a previous run that was killed before recording them: record those that happened
 * (docs/architecture.md, I1). Run once at start-up, before any reconcile.
 */
import type { CxoneClient } from '../adapters/cxone/cxone-client.js';
import type { Logger } from '../adapters/logging/logger.js';
import { intentOutcome, type IntentLog } from './apply-intents.js';
import type { AuditSink } from './reconcile-campaign.js';

export async function resolveIntents(deps: { cxone: CxoneClient; intents?: IntentLog; audit: AuditSink; actor: string; log: Logger }): Promise<void> {
  const { cxone, intents, audit, actor, log } = deps;
  for (const intent of intents?.pending() ?? []) {
    const live = await cxone.getCampaign(intent.campaignId, { priority: 'apply' }).catch(() => undefined);
    const outcome = intentOutcome(intent, live, actor);
    if (outcome === 'yes') {
      log.warn({ campaign: intent.record.campaign, version: live?.version }, 'recording a PUT the previous run made but did not record');
      await audit.record({ ...intent.record, recovered: true });
    } else if (outcome === 'unknown') {
      log.warn({ campaign: intent.record.campaign, version: live?.version }, 'a PUT of the previous run may have been applied: recorded as uncertain');
      await audit.record({
        ...intent.record,
        recovered: true,
        uncertain: true,
        reason: `the controller stopped during this PUT and the campaign has changed since (now v${live?.version ?? '?'}): it may or may not have been applied`,
      });
    }
    await intents?.end(intent.id);
  }
}
