import { expect } from 'chai';
import { ConfigError, readConfig, resolveCxoneBaseUrl } from '../../controller/config.js';

describe('config', () => {
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
});
