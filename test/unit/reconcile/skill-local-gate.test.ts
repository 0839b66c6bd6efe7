import { expect } from 'chai';
import type { SkillSpec } from '../../../controller/domain/skill-spec.js';
import { simulateSkill, judgeSkillPrediction, skillGateInput } from '../../../controller/reconcile/skill-local-gate.js';

const OVERDIAL = { maximumRatio: 3, maxConcurrentCallsPerAgent: 3, aggressiveness: 'aggressive', abandonRateThreshold: 3, abandonRateCutoff: 10, percentageOfAgentsBeforeOverdial: 0 };

function skill(answerProbability: number): SkillSpec {
  return {
    kind: 'OutboundSkill', name: 'renewals-outbound', skillId: 1, groups: { generalSettings: OVERDIAL, cpaSettings: { abandonTimeout: 2 } },
    simulation: { maxAbandonRate: 0.03, durationSeconds: 3600, profile: { agents: 40, answerProbability, machineProbability: 0.05 } },
  } as unknown as SkillSpec;
}

describe('reconcile/skill-local-gate', () => {
  it('simulates an OutboundSkill with pc-v1 on the live groups with the desired fields over them', () => {
    const input = skillGateInput(skill(0.2), { skillId: 1, skillName: 'r', groups: { generalSettings: { maximumRatio: 1, beginDampenPercentage: 70 }, cpaSettings: { abandonTimeout: 5 } } });
    expect(input.settings).to.deep.include({ maximumRatio: 3, beginDampenPercentage: 70, abandonTimeout: 2 });
    expect(simulateSkill(skill(0.2), { replications: 2 }).model).to.equal('dialer-des/pc-v2');
  });

  it('passes an overdialling change on an optimistic profile and fails the same change on a high true answer rate', () => {
    const optimistic = simulateSkill(skill(0.2));
    expect(judgeSkillPrediction(optimistic, 0.03).pass, `${optimistic.abandonRateUpper95}`).to.equal(true);
    const real = simulateSkill(skill(0.8));
    expect(judgeSkillPrediction(real, 0.03).pass, `${real.abandonRateUpper95}`).to.equal(false);
  });
});
