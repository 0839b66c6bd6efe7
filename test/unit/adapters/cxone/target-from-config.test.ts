/**
 * The one place that picks the dialect and reads its settings (adapters/cxone/target-from-config.ts,
 * client-from-config.ts): `bindDialect` hands each dialect's binding its own client, chosen by
 * CXONE_DIALECT; the skills client names every missing access-key setting; ML_WEBHOOK_URL on the
 * cxone dialect stops the configuration with the reason (README, "Real CXone").
 */
import { expect } from 'chai';
import { skillsClientFromConfig } from '../../../../controller/adapters/cxone/client-from-config.js';
import { bindDialect, reconcileTargetFromConfig } from '../../../../controller/adapters/cxone/target-from-config.js';
import { ConfigError, readConfig } from '../../../../controller/config.js';

const CXONE = {
  CXONE_DIALECT: 'cxone',
  CXONE_AUTH_URL: 'https://127.0.0.1:4443',
  CXONE_CLIENT_ID: 'app-id',
  CXONE_CLIENT_SECRET: 'app-secret',
  CXONE_ACCESS_KEY_ID: 'key-id',
  CXONE_ACCESS_KEY_SECRET: 'key-secret',
};
const TUTORIAL = { CXONE_DOMAIN: 'https://127.0.0.1:4443', CXONE_CLIENT_ID: 'client', CXONE_CLIENT_SECRET: 'secret' };

describe('target-from-config: the one place that picks the dialect', () => {
  it('hands the cxone binding the skills client and the tutorial binding the campaign client, by CXONE_DIALECT', () => {
    const bindings = { tutorial: (client: object) => ['tutorial', 'listCampaigns' in client], cxone: (client: object) => ['cxone', 'getSkillParameters' in client] };
    expect(bindDialect(readConfig(CXONE, ['cxone']), bindings)).to.deep.equal(['cxone', true]);
    expect(bindDialect(readConfig(TUTORIAL, ['cxone']), bindings)).to.deep.equal(['tutorial', true]);
    expect(reconcileTargetFromConfig(readConfig(CXONE, ['cxone']))).to.include({ kind: 'OutboundSkill', noun: 'skill' });
    expect(reconcileTargetFromConfig(readConfig(TUTORIAL, ['cxone']))).to.include({ kind: 'CampaignWeights', noun: 'campaign' });
  });

  it('names every missing access-key setting when the skills client is built from a configuration without them (calibrate reads no other way)', () => {
    const config = readConfig({ CXONE_DIALECT: 'cxone', CXONE_CLIENT_ID: 'app-id' });
    expect(() => skillsClientFromConfig(config)).to.throw(ConfigError).with.property('problems').that.satisfies((problems: string[]) => {
      expect(problems.map((problem) => problem.split(' ')[0])).to.deep.equal(['CXONE_CLIENT_SECRET', 'CXONE_ACCESS_KEY_ID', 'CXONE_ACCESS_KEY_SECRET']);
      return problems.every((problem) => problem.includes('README, "Real CXone"'));
    });
    expect(skillsClientFromConfig(readConfig(CXONE))).to.have.property('getSkillParameters');
  });

  it('stops a cxone configuration with ML_WEBHOOK_URL set, naming the setting and why (the skills API has no webhooks); the tutorial keeps it', () => {
    expect(() => readConfig({ ...CXONE, ML_WEBHOOK_URL: 'http://127.0.0.1:9/ml' }, ['cxone'])).to.throw(ConfigError, /ML_WEBHOOK_URL is set, but CXONE_DIALECT=cxone has no ML monitoring: the skills API has no webhooks/);
    expect(readConfig({ ...TUTORIAL, ML_WEBHOOK_URL: 'http://127.0.0.1:9/ml' }, ['cxone']).mlWebhookUrl).to.equal('http://127.0.0.1:9/ml');
  });
});
