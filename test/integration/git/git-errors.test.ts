import { expect } from 'chai';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAuditTrail } from '../../../controller/adapters/git/audit-trail.js';
import { createGitSource } from '../../../controller/adapters/git/git-source.js';
import type { Logger } from '../../../controller/adapters/logging/logger.js';
import { isStalledError, isTransientError } from '../../../controller/domain/errors.js';
import { auditRecord } from './audit-fixture.js';
import { CAMPAIGN_YAML, createWorkingRepo, TempDirs } from './git-fixture.js';

const SECRET = 's3cr3t-t0ken-value';

async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a failure');
}

/** Everything a user or a log collector could see of an error. */
function visible(error: Error): string {
  return [error.message, error.stack ?? '', JSON.stringify(error), String(error)].join('\n');
}

function capturingLogger(lines: string[]): Logger {
  const write = (meta: unknown, message?: string) => lines.push(JSON.stringify(meta) + (message ?? ''));
  const log: Logger = { debug: write, info: write, warn: write, error: write, child: () => log };
  return log;
}

describe('git errors', () => {
  const temp = new TempDirs();
  let server: Server;
  let base: string;

  before(async () => {
    server = createServer((_request, response) => {
      response.writeHead(401, { 'WWW-Authenticate': 'Basic realm="git"' });
      response.end('unauthorized');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));
  afterEach(() => temp.cleanup());

  it('names GITOPS_REPO_URL when the repository does not exist', async () => {
    const missing = `${await temp.make()}/no-such-repo`;
    const source = createGitSource({ repoUrl: missing, dataDir: await temp.make() });
    const error = await failure(source.sync());
    expect(error.name).to.equal('GitNotFoundError');
    expect(isStalledError(error)).to.equal(true);
    expect(error.message).to.contain('GITOPS_REPO_URL').and.to.contain(missing);
    await source.stop();
  });

  it('names GITOPS_BRANCH when the branch does not exist', async () => {
    const repo = await createWorkingRepo(await temp.make(), { 'a.yaml': CAMPAIGN_YAML('a') });
    const source = createGitSource({ repoUrl: repo, branch: 'release', dataDir: await temp.make() });
    const error = await failure(source.sync());
    expect(error.name).to.equal('GitNotFoundError');
    expect(error.message).to.match(/branch "release" not found/).and.to.contain('GITOPS_BRANCH');
    await source.stop();
  });

  it('names GITOPS_PATH when it is not a directory of the revision', async () => {
    const repo = await createWorkingRepo(await temp.make(), { 'a.yaml': CAMPAIGN_YAML('a') });
    const source = createGitSource({ repoUrl: repo, path: 'campaigns', dataDir: await temp.make() });
    const error = await failure(source.sync());
    expect(error.name).to.equal('GitNotFoundError');
    expect(error.message).to.contain('GITOPS_PATH "campaigns" is not a directory');
    expect(() => createGitSource({ repoUrl: repo, path: '../outside', dataDir: '/tmp' })).to.throw(TypeError, /GITOPS_PATH/);
  });

  it('reports refused credentials as an authentication error without printing them', async () => {
    const lines: string[] = [];
    const source = createGitSource({ repoUrl: `http://deploy:${SECRET}@${base}/org/repo.git`, dataDir: await temp.make(), log: capturingLogger(lines) });
    const error = await failure(source.sync());
    expect(error.name).to.equal('GitAuthError');
    expect(isStalledError(error)).to.equal(true);
    expect(error.message).to.contain(`http://${base}/org/repo.git`).and.to.contain('GITOPS_REPO_URL');
    expect(visible(error)).to.not.contain(SECRET);
    expect(lines.join('\n')).to.not.contain(SECRET);
    await source.stop();
  });

  it('reports an unreachable remote as transient, without the token given as the user name', async () => {
    const token = `ghp_${SECRET}`;
    const source = createGitSource({ repoUrl: `https://${token}@127.0.0.1:1/org/repo.git`, dataDir: await temp.make() });
    const error = await failure(source.sync());
    expect(error.name).to.equal('GitTransientError');
    expect(isTransientError(error)).to.equal(true);
    expect(error.message).to.contain('https://127.0.0.1:1/org/repo.git');
    expect(visible(error)).to.not.contain(SECRET);
    await source.stop();
  });

  it('keeps credentials out of audit trail errors and logs, and keeps the record journaled', async () => {
    const lines: string[] = [];
    const audit = createAuditTrail({ repoUrl: `http://deploy:${SECRET}@${base}/org/repo.git`, dataDir: await temp.make(), log: capturingLogger(lines), batchDelayMs: 3_600_000 });
    const error = await failure(audit.start());
    expect(error.name).to.equal('GitAuthError');
    expect(error.message).to.contain('GITOPS_REPO_URL');
    await audit.record(auditRecord('spring-renewals', { reason: 'applied' }));
    expect(visible(await failure(audit.flush()))).to.not.contain(SECRET);
    expect(audit.pending()).to.equal(1);
    await audit.stop();
    expect(visible(error)).to.not.contain(SECRET);
    expect(lines.join('\n')).to.not.contain(SECRET);
    expect(lines.join('\n')).to.contain('pushing audit records failed');
  });
});
