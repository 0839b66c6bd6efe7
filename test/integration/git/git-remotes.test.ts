import { expect } from 'chai';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createAuditTrail } from '../../../controller/adapters/git/audit-trail.js';
import { GitAuthError } from '../../../controller/adapters/git/git-errors.js';
import type { GitRemoteAccess } from '../../../controller/adapters/git/git-remote-access.js';
import { createGitSource } from '../../../controller/adapters/git/git-source.js';
import type { GitSource } from '../../../controller/adapters/git/git-source-types.js';
import { createLogger } from '../../../controller/adapters/logging/create-logger.js';
import { startGitHttpServer, type GitHttpServer } from '../../support/git-http-server.js';
import { startSshServer, type SshServer } from '../../support/ssh-server.js';
import { auditRecord, AUDIT_BRANCH, recordsOnBranch } from './audit-fixture.js';
import { CAMPAIGN_YAML, createBareRemote, failureOf, TempDirs } from './git-fixture.js';

const TOKEN = 's3cr3t-t0ken-9f8e7d';
const USER = 'gitops-bot';

/** A debug logger without secret redaction: whatever reaches it came from the git adapters as they are. */
function capturingLogger(): { lines: string[]; log: ReturnType<typeof createLogger> } {
  const lines: string[] = [];
  return { lines, log: createLogger({ level: 'debug', destination: { write: (line: string) => void lines.push(line) } }) };
}

