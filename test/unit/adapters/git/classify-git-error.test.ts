import { expect } from 'chai';
import { classifyGitError, gitErrorDetail } from '../../../../controller/adapters/git/classify-git-error.js';
import { GitNotFoundError, type GitErrorContext } from '../../../../controller/adapters/git/git-errors.js';
import { isConflictError, isStalledError, isTransientError } from '../../../../controller/domain/errors.js';

const fetch: GitErrorContext = { operation: 'fetch', remote: 'https://git.example.com/org/repo.git', branch: 'main', branchSetting: 'GITOPS_BRANCH' };
const push: GitErrorContext = { operation: 'push', remote: 'https://git.example.com/org/repo.git', branch: 'cxone-gitops/audit', branchSetting: 'GITOPS_AUDIT_BRANCH' };
const diff: GitErrorContext = { operation: 'diff', revision: 'abc..def' };

describe('classifyGitError', () => {
  const table: Array<[string, GitErrorContext, string, 'stalled' | 'transient' | 'conflict']> = [
    ["fatal: Authentication failed for 'https://git.example.com/org/repo.git/'", fetch, 'GitAuthError', 'stalled'],
    ["fatal: could not read Username for 'https://git.example.com': terminal prompts disabled", fetch, 'GitAuthError', 'stalled'],
    ['git@github.com: Permission denied (publickey).\r\nfatal: Could not read from remote repository.', fetch, 'GitAuthError', 'stalled'],
    ["remote: Permission to org/repo.git denied to bot.\nfatal: unable to access 'https://github.com/org/repo.git/': The requested URL returned error: 403", push, 'GitAuthError', 'stalled'],
    ['remote: error: GH006: Protected branch update failed for refs/heads/main.\n ! [remote rejected] HEAD -> main (protected branch hook declined)', push, 'GitAuthError', 'stalled'],
    ["fatal: couldn't find remote ref main", fetch, 'GitNotFoundError', 'stalled'],
    ["fatal: '/srv/repo' does not appear to be a git repository\nfatal: Could not read from remote repository.", fetch, 'GitNotFoundError', 'stalled'],
    ["remote: Repository not found.\nfatal: repository 'https://github.com/org/nope.git/' not found", fetch, 'GitNotFoundError', 'stalled'],
    [
      "To /srv/repo\n ! [rejected]        HEAD -> cxone-gitops/audit (fetch first)\nerror: failed to push some refs to '/srv/repo'\nhint: Updates were rejected because the remote contains work",
      push,
      'GitPushRejectedError',
      'conflict',
    ],
    [' ! [rejected]        HEAD -> cxone-gitops/audit (non-fast-forward)\nerror: failed to push some refs', push, 'GitPushRejectedError', 'conflict'],
    [' ! [remote rejected] HEAD -> cxone-gitops/audit (failed to update ref)\nerror: failed to push some refs', push, 'GitPushRejectedError', 'conflict'],
    ["fatal: unable to access 'https://git.example.com/org/repo.git/': Could not resolve host: git.example.com", fetch, 'GitTransientError', 'transient'],
    ["fatal: unable to access 'https://git.example.com/org/repo.git/': The requested URL returned error: 503", fetch, 'GitTransientError', 'transient'],
    ['ssh: connect to host git.example.com port 22: Connection timed out\nfatal: Could not read from remote repository.', fetch, 'GitTransientError', 'transient'],
    ['error: RPC failed; curl 56 GnuTLS recv error (-9)\nfatal: early EOF', fetch, 'GitTransientError', 'transient'],
    ["fatal: Unable to create '/data/source/.git/index.lock': File exists.", diff, 'GitTransientError', 'transient'],
    ['block timeout reached', fetch, 'GitTransientError', 'transient'],
    ['fatal: bad object 0123456789abcdef0123456789abcdef01234567', diff, 'GitNotFoundError', 'stalled'],
    ["fatal: ambiguous argument 'abc..def': unknown revision or path not in the working tree.", diff, 'GitNotFoundError', 'stalled'],
    ['fatal: something nobody has seen before', diff, 'GitCommandError', 'transient'],
    ["fatal: unable to access 'https://git.example.com/org/repo.git/': SSL certificate problem: self-signed certificate in certificate chain", fetch, 'GitTlsTrustError', 'stalled'],
    ["fatal: unable to access 'https://git.example.com/org/repo.git/': SSL certificate problem: unable to get local issuer certificate", fetch, 'GitTlsTrustError', 'stalled'],
    ["fatal: unable to access 'https://git.example.com/org/repo.git/': server certificate verification failed. CAfile: none CRLfile: none", fetch, 'GitTlsTrustError', 'stalled'],
    ["fatal: unable to access 'https://git.example.com/org/repo.git/': SSL: no alternative certificate subject name matches target host name 'git.example.com'", push, 'GitTlsTrustError', 'stalled'],
  ];

  for (const [stderr, context, name, errorClass] of table) {
    it(`classifies "${stderr.split('\n')[0]?.slice(0, 70) ?? ''}" on ${context.operation} as ${name}`, () => {
      const error = classifyGitError(stderr, context);
      expect(error.name).to.equal(name);
      const classes = { stalled: isStalledError(error), transient: isTransientError(error), conflict: isConflictError(error) };
      expect(classes[errorClass]).to.equal(true);
    });
  }

  it('names the branch setting for a missing branch and the URL setting for a missing repository', () => {
    expect(classifyGitError("fatal: couldn't find remote ref main", fetch).message).to.contain('branch "main" not found').and.to.contain('GITOPS_BRANCH');
    const missingRepository = classifyGitError("fatal: '/srv/repo' does not appear to be a git repository", fetch);
    expect(missingRepository).to.be.instanceOf(GitNotFoundError);
    expect((missingRepository as GitNotFoundError).missing).to.equal('repository');
    expect(missingRepository.message).to.contain('GITOPS_REPO_URL');
  });

  it('tells a TLS trust failure how to trust a private CA instead of retrying it forever', () => {
    const error = classifyGitError("fatal: unable to access 'https://git.example.com/org/repo.git/': SSL certificate problem: unable to get local issuer certificate", fetch);
    expect(error.message).to.contain('is not trusted').and.to.contain('GIT_SSL_CAINFO=/path/to/ca.pem').and.to.contain('GITOPS_REPO_URL');
  });

  it('tells a push conflict to fetch and re-apply, and an auth failure to check the credentials', () => {
    expect(classifyGitError(' ! [rejected] HEAD -> x (fetch first)', push).message).to.match(/fetch and re-apply on the new tip$/);
    expect(classifyGitError('fatal: Authentication failed', push).message).to.contain('check the credentials for GITOPS_REPO_URL').and.to.contain('push to');
  });

  it('keeps the fatal and error lines of stderr, without hints, shortened', () => {
    expect(gitErrorDetail('hint: do this\nfatal: it broke\nerror: and this\n')).to.equal('it broke; and this');
    expect(gitErrorDetail('plain text only')).to.equal('plain text only');
    expect(gitErrorDetail(`fatal: ${'x'.repeat(500)}`)).to.have.length(300);
  });

  it('drops the --progress lines (carriage-return updates, the remote\'s too) from the detail', () => {
    const stderr =
      'POST git-upload-pack (371 bytes)\nremote: Enumerating objects: 302, done.\nremote: Counting objects:  39% (118/302)\rremote: Counting objects: 100% (302/302), done.\n' +
      'Receiving objects:   1% (4/302)\rReceiving objects:   2% (7/302), 28.00 KiB | 38.00 KiB/s\rremote: Total 302 (delta 0), reused 0 (delta 0)\nUpdating files:  50% (150/300)\r';
    expect(gitErrorDetail(stderr)).to.equal('POST git-upload-pack (371 bytes)');
    expect(gitErrorDetail(`${stderr}git printed nothing for 120000 ms and was killed (block timeout reached)`)).to.equal('POST git-upload-pack (371 bytes); git printed nothing for 120000 ms and was killed (block timeout reached)');
    expect(gitErrorDetail(`Receiving objects:  40% (121/302)\rfatal: early EOF\n`)).to.equal('early EOF');
  });
});
