import { expect } from 'chai';
import { ConfigError, readConfig, resolveCxoneBaseUrl } from '../../controller/config.js';

describe('config', () => {
  it('reads the git remote credential and SSH settings, and the new alert sinks', () => {
    const config = readConfig({
      GITOPS_REPO_TOKEN: 'tok-123456',
      GITOPS_SSH_KEY_FILE: '/keys/id',
      GITOPS_SSH_KNOWN_HOSTS: '/keys/known_hosts',
      ALERT_ALERTMANAGER_URL: 'http://127.0.0.1:9093',
      ALERT_PAGERDUTY_ROUTING_KEY: 'R0UT1NGKEY0123456789abcdefABCDEF',
      ALERT_TEAMS_WEBHOOK_URL: 'https://example.test/teams',
    });
    expect(config.git.access).to.deep.equal({ credential: { username: 'x-access-token', password: 'tok-123456' }, sshKeyFile: '/keys/id', sshKnownHostsFile: '/keys/known_hosts' });
    expect(readConfig({ GITOPS_REPO_TOKEN: 'tok-123456', GITOPS_REPO_USERNAME: 'bot' }).git.access.credential?.username).to.equal('bot');
    expect(readConfig({}).git.access).to.deep.equal({});
    expect(config.alerts).to.include({ alertmanagerUrl: 'http://127.0.0.1:9093', pagerDutyRoutingKey: 'R0UT1NGKEY0123456789abcdefABCDEF', teamsWebhookUrl: 'https://example.test/teams' });
    expect(() => readConfig({ ALERT_ALERTMANAGER_URL: 'not a url' })).to.throw(ConfigError, /ALERT_ALERTMANAGER_URL/);
  });

  it('has the documented defaults', () => {
    const config = readConfig({});
    expect(config.cxone.ratePerMinute).to.equal(100);
    expect(config.git).to.include({ branch: 'main', path: '.', pollSeconds: 30, schedule: '*/5 * * * *', auditBranch: 'cxone-gitops/audit' });
    expect(config.http).to.include({ host: '127.0.0.1', port: 8080 });
    expect(config.dataDir).to.equal('.cxone-gitops');
    expect(config.logLevel).to.equal('info');
  });

  const domains: Array<[string, string | RegExp]> = [
    ['api.example.com', 'https://api.example.com'],
    ['api.example.com:8443', 'https://api.example.com:8443'],
    ['127.0.0.1:4000', 'https://127.0.0.1:4000'],
    ['https://api.example.com/', 'https://api.example.com'],
    ['http://127.0.0.1:4000', 'http://127.0.0.1:4000'],
    ['http://localhost:4000', 'http://localhost:4000'],
    ['http://api.example.com', /plain http to a host that is not loopback/],
    ['ftp://api.example.com', /must be reached over https/],
    ['127.0.0.1:1', /^CXONE_DOMAIN "127\.0\.0\.1:1": port 1 is a port fetch refuses to connect to \("bad port"\): use the API's HTTPS port \(443 when none is given\)/],
    ['https://api.example.com:6667', /port 6667 is a port fetch refuses/],
  ];
  for (const [domain, expected] of domains) {
    it(`resolves CXONE_DOMAIN ${domain}`, () => {
      const resolved = resolveCxoneBaseUrl(domain);
      if (typeof expected === 'string') expect(resolved.url).to.equal(expected);
      else expect(resolved.problem).to.match(expected);
    });
  }

  it('names every missing or wrong setting at once', () => {
    let error: unknown;
    try {
      readConfig({ HTTP_PORT: 'eighty', GITOPS_SCHEDULE: 'every now and then', LOG_LEVEL: 'loud', ALERT_WEBHOOK_URL: 'not a url' }, ['cxone', 'repo']);
    } catch (caught) {
      error = caught;
    }
    expect(error).to.be.instanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    for (const name of ['CXONE_DOMAIN', 'CXONE_CLIENT_ID', 'CXONE_CLIENT_SECRET', 'GITOPS_REPO_URL', 'HTTP_PORT', 'GITOPS_SCHEDULE', 'LOG_LEVEL', 'ALERT_WEBHOOK_URL']) {
      expect(problems).to.include(name);
    }
  });

  it('never puts a secret in its error message', () => {
    try {
      readConfig({ CXONE_DOMAIN: 'http://evil.example.com', CXONE_CLIENT_ID: 'id', CXONE_CLIENT_SECRET: 's3cr3t-value' }, ['cxone']);
      expect.fail('should have thrown');
    } catch (error) {
      expect((error as Error).message).to.not.include('s3cr3t-value');
    }
  });

  it('reads the real dialect\'s settings with their defaults', () => {
    const config = readConfig({ CXONE_DIALECT: 'cxone', CXONE_CLIENT_ID: 'app', CXONE_CLIENT_SECRET: 'app-secret', CXONE_ACCESS_KEY_ID: 'key', CXONE_ACCESS_KEY_SECRET: 'key-secret' }, ['cxone']);
    expect(config.cxone).to.include({ dialect: 'cxone', accessKeyId: 'key', authUrl: 'https://cxone.niceincontact.com', apiVersion: 'v34.0' });
    expect(config.cxone.tenantId).to.equal(undefined);
    expect(readConfig({}).cxone.dialect).to.equal('tutorial');
  });

  it('fails fast on an unknown dialect and on a missing access key, naming the fix and no secret', () => {
    expect(() => readConfig({ CXONE_DIALECT: 'genesys' })).to.throw(ConfigError, /CXONE_DIALECT must be tutorial .* or cxone/);
    try {
      readConfig({ CXONE_DIALECT: 'cxone', CXONE_CLIENT_ID: 'app', CXONE_CLIENT_SECRET: 'app-secret-value', CXONE_API_VERSION: '34' }, ['cxone']);
      expect.fail('should have thrown');
    } catch (error) {
      const message = (error as Error).message;
      expect(message).to.include('CXONE_ACCESS_KEY_ID is not set: create an access key');
      expect(message).to.include('CXONE_ACCESS_KEY_SECRET is not set');
      expect(message).to.include('CXONE_API_VERSION must look like v34.0');
      expect(message).to.not.include('CXONE_DOMAIN');
      expect(message).to.not.include('app-secret-value');
    }
  });
});
