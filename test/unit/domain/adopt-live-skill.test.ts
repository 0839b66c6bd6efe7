import { expect } from 'chai';
import { parse } from 'yaml';
import { adoptLiveSkill } from '../../../controller/domain/adopt-live-skill.js';
import type { LiveSkill } from '../../../controller/domain/live-skill.js';
import type { SkillSpec } from '../../../controller/domain/skill-spec.js';

const TEXT = `# the renewals skill
apiVersion: cxone-gitops/v1
kind: OutboundSkill
metadata: { name: renewals-outbound, skillId: 7 }
spec:
  generalSettings:                 # managed
    maximumRatio: 2                # lines per agent
    aggressiveness: conservative   # pacing
    abandonRateCutoff: 3
  cpaSettings: { abandonTimeout: 2, exceptions: [] }
`;

const desired = {
  name: 'renewals-outbound',
  skillId: 7,
  path: 'renewals.yaml',
  groups: { generalSettings: { abandonRateCutoff: 3, aggressiveness: 'conservative', maximumRatio: 2 }, cpaSettings: { abandonTimeout: 2, exceptions: [] } },
} as unknown as SkillSpec;

const live = (general: Record<string, unknown>, cpa: Record<string, unknown> = { abandonTimeout: 2, exceptions: [] }): LiveSkill => ({
  skillId: 7,
  skillName: 'renewals',
  groups: { generalSettings: { abandonRateCutoff: 3, aggressiveness: 'conservative', maximumRatio: 2, maxWaitTimeSeconds: 30, ...general }, cpaSettings: cpa },
});

describe('adoptLiveSkill (live values into an OutboundSkill file)', () => {
  it('replaces only the changed values, every other byte kept and each comment in its column', () => {
    const result = adoptLiveSkill(TEXT, desired, live({ maximumRatio: 3, aggressiveness: 'aggressive', maxWaitTimeSeconds: 45 }));
    expect(result.text).to.equal(TEXT.replace('maximumRatio: 2       ', 'maximumRatio: 3       ').replace('aggressiveness: conservative   #', 'aggressiveness: aggressive     #'));
    expect(result.changes).to.deep.equal(['spec.generalSettings.aggressiveness: conservative → aggressive', 'spec.generalSettings.maximumRatio: 2 → 3']);
    expect(result.text, 'an unmanaged field is not written').to.not.include('maxWaitTimeSeconds');
  });

  it('edits a flow map in place and quotes a string YAML would read as something else', () => {
    const result = adoptLiveSkill(TEXT, desired, live({ aggressiveness: 'yes: no' }, { abandonTimeout: 4, exceptions: [] }));
    expect(result.text).to.include('cpaSettings: { abandonTimeout: 4, exceptions: [] }');
    expect(result.text).to.match(/\n {4}aggressiveness: "yes: no" {6}# pacing\n/);
    expect((parse(result.text) as { spec: { generalSettings: { aggressiveness: string } } }).spec.generalSettings.aggressiveness).to.equal('yes: no');
  });

  it('re-renders through the document when a list changes, keeping the comments', () => {
    const result = adoptLiveSkill(TEXT, desired, live({ maximumRatio: 3 }, { abandonTimeout: 2, exceptions: [{ attempt_No: 1, action: 'hangup' }] }));
    expect(result.changes).to.include('spec.cpaSettings.exceptions: [] → [{"attempt_No":1,"action":"hangup"}]');
    expect(result.text).to.include('# lines per agent');
    expect(result.text).to.match(/maximumRatio: 3 +# lines per agent/);
    expect(result.text).to.include('attempt_No: 1');
  });

  it('keeps a managed field CXone does not show, and says so; nothing to adopt when live matches', () => {
    const { cpaSettings: _cpa, ...groups } = live({}).groups;
    const result = adoptLiveSkill(TEXT, desired, { ...live({}), groups });
    expect(result.changes).to.deep.equal([]);
    expect(result.unshown).to.deep.equal(['spec.cpaSettings.abandonTimeout', 'spec.cpaSettings.exceptions']);
    expect(result.text).to.equal(TEXT);
  });
});
