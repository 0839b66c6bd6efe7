/** CampaignSpec and LiveCampaign builders for unit tests of the pure planning steps. */
import type { CampaignSpec } from '../../controller/domain/campaign-spec.js';
import type { LiveCampaign } from '../../controller/domain/live-campaign.js';

export function campaignSpec(overrides: Partial<CampaignSpec> = {}): CampaignSpec {
  return {
    name: 'spring-renewals',
    campaignId: 'a1b2c3d4-e5f6-7890-abcd-ef1234567890',
    labels: { team: 'retention' },
    path: 'desired-state/spring-renewals.yaml',
    algorithmId: 'CXONE_PREDICTIVE_V3',
    parameterWeights: { answer_rate: 0.12, call_rate: -0.08, predictive_factor: 0.18 },
    validationSplit: 0.8,
    maxDeviationLimit: 0.2,
    convergenceThreshold: 0.05,
    configuration: { enablePredictiveTuning: true, simulationTrigger: 'automatic', driftProtection: true },
    sync: { policy: 'enforce' },
    simulation: { durationSeconds: 300, maxAbandonRate: 0.03, onFailure: 'rollback', profile: {} },
    positions: { name: { line: 5, column: 9 }, campaignId: { line: 6, column: 15 }, parameterWeights: { line: 11, column: 5 } },
    ...overrides,
  };
}

export function liveCampaign(spec: CampaignSpec, overrides: Partial<LiveCampaign> = {}): LiveCampaign {
  return {
    id: spec.campaignId,
    name: spec.name,
    predictiveDialerSettings: {
      algorithmId: spec.algorithmId,
      parameterWeights: { ...spec.parameterWeights },
      validationSplit: spec.validationSplit,
      maxDeviationLimit: spec.maxDeviationLimit,
      convergenceThreshold: spec.convergenceThreshold,
    },
    configuration: { ...spec.configuration },
    version: 4,
    modifiedBy: 'api:cxone-gitops',
    dateModified: '2026-11-20T10:00:00.000Z',
    ...overrides,
  };
}
