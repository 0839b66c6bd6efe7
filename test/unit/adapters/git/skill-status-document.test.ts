import { expect } from 'chai';
import { skillStatusDocumentProblem, statusDocumentProblem } from '../../../../controller/adapters/git/status-document.js';
import { initialState, type CampaignState } from '../../../../controller/domain/campaign-state.js';
import type { LiveSkill } from '../../../../controller/domain/live-skill.js';
import type { SkillWrite } from '../../../../controller/domain/plan-skill.js';
import type { SkillGroups } from '../../../../controller/domain/skill-groups.js';

const GROUPS: SkillGroups = {
  generalSettings: { maximumRatio: 2, aggressiveness: 'conservative', abandonRateThreshold: 2.5 },
  cpaSettings: { abandonTimeout: 2, enableCPALogging: true, exceptions: [{ attempt_No: 1, action: 'hangup' }] },
};

/** A skill's status document as the controller writes one while its apply is analysed. */
function written(): CampaignState<LiveSkill, SkillWrite, SkillGroups> {
  const verification = {
    kind: 'live-analysis', applyId: 'id-1', revision: 'f00dbabe', fingerprint: JSON.stringify(GROUPS), fromVersion: 17, appliedVersion: 42,
    appliedAt: '2026-12-01T10:00:00.000Z', restore: { skillId: 4021337, groups: GROUPS }, heal: false, progress: { startedAt: '2026-12-01T10:00:00.000Z' },
  };
  return {
    ...initialState<LiveSkill, SkillWrite, SkillGroups>({ name: 'renewals-outbound', campaignId: '4021337', path: 'retention/renewals-outbound.yaml', labels: { team: 'retention' } }),
    status: 'Verifying',
    reason: 'applied; live outcome analysis running',
    statusReason: 'Verifying',
    liveVersion: 42,
    lastApplied: { revision: 'f00dbabe', settings: GROUPS, desired: GROUPS, weights: {}, version: 42, via: 'applied', at: '2026-12-01T10:00:00.000Z' },
    verification,
    hold: { status: 'Paused', reason: 'VerificationInconclusive', message: 'inconclusive', fingerprint: 'x', since: '2026-12-01T09:00:00.000Z', verification },
    lastObserved: { at: '2026-12-01T10:00:00.000Z', campaign: { skillId: 4021337, skillName: 'renewals', isRunning: true, groups: GROUPS } },
    desired: GROUPS,
    live: GROUPS,
    pendingChanges: [{ field: 'generalSettings.maximumRatio', before: 3, after: 2 }],
  };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a forged document is untyped JSON on purpose
type Forgeable = Record<string, any>;

function forged(edit: (document: Forgeable) => void): unknown {
  const document = JSON.parse(JSON.stringify(written())) as Forgeable;
  edit(document);
  return document;
}

describe('restored status documents of outbound skills', () => {
  it('accepts what the controller writes for a skill (groups, the live skill, the write that restores it), which the campaign schema refuses', () => {
    expect(skillStatusDocumentProblem('renewals-outbound', written())).to.equal(undefined);
    expect(statusDocumentProblem('renewals-outbound', written())).to.be.a('string');
  });

  const cases: Array<[string, (document: Forgeable) => void, RegExp]> = [
    ['an unknown group in lastApplied', (d) => (d.lastApplied.settings.webhookSettings = { url: 'x' }), /\/lastApplied\/settings must NOT have additional properties \(webhookSettings\)/],
    ['a rollback write with an extra field', (d) => (d.verification.restore.url = 'https://evil.example'), /\/verification\/restore must NOT have additional properties \(url\)/],
    ['a field value that is an object', (d) => (d.desired.generalSettings.maximumRatio = { $gt: 1 }), /\/desired\/generalSettings\/maximumRatio/],
    ['a skill id that is text', (d) => (d.lastObserved.campaign.skillId = '4021337'), /\/lastObserved\/campaign\/skillId must be integer/],
    ['an unknown top-level field', (d) => (d.owner = 'mallory'), /\(document\) must NOT have additional properties \(owner\)/],
  ];
  for (const [what, edit, expected] of cases) {
    it(`refuses ${what}, saying where`, () => {
      expect(skillStatusDocumentProblem('renewals-outbound', forged(edit))).to.match(expected);
    });
  }

  it('refuses a document whose name is not its file name', () => {
    expect(skillStatusDocumentProblem('winback-outbound', written())).to.equal('its name "renewals-outbound" is not the file\'s "winback-outbound"');
  });
});
