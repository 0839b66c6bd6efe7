import { expect } from 'chai';
import { createTextLogger, formatLogLine } from '../../../controller/adapters/logging/create-text-logger.js';
import { SecretRegistry } from '../../../controller/adapters/logging/secret-registry.js';

describe('the text logger of the commands and the demo', () => {
  it('writes one readable line per event: level, campaign, message, the error, then the details', () => {
    const lines: string[] = [];
    const secrets = new SecretRegistry();
    secrets.add('s3cr3t-value');
    const log = createTextLogger({ level: 'warn', secrets, write: (line) => lines.push(line) }).child({ component: 'reconcile', campaign: 'spring-renewals' });
    log.info({ url: 'x' }, 'not shown below warn');
    log.warn({ campaign: 'spring-renewals', status: 409, err: new Error('version conflict (token s3cr3t-value)'), clientSecret: 'x' }, 'apply rejected');
    expect(lines).to.deep.equal(['warning: spring-renewals: apply rejected: version conflict (token [redacted]) (status 409)\n']);
  });
  it('does not repeat a detail the message already says', () => {
    expect(formatLogLine('info', { url: 'http://127.0.0.1:8080', port: 8080 }, 'listening on http://127.0.0.1:8080')).to.equal('listening on http://127.0.0.1:8080');
  });
});
