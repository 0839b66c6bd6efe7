/** The configuration's hardening checks (issue 10): weak tokens, secrets in errors and URLs, branches. */
import { expect } from 'chai';
import { ConfigError, readConfig } from '../../controller/config.js';

function problemsOf(env: NodeJS.ProcessEnv): string {
  try {
    readConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems.join('\n');
    throw error;
  }
  return '';
}

describe('config hardening', () => {
  it('refuses an HTTP_AUTH_TOKEN shorter than 32 characters without echoing it', () => {
    const problems = problemsOf({ HTTP_AUTH_TOKEN: 'letmein-123' });
    expect(problems).to.match(/HTTP_AUTH_TOKEN is shorter than 32 characters/);
    expect(problems).to.not.include('letmein-123');
    expect(readConfig({ HTTP_AUTH_TOKEN: 'x'.repeat(32) }).http.authToken).to.equal('x'.repeat(32));
  });
});

describe('config hardening: URLs and branches', () => {
  it('never echoes a webhook URL in a config error (its path is the secret)', () => {
    const hook = 'https://hooks.slack.com/services/T000/B000/s3cr3tXYZ';
    const problems = problemsOf({ ALERT_SLACK_WEBHOOK_URL: `ftp${hook.slice(5)}`, ALERT_WEBHOOK_URL: 'not a url s3cr3tXYZ' });
    expect(problems).to.include('ALERT_SLACK_WEBHOOK_URL must be an http(s) URL, not ftp');
    expect(problems).to.include('ALERT_WEBHOOK_URL is not a URL');
    expect(problems).to.not.include('s3cr3tXYZ');
  });

  it('rejects a webhook URL with user:password, saying why, without echoing it', () => {
    const problems = problemsOf({ ALERT_WEBHOOK_URL: 'https://bot:hunter2-pass@alerts.example.test/hook' });
    expect(problems).to.match(/ALERT_WEBHOOK_URL must not carry user:password@/);
    expect(problems).to.not.include('hunter2-pass');
  });

  it('refuses GITOPS_AUDIT_BRANCH equal to the watched branch', () => {
    expect(problemsOf({ GITOPS_AUDIT_BRANCH: 'main' })).to.match(/GITOPS_AUDIT_BRANCH is "main", the branch the desired state is read from/);
    expect(problemsOf({ GITOPS_BRANCH: 'prod', GITOPS_AUDIT_BRANCH: 'refs/heads/prod' })).to.match(/GITOPS_AUDIT_BRANCH/);
    expect(readConfig({ GITOPS_BRANCH: 'prod', GITOPS_AUDIT_BRANCH: 'main' }).git.auditBranch).to.equal('main');
  });
});

describe('config hardening: the status server\'s host names', () => {
  it('reads HTTP_ALLOWED_HOSTS as comma-separated names and refuses an entry with a scheme or port, naming it', () => {
    expect(readConfig({ HTTP_ALLOWED_HOSTS: ' gitops.example.com, .svc.cluster.local ,' }).http.allowedHosts).to.deep.equal(['gitops.example.com', '.svc.cluster.local']);
    expect(readConfig({}).http.allowedHosts).to.deep.equal([]);
    const problems = problemsOf({ HTTP_ALLOWED_HOSTS: 'https://gitops.example.com,gitops.example.com:8080' });
    expect(problems).to.include('HTTP_ALLOWED_HOSTS entry "https://gitops.example.com" is not a host name');
    expect(problems).to.include('HTTP_ALLOWED_HOSTS entry "gitops.example.com:8080" is not a host name');
  });
});
