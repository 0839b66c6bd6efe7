import { expect } from 'chai';
import { createCxoneClient } from '../../../controller/adapters/cxone/cxone-client.js';
import { createCxoneSkillsClient, type CxoneSkillsClient } from '../../../controller/adapters/cxone/cxone-skills-client.js';
import { skillStatusDocumentProblem } from '../../../controller/adapters/git/status-document.js';
import { initialState } from '../../../controller/domain/campaign-state.js';
import { SecretRegistry } from '../../../controller/adapters/logging/secret-registry.js';
import { DEFAULT_ACCESS_KEY, DEFAULT_APPLICATION, startCxoneEmulator, type RunningCxoneEmulator } from '../../../emulator/cxone/cxone-emulator-server.js';
import { startEmulator } from '../../../emulator/emulator-server.js';
import { createSelfSignedCertificate, type TlsMaterial } from '../../../emulator/tls-certificate.js';
import { httpsFetch } from '../../support/https-fetch.js';

const SKILLS = [
  { skillId: 11, skillName: 'renewals', generalSettings: { maximumRatio: 2 } },
  { skillId: 12, skillName: 'winback' },
  { skillId: 13, skillName: 'arrears' },
];

async function caught(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection');
}

describe('the real-CXone skills client (over HTTPS against the cxone emulator)', () => {
  let tls: TlsMaterial;
  let emulator: RunningCxoneEmulator;
  let secrets: SecretRegistry;
  const clientFor = (overrides: Partial<Parameters<typeof createCxoneSkillsClient>[0]> = {}): CxoneSkillsClient =>
    createCxoneSkillsClient({
      authUrl: emulator.url,
      clientId: DEFAULT_APPLICATION.clientId,
      clientSecret: DEFAULT_APPLICATION.clientSecret,
      accessKeyId: DEFAULT_ACCESS_KEY.accessKeyId,
      accessKeySecret: DEFAULT_ACCESS_KEY.accessKeySecret,
      fetch: httpsFetch(tls.cert),
      pageSize: 2,
      retries: 1,
      minBackoffMs: 1,
      secrets,
      ...overrides,
    });
  const apiCalls = (): Array<{ method: string; path: string }> => emulator.context.requests.query({}).map(({ method, path }) => ({ method, path }));

  before(async () => {
    tls = await createSelfSignedCertificate();
  });
  beforeEach(async () => {
    secrets = new SecretRegistry();
    emulator = await startCxoneEmulator({ tls, skills: SKILLS, rateLimitPerMinute: 0 });
  });
  afterEach(() => emulator.close());

  it('discovers the token endpoint and the tenant, and sweeps with GET /skills/parameters plus the /skills pages', async () => {
    const skills = await clientFor().listSkills();
    expect(skills.map((skill) => [skill.skillId, skill.skillName, skill.isRunning])).to.deep.equal([[11, 'renewals', false], [12, 'winback', false], [13, 'arrears', false]]);
    expect(skills[0]!.groups.generalSettings).to.include({ maximumRatio: 2, aggressiveness: 'conservative' });
    expect(apiCalls()).to.deep.equal([
      { method: 'GET', path: '/.well-known/openid-configuration' },
      { method: 'POST', path: '/auth/token' },
      { method: 'GET', path: '/.well-known/cxone-configuration' },
      { method: 'GET', path: '/inContactAPI/services/v34.0/skills/parameters' },
      { method: 'GET', path: '/inContactAPI/services/v34.0/skills' },
      { method: 'GET', path: '/inContactAPI/services/v34.0/skills' },
    ]);
  });

  it('gives each listed skill only the fields of a live skill (the /skills page\'s media type and campaign left out), so a skill status observed by a sweep stays valid on the audit branch', async () => {
    const skills = await clientFor().listSkills();
    for (const skill of skills) expect(Object.keys(skill).sort()).to.deep.equal(['groups', 'isActive', 'isOutbound', 'isRunning', 'outboundStrategy', 'skillId', 'skillName']);
    const state = { ...initialState({ name: 'renewals-outbound', campaignId: '11', path: 'renewals.yaml', labels: {} }), lastObserved: { at: new Date(0).toISOString(), campaign: skills[0] } };
    expect(skillStatusDocumentProblem('renewals-outbound', JSON.parse(JSON.stringify(state)))).to.equal(undefined);
  });

  it('asks for one token however many callers wait', async () => {
    const client = clientFor();
    await Promise.all(Array.from({ length: 8 }, () => client.getSkillParameters(11)));
    expect(emulator.context.keys.granted).to.deep.equal({ password: 1, refresh_token: 0 });
  });

  it('renews an expired token with the refresh token and goes on', async () => {
    const client = clientFor();
    await client.getSkillParameters(11);
    emulator.context.keys.expireAccessTokens();
    const skill = await client.getSkillParameters(12);
    expect(skill.skillName).to.equal('winback');
    expect(emulator.context.keys.granted).to.deep.equal({ password: 1, refresh_token: 1 });
  });

  it('registers every secret and token it handles, so nothing that leaves the process shows them', async () => {
    await clientFor().listSkills();
    const issued = emulator.context.keys.issuedTokens();
    expect(issued.length).to.be.greaterThan(0);
    const text = JSON.stringify({ all: [...issued, DEFAULT_APPLICATION.clientSecret, DEFAULT_ACCESS_KEY.accessKeySecret] });
    const scrubbed = secrets.scrub(text);
    for (const secret of [...issued, DEFAULT_APPLICATION.clientSecret, DEFAULT_ACCESS_KEY.accessKeySecret]) expect(scrubbed).to.not.contain(secret);
  });

  it('refuses a bad access key with a clear message that names the settings and shows no secret', async () => {
    const error = await caught(clientFor({ accessKeySecret: 'not-the-secret-123' }).listSkills());
    expect(error.name).to.equal('CxoneAuthError');
    expect(error.message).to.contain('invalid_grant');
    expect(error.message).to.contain('CXONE_ACCESS_KEY_ID and CXONE_ACCESS_KEY_SECRET');
    expect(error.message).to.not.contain('not-the-secret-123');
    const badApp = await caught(clientFor({ clientSecret: 'wrong-app-secret' }).listSkills());
    expect(badApp.message).to.contain('CXONE_CLIENT_ID and CXONE_CLIENT_SECRET');
    expect(badApp.message).to.not.contain('wrong-app-secret');
  });

  it('answers a skill CXone does not know with a not-found error naming it', async () => {
    const error = await caught(clientFor().getSkillParameters(999));
    expect(error.name).to.equal('CxoneNotFoundError');
    expect(error.message).to.contain('/skills/999/parameters');
    expect(error.message).to.contain('Invalid skillId');
  });

  it('reads a whole group in the PUT form and writes it wrapped', async () => {
    const client = clientFor();
    emulator.context.store.patch(13, { cpaSettings: { ansMachineOverrideSeconds: 9 }, generalSettings: { deliverCallbacksOnDNCHolidays: true } });
    const cpa = await client.readGroup(13, 'cpaSettings');
    expect(cpa).to.include({ ansMachineOverrideSeconds: 9, enableCPALogging: false });
    const general = await client.readGroup(13, 'generalSettings');
    expect(general.deliverCallbacksOnDNCHolidays).to.equal(true);
    await client.putGroup(13, 'generalSettings', { ...general, maximumRatio: 3 });
    expect(emulator.context.store.get(13)!.groups.generalSettings).to.include({ maximumRatio: 3, deliverCallbacksOnDNCHolidays: true });
  });

  it('fails fast on a host that serves the tutorial\'s API, saying which dialect to set (and the other way round)', async () => {
    const tutorial = await startEmulator({ tls });
    try {
      const wrong = await caught(clientFor({ authUrl: tutorial.url }).listSkills());
      expect(wrong.message).to.contain('CXONE_DIALECT=tutorial');
      const legacy = createCxoneClient({ baseUrl: emulator.url, clientId: 'emulator-client', clientSecret: 'emulator-secret', fetch: httpsFetch(tls.cert), retries: 0 });
      const other = await caught(legacy.listCampaigns());
      expect(other.message).to.contain('set CXONE_DIALECT=cxone');
    } finally {
      await tutorial.close();
    }
  });
});
