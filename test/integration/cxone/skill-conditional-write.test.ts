import { expect } from 'chai';
import { applySkill, skillDriftMessage } from '../../../controller/adapters/cxone/skill-conditional-write.js';
import { createCxoneSkillsClient, type CxoneSkillsClient } from '../../../controller/adapters/cxone/cxone-skills-client.js';
import { diffSkill } from '../../../controller/domain/skill-diff.js';
import type { SkillSpec } from '../../../controller/domain/skill-spec.js';
import { DEFAULT_ANALYSIS } from '../../../controller/domain/skill-spec.js';
import { DEFAULT_ACCESS_KEY, DEFAULT_APPLICATION, startCxoneEmulator, type RunningCxoneEmulator } from '../../../emulator/cxone/cxone-emulator-server.js';
import { createSelfSignedCertificate, type TlsMaterial } from '../../../emulator/tls-certificate.js';
import { httpsFetch } from '../../support/https-fetch.js';

const AT = { line: 1, column: 1 };

function spec(groups: SkillSpec['groups']): SkillSpec {
  return {
    kind: 'OutboundSkill',
    name: 'renewals-outbound',
    skillId: 11,
    labels: {},
    path: 'renewals.yaml',
    groups,
    sync: { policy: 'enforce' },
    simulation: { durationSeconds: 300, maxAbandonRate: 0.03, onFailure: 'rollback', profile: {} },
    analysis: { ...DEFAULT_ANALYSIS },
    positions: { name: AT, skillId: AT, spec: AT },
  };
}

const DESIRED = spec({ generalSettings: { maximumRatio: 3, abandonRateThreshold: 2.5, aggressiveness: 'moderate' }, cpaSettings: { abandonTimeout: 3 } });

describe('conditional writes of an outbound skill (over HTTPS against the cxone emulator)', () => {
  let tls: TlsMaterial;
  let emulator: RunningCxoneEmulator;
  let client: CxoneSkillsClient;
  const puts = (): number => emulator.context.requests.query({ method: 'PUT' }).length;
  const live = () => emulator.context.store.get(11)!.groups;

  before(async () => {
    tls = await createSelfSignedCertificate();
  });
  beforeEach(async () => {
    emulator = await startCxoneEmulator({
      tls,
      rateLimitPerMinute: 0,
      skills: [{ skillId: 11, skillName: 'renewals', generalSettings: { maximumRatio: 2, deliverCallbacksOnDNCHolidays: true, maxWaitTimeSeconds: 77 }, cpaSettings: { ansMachineOverrideSeconds: 9 } }],
    });
    client = createCxoneSkillsClient({
      authUrl: emulator.url,
      clientId: DEFAULT_APPLICATION.clientId,
      clientSecret: DEFAULT_APPLICATION.clientSecret,
      accessKeyId: DEFAULT_ACCESS_KEY.accessKeyId,
      accessKeySecret: DEFAULT_ACCESS_KEY.accessKeySecret,
      fetch: httpsFetch(tls.cert),
    });
  });
  afterEach(() => emulator.close());

  it('writes only the groups that differ, merging the desired fields into the full group so unmanaged fields stay exactly as they were', async () => {
    const before = structuredClone(live());
    const result = await applySkill(client, DESIRED);
    expect(result.outcome).to.equal('applied');
    const after = live();
    expect(after.generalSettings).to.deep.equal({ ...before.generalSettings, maximumRatio: 3, abandonRateThreshold: 2.5, aggressiveness: 'moderate' });
    expect(after.cpaSettings).to.deep.equal({ ...before.cpaSettings, abandonTimeout: 3 });
    expect(after.retrySettings).to.deep.equal(before.retrySettings);
    expect(puts()).to.equal(2);
    expect((await applySkill(client, DESIRED)).outcome).to.equal('in-sync');
    expect(puts()).to.equal(2);
  });

  it('finds a supervisor edit made since the plan before its PUT, sends nothing stale, and re-plans', async () => {
    const observed = await client.getSkillParameters(11);
    emulator.context.store.patch(11, { generalSettings: { maximumRatio: 1 } });
    const result = await applySkill(client, spec({ generalSettings: { maximumRatio: 3 } }), observed);
    expect(result.outcome).to.equal('applied');
    if (result.outcome !== 'applied') return;
    expect(result.conflicts).to.deep.equal([{ stage: 'before-put', group: 'generalSettings', fields: ['maximumRatio'] }]);
    expect(puts()).to.equal(1);
    expect(live().generalSettings!.maximumRatio).to.equal(3);
  });

  it('catches a supervisor edit that lands right after its PUT (between our write and the read-back), records it and re-plans', async () => {
    await fetchAdmin(emulator, tls, '/emulator/skills/11/edit-after-next-put', { generalSettings: { maxWaitTimeSeconds: 12, maximumRatio: 1 } });
    const result = await applySkill(client, spec({ generalSettings: { maximumRatio: 3 } }));
    expect(result.outcome).to.equal('applied');
    if (result.outcome !== 'applied') return;
    expect(result.conflicts).to.have.length(1);
    expect(result.conflicts[0]).to.deep.include({ stage: 'after-put', group: 'generalSettings' });
    expect(result.conflicts[0]!.fields).to.have.members(['maxWaitTimeSeconds', 'maximumRatio']);
    expect(live().generalSettings).to.include({ maximumRatio: 3, maxWaitTimeSeconds: 12 });
    expect(puts()).to.equal(2);
  });

  it('gives up after a bounded number of re-plans when every write is raced, and says so', async () => {
    await fetchAdmin(emulator, tls, '/emulator/faults', { raceRate: 1 });
    const result = await applySkill(client, spec({ generalSettings: { maximumRatio: 3 } }), undefined, 3);
    expect(result.outcome).to.equal('conflict');
    if (result.outcome !== 'conflict') return;
    expect(result.conflicts).to.have.length(3);
    expect(puts()).to.equal(3);
  });

  it('describes drift without an author, pointing at the Change Audit Report', async () => {
    const observed = await client.getSkillParameters(11);
    const message = skillDriftMessage(DESIRED, diffSkill(DESIRED.groups, observed.groups));
    expect(message).to.contain('generalSettings.maximumRatio 3 → 2');
    expect(message).to.contain('CXone does not report who changed a skill');
    expect(message).to.contain('Change Audit Report');
  });
});

async function fetchAdmin(emulator: RunningCxoneEmulator, tls: TlsMaterial, path: string, body: unknown): Promise<void> {
  const response = await httpsFetch(tls.cert)(`${emulator.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (response.status >= 300) throw new Error(`${path}: ${response.status} ${await response.text()}`);
}
