import { expect } from 'chai';
import fc from 'fast-check';
import { credentialsOf, redactCredentials, redactUrl } from '../../../../controller/adapters/git/redact-url.js';

describe('redactUrl', () => {
  const table: Array<[string, string]> = [
    ['https://user:pass@git.example.com/org/repo.git', 'https://git.example.com/org/repo.git'],
    ['https://ghp_token123@github.com/org/repo.git', 'https://github.com/org/repo.git'],
    ['fetch https://a:b@h1/x and http://c:d@h2/y', 'fetch https://h1/x and http://h2/y'],
    ['https://user:p@ss@git.example.com/repo', 'https://git.example.com/repo'],
    ['ssh://git@git.example.com:2222/org/repo.git', 'ssh://git.example.com:2222/org/repo.git'],
    ['git@github.com:org/repo.git', 'git@github.com:org/repo.git'],
    ['/srv/git/repo.git', '/srv/git/repo.git'],
  ];
  for (const [input, output] of table) {
    it(`prints ${input} as ${output}`, () => expect(redactUrl(input)).to.equal(output));
  }

  it('never leaves the password or token of a URL in any text', () => {
    const secret = fc.string({ minLength: 4, maxLength: 20, unit: fc.constantFrom(...'abcdefXYZ0123456789-_.~%'.split('')) });
    fc.assert(
      fc.property(secret, secret, fc.string({ maxLength: 20 }), (user, password, noise) => {
        const url = `https://${user}:${password}@git.example.com/org/repo.git`;
        const text = redactCredentials(`${noise} fatal: unable to access '${url}' for ${user}:${password} ${noise}`, credentialsOf(url));
        return !text.includes(`${user}:${password}`) && !text.includes(password);
      }),
    );
  });

  it('treats the user name of an http(s) URL as a secret but not the ssh user', () => {
    expect(credentialsOf('https://ghp_token123@github.com/org/repo.git')).to.include('ghp_token123');
    expect(credentialsOf('ssh://git@github.com/org/repo.git')).to.deep.equal([]);
    expect(credentialsOf('https://x-access-token:abc%2Fdef@github.com/repo')).to.include.members(['abc%2Fdef', 'abc/def']);
  });
});
