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