describe('real Git remotes: smart HTTP with basic auth and SSH with a key', function () {
  this.timeout(60_000);
  const temp = new TempDirs();
  const sources: GitSource[] = [];
  afterEach(async () => {
    await Promise.all(sources.splice(0).map((source) => source.stop()));
    await temp.cleanup();
  });

  const sourceFor = async (repoUrl: string, access: GitRemoteAccess | undefined, log: ReturnType<typeof createLogger>) => {
    const dataDir = await temp.make('cxone-gitops-data-');
    const source = createGitSource({ repoUrl, access, dataDir, pollSeconds: 3600, log });
    sources.push(source);
    return { source, dataDir };
  };

  describe('smart HTTP (git http-backend behind basic auth)', () => {
    let server: GitHttpServer;
    let root: string;
    beforeEach(async () => {
      root = await temp.make('cxone-gitops-http-root-');
      const { remote } = await createBareRemote(temp, { 'spring.yaml': CAMPAIGN_YAML('spring') });
      await import('node:fs/promises').then((fs) => fs.rename(remote, join(root, 'remote.git')));
      server = await startGitHttpServer(root, { username: USER, password: TOKEN });
    });
    afterEach(() => server.close());

    it('clones and pushes the audit branch with GITOPS_REPO_TOKEN given by the credential helper, never in the clone config or a log line', async () => {
      const { lines, log } = capturingLogger();
      const access = { credential: { username: USER, password: TOKEN } };
      const { source, dataDir } = await sourceFor(`${server.url}/remote.git`, access, log);
      const snapshot = await source.sync();
      expect(await readFile(join(snapshot.dir, 'spring.yaml'), 'utf8')).to.equal(CAMPAIGN_YAML('spring'));
      const trail = createAuditTrail({ repoUrl: `${server.url}/remote.git`, access, auditBranch: AUDIT_BRANCH, dataDir, log, batchDelayMs: 0 });
      await trail.start();
      await trail.record(auditRecord('spring'), { name: 'spring', document: { status: 'Synced' } });
      await trail.flush();
      await trail.stop();
      expect((await recordsOnBranch(join(root, 'remote.git'))).map((record) => record.campaign)).to.deep.equal(['spring']);
      expect(server.seen.some((request) => request.status === 401), 'git was challenged, then answered by the helper').to.equal(true);
      expect(server.seen.some((request) => request.path.endsWith('git-receive-pack') && request.status === 200), 'pushed').to.equal(true);
      for (const config of ['source', 'audit']) expect(await readFile(join(dataDir, config, '.git', 'config'), 'utf8')).to.not.include(TOKEN);
      expect(lines.join('\n')).to.include('git command').and.not.include(TOKEN);
    });

    it('takes the token from the user-info of GITOPS_REPO_URL without writing it to the clone', async () => {
      const { lines, log } = capturingLogger();
      const url = `${server.url.replace('http://', `http://${USER}:${TOKEN}@`)}/remote.git`;
      const { source, dataDir } = await sourceFor(url, undefined, log);
      await source.sync();
      const config = await readFile(join(dataDir, 'source', '.git', 'config'), 'utf8');
      expect(config).to.include(`url = ${server.url}/remote.git`).and.not.include(TOKEN);
      expect(lines.join('\n')).to.not.include(TOKEN);
    });

    it('fails a wrong password with an access-denied error naming the remote and the setting, and no credential anywhere', async () => {
      const { lines, log } = capturingLogger();
      const wrong = 'wr0ng-passw0rd-1234';
      const { source } = await sourceFor(`${server.url}/remote.git`, { credential: { username: USER, password: wrong } }, log);
      const error = await failureOf(source.sync());
      expect(error).to.be.instanceOf(GitAuthError);
      expect(error.message).to.include(`git fetch ${server.url}/remote.git`).and.include('access denied').and.include('GITOPS_REPO_URL');
      expect(`${error.message}\n${lines.join('\n')}`).to.not.include(wrong);
      expect(server.seen.filter((request) => request.status === 401).length, 'no retry of a refused credential').to.be.below(4);
    });
  });

  describe('SSH (a loopback sshd with a key)', () => {
    let sshd: SshServer;
    let remote: string;
    before(async () => {
      sshd = await startSshServer();
    });
    after(() => sshd.close());
    beforeEach(async () => {
      remote = (await createBareRemote(temp, { 'spring.yaml': CAMPAIGN_YAML('spring') })).remote;
    });

    it('clones and pushes with GITOPS_SSH_KEY_FILE and GITOPS_SSH_KNOWN_HOSTS, in BatchMode', async () => {
      const { log } = capturingLogger();
      const access = { sshKeyFile: sshd.clientKey, sshKnownHostsFile: sshd.knownHosts };
      const { source, dataDir } = await sourceFor(sshd.url(remote), access, log);
      const snapshot = await source.sync();
      expect(await readFile(join(snapshot.dir, 'spring.yaml'), 'utf8')).to.equal(CAMPAIGN_YAML('spring'));
      const trail = createAuditTrail({ repoUrl: sshd.url(remote), access, auditBranch: AUDIT_BRANCH, dataDir, log, batchDelayMs: 0 });
      await trail.start();
      await trail.record(auditRecord('spring'), { name: 'spring', document: { status: 'Synced' } });
      await trail.flush();
      await trail.stop();
      expect((await recordsOnBranch(remote)).map((record) => record.campaign)).to.deep.equal(['spring']);
    });

    it('refuses an unknown host key at once with an error that names GITOPS_SSH_KNOWN_HOSTS', async () => {
      const { log } = capturingLogger();
      const { source } = await sourceFor(sshd.url(remote), { sshKeyFile: sshd.clientKey, sshKnownHostsFile: sshd.wrongKnownHosts }, log);
      const started = Date.now();
      const error = await failureOf(source.sync());
      expect(error).to.be.instanceOf(GitAuthError);
      expect(error.message).to.include('Host key verification failed').and.include('GITOPS_SSH_KNOWN_HOSTS');
      expect(error.message, 'not ssh-keygen’s hint to delete the key').to.not.include('ssh-keygen');
      expect(Date.now() - started, 'no prompt, no retry').to.be.below(20_000);
    });

    it('refuses a key the server does not accept, without prompting for a password', async () => {
      const { log } = capturingLogger();
      const { source } = await sourceFor(sshd.url(remote), { sshKeyFile: sshd.strangerKey, sshKnownHostsFile: sshd.knownHosts }, log);
      const error = await failureOf(source.sync());
      expect(error).to.be.instanceOf(GitAuthError);
      expect(error.message).to.include('Permission denied (publickey').and.include('GITOPS_SSH_KEY_FILE');
    });
  });
});
