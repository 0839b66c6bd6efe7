import { expect } from 'chai';
import { Writable } from 'node:stream';
import { createLogger } from '../../../controller/adapters/logging/create-logger.js';
import { SecretRegistry } from '../../../controller/adapters/logging/secret-registry.js';

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  return { lines, destination };
}

describe('logging', () => {
  it('writes JSON lines with a level label, a time and the metadata', () => {
    const { lines, destination } = capture();
    const log = createLogger({ destination });
    log.child({ campaign: 'spring-renewals' }).warn({ status: 409 }, 'apply rejected');
    const line = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(line).to.include({ level: 'warn', campaign: 'spring-renewals', status: 409, msg: 'apply rejected' });
    expect(Date.parse(line.time as string)).to.not.be.NaN;
  });

  it('redacts secret fields and every registered secret value, in messages and metadata', () => {
    const { lines, destination } = capture();
    const secrets = new SecretRegistry();
    secrets.add('client-secret-123');
    secrets.add('tok_abcdef');
    const log = createLogger({ destination, secrets });
    log.info({ headers: { authorization: 'Bearer tok_abcdef' }, clientSecret: 'client-secret-123' }, 'calling');
    log.error({ error: new Error('failed with tok_abcdef'), nested: { detail: 'x client-secret-123 y' } }, 'boom tok_abcdef');
    const text = lines.join('\n');
    expect(text).to.not.include('tok_abcdef');
    expect(text).to.not.include('client-secret-123');
    expect(text).to.include('[redacted]');
    expect(text).to.include('failed with [redacted]');
  });

  it('ignores values too short to be secrets', () => {
    const secrets = new SecretRegistry();
    secrets.add('abc');
    expect(secrets.scrub('abc def')).to.equal('abc def');
  });
});
