/** Campaign bodies for tests, as `POST /emulator/campaigns` takes them. */
export const CAMPAIGN_ID = 'a1b2c3d4-e5f6-7890-abcd-ef1234567890';

export function sampleSettings(weights: Record<string, number> = { answer_rate: 0.1, predictive_factor: 0.15 }) {
  return {
    algorithmId: 'CXONE_PREDICTIVE_V3',
    parameterWeights: weights,
    validationSplit: 0.8,
    maxDeviationLimit: 0.2,
    convergenceThreshold: 0.05,
  };
}

export function sampleCampaign(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { id: CAMPAIGN_ID, name: 'spring-renewals', predictiveDialerSettings: sampleSettings(), ...overrides };
}
