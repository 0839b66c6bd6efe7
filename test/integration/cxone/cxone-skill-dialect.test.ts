import { expect } from 'chai';
import { createCxoneSkillDialect, type CxoneSkillDialect } from '../../../controller/adapters/cxone/cxone-skill-dialect.js';
import { createCxoneSkillsClient } from '../../../controller/adapters/cxone/cxone-skills-client.js';
import { isConflictError } from '../../../controller/domain/errors.js';
import { DEFAULT_ACCESS_KEY, DEFAULT_APPLICATION, startCxoneEmulator, type RunningCxoneEmulator } from '../../../emulator/cxone/cxone-emulator-server.js';

describe('the cxone dialect behind the reconciler\'s Dialect seam', () => {
  let emulator: RunningCxoneEmulator;
  let dialect: CxoneSkillDialect;

  beforeEach(async () => {
    emulator = await startCxoneEmulator({ rateLimitPerMinute: 0, skills: [{ skillId: 21, generalSettings: { maximumRatio: 2 } }, { skillId: 22 }] });
    dialect = createCxoneSkillDialect(
      createCxoneSkillsClient({ authUrl: emulator.url, clientId: DEFAULT_APPLICATION.clientId, clientSecret: DEFAULT_APPLICATION.clientSecret, accessKeyId: DEFAULT_ACCESS_KEY.accessKeyId, accessKeySecret: DEFAULT_ACCESS_KEY.accessKeySecret }),
    );
  });
  afterEach(() => emulator.close());

  it('says what the real API cannot do: no versions, no modifier, verification by live analysis', () => {
    expect(dialect.kind).to.equal('OutboundSkill');
    expect(dialect.capabilities).to.deep.equal({ versionedWrites: false, verificationKinds: ['live-analysis'], knowsModifier: false, namesVersions: false });
  });

  it('sweeps every skill by id and observes a missing one as undefined', async () => {
    const live = await dialect.sweep();
    expect([...live.keys()]).to.deep.equal(['21', '22']);
    expect(await dialect.observe('999')).to.equal(undefined);
  });

  it('writes conditionally on the observed fingerprint: a changed skill is a conflict error, and nothing is sent', async () => {
    const expected = (await dialect.observe('21'))!;
    const accepted = await dialect.write('21', { skillId: 21, groups: { generalSettings: { maximumRatio: 3 } } }, expected);
    expect(accepted.live.groups.generalSettings!.maximumRatio).to.equal(3);
    expect(accepted.version).to.equal(dialect.versionOf(accepted.live));
    expect(accepted.version).to.not.equal(dialect.versionOf(expected));
    const putsBefore = emulator.context.requests.query({ method: 'PUT' }).length;
    let error: unknown;
    try {
      await dialect.write('21', { skillId: 21, groups: { generalSettings: { maximumRatio: 1 } } }, expected);
    } catch (caught) {
      error = caught;
    }
    expect(isConflictError(error)).to.equal(true);
    expect((error as Error).message).to.contain('changed since the plan (maximumRatio); nothing was sent');
    expect(emulator.context.requests.query({ method: 'PUT' }).length).to.equal(putsBefore);
  });

  it('a write whose later group changed since the plan, after an earlier group was written, is a conflict that says CXone accepted a PUT of it', async () => {
    const expected = (await dialect.observe('21'))!;
    emulator.context.store.patch(21, { retrySettings: { callbackRestMinutes: 45 } });
    let error: unknown;
    try {
      await dialect.write('21', { skillId: 21, groups: { generalSettings: { maximumRatio: 3 }, retrySettings: { callbackRestMinutes: 10 } } }, expected);
    } catch (caught) {
      error = caught;
    }
    expect(isConflictError(error)).to.equal(true);
    expect((error as Error).message).to.contain('retrySettings changed since the plan (callbackRestMinutes); generalSettings already written, nothing more sent');
    expect(dialect.mayHaveApplied(error)).to.equal(false);
    expect(dialect.acceptedBeforeConflict(error), 'its generalSettings PUT was accepted: it needs a record').to.equal(true);
    expect(emulator.context.store.get(21)!.groups.generalSettings.maximumRatio).to.equal(3);
  });

  it('judges a write whose answer was lost applied only when its fields are live; a skill as it was before may have been written and put back: unknown', async () => {
    const before = (await dialect.observe('21'))!;
    const intent = { objectId: '21', fromVersion: dialect.versionOf(before), write: { skillId: 21, groups: { generalSettings: { maximumRatio: 3 } } } };
    expect(dialect.judgeIntent(intent, before, 'api')).to.equal('unknown');
    expect(dialect.judgeIntent(intent, undefined, 'api'), 'no such skill').to.equal('no');
    emulator.context.store.patch(21, { generalSettings: { maximumRatio: 3 } });
    expect(dialect.judgeIntent(intent, await dialect.observe('21'), 'api')).to.equal('yes');
    emulator.context.store.patch(21, { generalSettings: { maximumRatio: 1 } });
    expect(dialect.judgeIntent(intent, await dialect.observe('21'), 'api')).to.equal('unknown');
  });
});
