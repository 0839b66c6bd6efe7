import { expect } from 'chai';
import { initialState } from '../../../controller/domain/campaign-state.js';
import type { LiveSkill } from '../../../controller/domain/live-skill.js';
import { NO_AUTHOR, planSkill } from '../../../controller/domain/plan-skill.js';
import { DEFAULT_ANALYSIS, type SkillSpec } from '../../../controller/domain/skill-spec.js';
import { skillModel, type SkillTypes } from '../../../controller/reconcile/skill-model.js';
import type { StateOf } from '../../../controller/reconcile/resource-model.js';

const AT = { line: 1, column: 1 };
const skill = (generalSettings: Record<string, unknown>, policy: 'enforce' | 'observe' = 'enforce'): SkillSpec => ({
  kind: 'OutboundSkill',
  name: 'renewals',
  skillId: 11,
  labels: {},
  path: 'renewals.yaml',
  groups: { generalSettings },
  sync: { policy },
  simulation: { durationSeconds: 300, maxAbandonRate: 0.03, onFailure: 'rollback', profile: {} },
  analysis: { ...DEFAULT_ANALYSIS },
  positions: { name: AT, skillId: AT, spec: AT },
});
const live = (generalSettings: Record<string, unknown>): LiveSkill => ({ skillId: 11, skillName: 'renewals', groups: { generalSettings: { maxWaitTimeSeconds: 77, ...generalSettings } } });
const applied = (generalSettings: Record<string, unknown>) => ({ revision: 'r1', settings: { generalSettings: { maxWaitTimeSeconds: 77, ...generalSettings } }, weights: {}, at: '2026-12-01T10:00:00.000Z', version: 1, via: 'applied' as const });

describe('the OutboundSkill model of the reconciler', () => {
  it('is in sync when the managed fields match, whatever the unmanaged fields hold', () => {
    const plan = planSkill({ desired: skill({ maximumRatio: 2 }), live: live({ maximumRatio: 2, maxWaitTimeSeconds: 5 }) });
    expect(plan.action).to.equal('none');
    expect(plan.changes).to.deep.equal([]);
  });

  it('applies a change of Git as an update of the managed fields only', () => {
    const plan = planSkill({ desired: skill({ maximumRatio: 3 }), live: live({ maximumRatio: 2 }), lastApplied: applied({ maximumRatio: 2 }) });
    expect(plan.action).to.equal('update');
    expect(plan.changes).to.deep.equal([{ field: 'generalSettings.maximumRatio', before: 2, after: 3 }]);
    expect(plan.update).to.deep.equal({ skillId: 11, groups: { generalSettings: { maximumRatio: 3 } } });
  });

  it('detects drift against the last applied settings from the audit branch, saying CXone does not report who and pointing at the Change Audit Report', () => {
    const plan = planSkill({ desired: skill({ maximumRatio: 3 }), live: live({ maximumRatio: 4 }), lastApplied: applied({ maximumRatio: 3 }) });
    expect(plan.action).to.equal('heal');
    expect(plan.drifted).to.equal(true);
    expect(plan.drift).to.deep.equal([{ field: 'generalSettings.maximumRatio', before: 3, after: 4 }]);
    expect(plan.reason).to.contain(NO_AUTHOR);
    expect(plan.reason).to.contain('Change Audit Report');
  });

  it('without a record of the last apply a difference is a change to apply, never drift (no author to judge it by)', () => {
    const plan = planSkill({ desired: skill({ maximumRatio: 3 }), live: live({ maximumRatio: 4 }) });
    expect(plan.action).to.equal('update');
    expect(plan.drifted).to.equal(false);
  });

  it('observe-only skills are reported, not written', () => {
    const plan = planSkill({ desired: skill({ maximumRatio: 3 }, 'observe'), live: live({ maximumRatio: 4 }), lastApplied: applied({ maximumRatio: 3 }) });
    expect(plan.action).to.equal('observe');
    expect(plan.update).to.equal(undefined);
    expect(plan.reason).to.contain('Change Audit Report');
  });

  it('a missing skill names the file and the field to check', () => {
    const plan = planSkill({ desired: skill({ maximumRatio: 3 }) });
    expect(plan.action).to.equal('not-found');
    expect(plan.reason).to.contain('metadata.skillId in renewals.yaml');
  });

  it('decides verify while an apply of these settings waits for its verdict, and releases a hold when the desired settings change', () => {
    const desired = skill({ maximumRatio: 3 });
    const state: StateOf<SkillTypes> = initialState<LiveSkill, SkillTypes['write'], SkillTypes['settings']>({ name: 'renewals', campaignId: '11', path: 'renewals.yaml', labels: {} });
    const fingerprint = skillModel.fingerprint(desired);
    const verifying = { ...state, verification: { kind: 'live-analysis', applyId: 'a', revision: 'r1', fingerprint, fromVersion: 1, appliedVersion: 2, appliedAt: 'x', restore: { skillId: 11, groups: {} }, heal: false } };
    expect(skillModel.decide(desired, verifying, live({ maximumRatio: 3 }), 'actor').action).to.equal('verify');
    const held = { ...state, hold: { status: 'Paused' as const, reason: 'VerificationInconclusive' as const, message: 'paused', fingerprint: 'other settings', since: 'x' } };
    expect(skillModel.decide(desired, held, live({ maximumRatio: 2 }), 'actor').action).to.equal('update');
    expect(skillModel.decide(desired, { ...held, hold: { ...held.hold, fingerprint } }, live({ maximumRatio: 2 }), 'actor').action).to.equal('held');
  });
});
