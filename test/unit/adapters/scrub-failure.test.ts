import { expect } from 'chai';
import { scrubFailureMessage } from '../../../controller/adapters/logging/scrub-failure.js';

describe('the last line of a failed command', () => {
  it('is scrubbed of a client_secret a server echoed in its error body, and of configured secrets', () => {
    const env = { CXONE_CLIENT_SECRET: 'sup3r-s3cret-value', ALERT_SLACK_WEBHOOK_URL: 'https://hooks.slack.com/services/T/B/xyz123' };
    const line = scrubFailureMessage(
      'token request failed: 400 {"error":"invalid_client","error_description":"client_secret=sup3r-s3cret-value is wrong; password: other-pass1"} posting to https://hooks.slack.com/services/T/B/xyz123 via https://bot:hunter22@git.example.test/repo',
      env,
    );
    for (const secret of ['sup3r-s3cret-value', 'other-pass1', 'xyz123', 'hunter22']) expect(line).to.not.include(secret);
    expect(line).to.include('client_secret=[redacted]');
    expect(line).to.include('https://[redacted]@git.example.test/repo');
  });

  it('scrubs a form secret even when no environment variable holds it', () => {
    expect(scrubFailureMessage('{"client_secret":"abc-json"}', {})).to.equal('{"client_secret":"[redacted]"}');
    expect(scrubFailureMessage('grant_type=client_credentials&client_secret=abc&x=1', {})).to.equal('grant_type=client_credentials&client_secret=[redacted]&x=1');
  });

  it('keeps the words after a path that ends in a field name (POST /auth/token: authentication failed), and still scrubs a token field', () => {
    const line = 'POST /auth/token: authentication failed (invalid_grant: Invalid access key id or access key secret): check CXONE_ACCESS_KEY_ID';
    expect(scrubFailureMessage(line, {})).to.equal(line);
    expect(scrubFailureMessage('refused token: eyJhbGciOi.abc', {})).to.equal('refused token: [redacted]');
    expect(scrubFailureMessage('https://example.test/cb?token=abc123', {})).to.equal('https://example.test/cb?token=[redacted]');
  });
});
