/**
 * Generated campaigns for `--campaigns N`: realistic, deterministic for a seed, valid for the API,
 * so demos and benchmarks have as many campaigns as they need.
 */
import { WEIGHT_KEYS, type Weights } from '../controller/simulation/types.js';
import { seededRandom } from './seeded-random.js';

const TEAMS = ['retention', 'collections', 'sales', 'service', 'renewals'];
const TOPICS = ['renewals', 'arrears', 'upsell', 'survey', 'winback', 'reminder', 'leads', 'onboarding'];

function uuidFrom(random: () => number): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(random() * 16).toString(16)).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${'89ab'[Math.floor(random() * 4)]}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function round(value: number, digits = 2): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/** Campaign bodies as `POST /emulator/campaigns` takes them. */
export function generateCampaigns(count: number, seed: number): Array<Record<string, unknown>> {
  const random = seededRandom(seed ^ 0x5eed);
  return Array.from({ length: count }, (_, index) => {
    const maxDeviationLimit = round(0.1 + random() * 0.3);
    const weights: Weights = {};
    for (const key of WEIGHT_KEYS) {
      if (random() < 0.7) weights[key] = round((random() * 2 - 1) * maxDeviationLimit);
    }
    const team = TEAMS[index % TEAMS.length]!;
    const topic = TOPICS[Math.floor(random() * TOPICS.length)]!;
    return {
      id: uuidFrom(random),
      name: `${team}-${topic}-${String(index + 1).padStart(5, '0')}`,
      predictiveDialerSettings: {
        algorithmId: 'CXONE_PREDICTIVE_V3',
        parameterWeights: weights,
        validationSplit: round(0.6 + random() * 0.25),
        maxDeviationLimit,
        convergenceThreshold: round(0.01 + random() * 0.05, 3),
      },
      operatingProfile: { agents: 10 + Math.floor(random() * 90), answerProbability: round(0.15 + random() * 0.2) },
    };
  });
}
