import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { adoptLiveSettings } from '../../../controller/domain/adopt-live-settings.js';
import type { LiveCampaign } from '../../../controller/domain/live-campaign.js';
import { REPO_ROOT } from '../../support/spawn-cli.js';

const FILE = readFileSync(`${REPO_ROOT}/desired-state/retention/spring-renewals.yaml`, 'utf8');

function live(weights: Record<string, number>, extra: Partial<LiveCampaign> = {}): LiveCampaign {
  return {
    id: 'a1b2c3d4-e5f6-7890-abcd-ef1234567890',
    name: 'spring-renewals',
    version: 7,
    predictiveDialerSettings: { algorithmId: 'CXONE_PREDICTIVE_V3', parameterWeights: weights, validationSplit: 0.8, maxDeviationLimit: 0.2, convergenceThreshold: 0.05 },
    configuration: { enablePredictiveTuning: true, simulationTrigger: 'automatic', driftProtection: true },
    ...extra,
  };
}

describe('adoptLiveSettings', () => {
  const original = { answer_rate: 0.12, call_rate: -0.08, predictive_factor: -0.1, max_concurrent: 0.05, agent_efficiency: -0.1 };

  it('changes only the drifted value and keeps every comment and the layout', () => {
    const result = adoptLiveSettings(FILE, live({ ...original, predictive_factor: 0.05 }));
    expect(result.changes).to.deep.equal(['spec.parameterWeights.predictive_factor: -0.1 → 0.05']);
    const before = FILE.split('\n');
    const after = result.text.split('\n');
    expect(after).to.have.length(before.length);
    const different = after.filter((line, index) => line !== before[index]);
    expect(different).to.deep.equal(['    predictive_factor: 0.05']);
    expect(result.text).to.include('# Spring renewals: warm outbound');
  });

  it('removes a weight that is unset live, adds a new one, and leaves unchanged defaults out', () => {
    const { answer_rate: _drop, ...rest } = original;
    const result = adoptLiveSettings(FILE, live({ ...rest }));
    expect(result.changes).to.deep.equal(['spec.parameterWeights.answer_rate: removed (unset live)']);
    expect(result.text).to.not.match(/answer_rate/);
    expect(result.text).to.not.match(/configuration:/);
    const configured = adoptLiveSettings(FILE, live(original, { configuration: { enablePredictiveTuning: true, simulationTrigger: 'manual', driftProtection: true } }));
    expect(configured.changes).to.deep.equal(['spec.configuration.simulationTrigger: (unset) → manual']);
  });

  it('reports nothing to do when the file already matches live', () => {
    expect(adoptLiveSettings(FILE, live(original)).changes).to.deep.equal([]);
  });
});
