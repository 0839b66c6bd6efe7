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

  it('keeps https and ssh URLs remote and prints them without credentials', () => {
    const https = resolveRepositoryUrl('https://bot:t0ken-value@git.example.com/org/repo.git');
    expect(https).to.deep.include({ url: 'https://bot:t0ken-value@git.example.com/org/repo.git', display: 'https://git.example.com/org/repo.git' });
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
