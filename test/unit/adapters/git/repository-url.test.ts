import { expect } from 'chai';
import { resolveRepositoryUrl } from '../../../../controller/adapters/git/repository-url.js';

describe('resolveRepositoryUrl', () => {
  it('makes a relative path absolute and marks it local', () => {
    expect(resolveRepositoryUrl('repos/desired', '/work')).to.deep.include({ url: '/work/repos/desired', localPath: '/work/repos/desired' });
    expect(resolveRepositoryUrl('/srv/repo.git', '/work')).to.deep.include({ url: '/srv/repo.git', localPath: '/srv/repo.git' });
  });

  it('turns a file:// URL into a local path', () => {
    expect(resolveRepositoryUrl('file:///srv/repo.git')).to.deep.include({ url: '/srv/repo.git', localPath: '/srv/repo.git', display: 'file:///srv/repo.git' });
  });

  it('keeps https and ssh URLs remote, prints them without credentials, and gives git the https credential apart from the URL', () => {
    const https = resolveRepositoryUrl('https://bot:t0ken-value@git.example.com/org/repo.git');
    expect(https).to.deep.include({ url: 'https://git.example.com/org/repo.git', display: 'https://git.example.com/org/repo.git' });
    expect(https.credential).to.deep.equal({ username: 'bot', password: 't0ken-value' });
    expect(resolveRepositoryUrl('https://ghp_tokenOnly1234@github.com/org/repo.git').credential).to.deep.equal({ username: 'ghp_tokenOnly1234', password: 'ghp_tokenOnly1234' });
    expect(https.localPath).to.equal(undefined);
    expect(https.secrets).to.include('t0ken-value');
    expect(resolveRepositoryUrl('git@github.com:org/repo.git').localPath).to.equal(undefined);
    expect(resolveRepositoryUrl('ssh://git@github.com/org/repo.git').localPath).to.equal(undefined);
  });

  it('refuses an empty URL or one that git would read as an option', () => {
    expect(() => resolveRepositoryUrl('  ')).to.throw(TypeError, /GITOPS_REPO_URL/);
    expect(() => resolveRepositoryUrl('--upload-pack=evil')).to.throw(TypeError, /GITOPS_REPO_URL/);
  });
});
