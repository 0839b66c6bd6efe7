/**
 * `--from DIR`: seeds the emulator with the campaigns a desired-state directory names, so a demo
 * has live campaigns to reconcile. Every third campaign starts with one weight slightly off, as if
 * a supervisor had changed it in the CXone UI, so there is drift to find.
 */
import { loadDesiredState } from '../controller/adapters/fs/load-desired-state.js';
import type { CampaignSpec } from '../controller/domain/campaign-spec.js';
import { formatDiagnostic } from '../controller/domain/diagnostic.js';
import { WEIGHT_KEYS } from '../controller/simulation/types.js';
import { seededRandom } from './seeded-random.js';

const SUPERVISORS = ['ui:maria.lopez', 'ui:sam.okafor', 'ui:li.wei'];

/** The live campaign of a desired one; `drift` moves one weight by a small amount. */
export function liveCampaignFor(campaign: CampaignSpec, drift?: { random: () => number; modifiedBy: string }): Record<string, unknown> {
  const parameterWeights = { ...campaign.parameterWeights };
  if (drift) {
    const keys = Object.keys(parameterWeights).length > 0 ? Object.keys(parameterWeights) : [...WEIGHT_KEYS];
    const key = keys[Math.floor(drift.random() * keys.length)] as keyof typeof parameterWeights;
    const step = (drift.random() < 0.5 ? -1 : 1) * (0.02 + Math.round(drift.random() * 3) / 100);
    parameterWeights[key] = Math.round(Math.max(-1, Math.min(1, (parameterWeights[key] ?? 0) + step)) * 100) / 100;
  }
  return {
    id: campaign.campaignId,
    name: campaign.name,
    predictiveDialerSettings: {
      algorithmId: campaign.algorithmId,
      parameterWeights,
      validationSplit: campaign.validationSplit,
      maxDeviationLimit: campaign.maxDeviationLimit,
      convergenceThreshold: campaign.convergenceThreshold,
    },
    configuration: campaign.configuration,
    operatingProfile: campaign.simulation.profile,
    modifiedBy: drift?.modifiedBy ?? 'admin:seed',
  };
}

/** Reads DIR and returns campaign bodies for the emulator, and the problems of files it skipped. */
export async function loadDesiredStateCampaigns(dir: string, seed: number): Promise<{ campaigns: unknown[]; problems: string[] }> {
  const { validation, diagnostics } = await loadDesiredState(dir);
  const problems = diagnostics
    .filter((diagnostic) => diagnostic.severity === 'error')
    .map((diagnostic) => `skipped: ${formatDiagnostic(diagnostic)}`);
  const random = seededRandom(seed ^ 0xd1f7);
  const campaigns = validation.campaigns.map((campaign, index) =>
    liveCampaignFor(campaign, index % 3 === 1 ? { random, modifiedBy: SUPERVISORS[index % SUPERVISORS.length]! } : undefined),
  );
  return { campaigns, problems };
}
