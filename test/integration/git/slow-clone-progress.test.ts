/**
 * The git idle limit is "no progress", not the command's whole time (issue 10, "Scale and floods";
 * docs/architecture.md, "Git commands and the idle limit"): the 100,000-file bench's first clone
 * spent its checkout silent, and git is silent on a pipe unless asked for `--progress`, so a clone
 * that was still working was killed. Pinned at a small scale: the desired-state source clones over
 * smart HTTP through a proxy that hands out the answer slowly, for several times the idle limit,
 * and works; the same clone through a proxy that stalls fails within a few idle limits, saying so.
 */
import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import { readdir, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { createGitSource } from '../../../controller/adapters/git/git-source.js';
import type { GitSource } from '../../../controller/adapters/git/git-source-types.js';
import { startGitHttpServer, type GitHttpServer } from '../../support/git-http-server.js';
import { startThrottlingProxy, type ThrottlingProxy } from '../../support/throttling-proxy.js';
import { createBareRemote, failureOf, TempDirs } from './git-fixture.js';

const FILES = 300;
const IDLE_MS = 3000;
const CREDENTIAL = { username: 'gitops-bot', password: 'sl0w-l1nk-t0ken-4d3c' };

/** 300 files of incompressible text: a pack of about 210 KB, about 8 s through the proxy (25 KB/s). */
function repositoryFiles(): Record<string, string> {
  return Object.fromEntries(Array.from({ length: FILES }, (_, i) => [`team-${i % 10}/file-${String(i).padStart(3, '0')}.txt`, `${randomBytes(600).toString('base64')}\n`]));
}

describe('git idle limit on a slow remote', function () {
  this.timeout(60_000);
  const temp = new TempDirs();
  let server: GitHttpServer;
  let proxy: ThrottlingProxy | undefined;
  let source: GitSource | undefined;
  before(async () => {
    const root = await temp.make('cxone-gitops-slow-root-');
    const { remote } = await createBareRemote(temp, repositoryFiles());
    await rename(remote, join(root, 'remote.git'));
    server = await startGitHttpServer(root, CREDENTIAL);
  });
  afterEach(async () => {
    await source?.stop();
    source = undefined;
    await proxy?.close();
    proxy = undefined;
  });
  after(async () => {
    await server.close();
    await temp.cleanup();
  });

  const sourceThrough = async (stallAfterBytes?: number): Promise<GitSource> => {
    proxy = await startThrottlingProxy({ upstreamPort: Number(new URL(server.url).port), chunkBytes: 1024, intervalMs: 40, stallAfterBytes });
    const dataDir = await temp.make('cxone-gitops-slow-data-');
    source = createGitSource({ repoUrl: `http://127.0.0.1:${proxy.port}/remote.git`, access: { credential: CREDENTIAL }, dataDir, pollSeconds: 0, idleTimeoutMs: IDLE_MS });
    return source;
  };

  it('clones a repository whose transfer takes several times the idle limit, as long as git makes progress', async () => {
    const started = Date.now();
    const snapshot = await (await sourceThrough()).sync();
    const took = Date.now() - started;
    const teams = await readdir(snapshot.dir);
    const files = (await Promise.all(teams.filter((name) => name.startsWith('team-')).map((team) => readdir(join(snapshot.dir, team))))).flat();
    expect(files).to.have.length(FILES);
    expect(took, 'the clone outlasted the idle limit (else this proves nothing)').to.be.greaterThan(2 * IDLE_MS);
    expect(proxy!.delivered(), 'the pack came through the proxy').to.be.greaterThan(200_000);
  });

  it('still kills a clone that stops making progress, and says that git printed nothing for the idle limit', async () => {
    const started = Date.now();
    const error = await failureOf((await sourceThrough(60_000)).sync());
    expect(error.message).to.include(`git printed nothing for ${IDLE_MS} ms and was killed`).and.include('remote.git');
    expect(error.message).to.not.include(CREDENTIAL.password).and.not.match(/Receiving objects/);
    // Three attempts of a read from the remote, each killed after the idle limit, with backoff.
    expect(Date.now() - started).to.be.lessThan(30_000);
  });
});
