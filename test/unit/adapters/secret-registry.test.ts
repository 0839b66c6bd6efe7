import { expect } from 'chai';
import { SecretRegistry } from '../../../controller/adapters/logging/secret-registry.js';

describe('secret registry', () => {
  it('registers every value a policy route looks up, so the sink URL a route names is scrubbed', () => {
    const secrets = new SecretRegistry();
    const env: Record<string, string> = { TEAM_SLACK_URL: 'https://hooks.slack.com/services/T1/B2/route-secret-9' };
    const lookup = secrets.registering((name) => env[name]);
    expect(secrets.scrub('posting to https://hooks.slack.com/services/T1/B2/route-secret-9 failed')).to.include('route-secret-9');
    expect(lookup('TEAM_SLACK_URL')).to.equal(env.TEAM_SLACK_URL);
    expect(lookup('UNSET')).to.equal(undefined);
    expect(secrets.scrub('posting to https://hooks.slack.com/services/T1/B2/route-secret-9 failed')).to.equal('posting to [redacted] failed');
  });
});
