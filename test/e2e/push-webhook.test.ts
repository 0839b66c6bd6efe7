import { expect } from 'chai';
import { spawn, type ChildProcess } from 'node:child_process';
import { createHmac } from 'node:crypto';
import net, { type AddressInfo } from 'node:net';
import path from 'node:path';
import type { Campaign } from '../../emulator/types.js';
import { git, replaceInFile, startHarness, type Harness } from '../support/controller-harness.js';
import { httpRequest, type TestResponse } from '../support/http-request.js';
import { waitFor } from '../support/wait-for.js';

const SPRING = 'a1b2c3d4-e5f6-7890-abcd-ef1234567890';
const SECRET = 'push-secret-8d2e';

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * `git daemon` serving `baseDir` on 127.0.0.1 over git:// (pushes allowed, for the audit branch).
 * A git:// remote is not a local path, so the controller cannot watch its refs: with polling set
 * to an hour, only the push webhook can tell it about a new commit.
 */
async function startGitDaemon(baseDir: string): Promise<{ url(repository: string): string; close(): Promise<void> }> {
  const port = await freePort();
  const daemon: ChildProcess = spawn(
    'git',
    ['daemon', '--reuseaddr', '--export-all', '--enable=receive-pack', `--base-path=${baseDir}`, '--listen=127.0.0.1', `--port=${port}`, baseDir],
    { stdio: 'ignore' },
  );
  const exited = new Promise<void>((resolve) => daemon.once('exit', () => resolve()));
  const url = (repository: string) => `git://127.0.0.1:${port}/${repository}`;
  const close = async () => {
    if (daemon.exitCode === null && daemon.signalCode === null) daemon.kill('SIGTERM');
    await exited;
  };
  try {
    await waitFor(() => git(baseDir, 'ls-remote', url('remote.git')).then(() => true), { timeoutMs: 10_000, what: `git daemon on port ${port}` });
  } catch (error) {
    await close();
    throw error;
  }
  return { url, close };
}

const githubSignature = (body: string, secret = SECRET) => `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

describe('the signed push webhook /hooks/git (a git:// remote, no ref watcher, polling every hour)', function () {
  this.timeout(60_000);
  let harness: Harness;
  let daemon: Awaited<ReturnType<typeof startGitDaemon>>;

  const live = (id: string): Campaign => harness.emulator.context.store.get(id)!;
  const hook = (body: string, headers: Record<string, string>): Promise<TestResponse<{ accepted?: boolean; error?: string }>> =>
    httpRequest(`${harness.url()}/hooks/git`, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });
  const pushAnswerRate = (to: string) =>
    harness.push(`Set the answer-rate weight of spring renewals to ${to}`, (work) =>
      replaceInFile(path.join(work, 'retention/spring-renewals.yaml'), 'answer_rate: 0.12', `answer_rate: ${to}`),
    );
  const startController = async (extra: Record<string, string> = {}) => {
    await harness.startController({ GITOPS_REPO_URL: daemon.url('remote.git'), GITOPS_POLL_SECONDS: '3600', ...extra });
    return waitFor(async () => {
      const status = await harness.status();
      return status.ready && status.queue.queued === 0 && status.queue.running === 0 ? status : undefined;
    }, { timeoutMs: 20_000, what: 'the controller to be ready and idle' });
  };

  beforeEach(async () => {
    harness = await startHarness();
    daemon = await startGitDaemon(harness.dir);
  });
  afterEach(async () => {
    await harness.stopController();
    await daemon.close();
    await harness.close();
  });

  it('answers 401 to a missing, wrong or tampered signature', async () => {
    const started = await startController({ GIT_WEBHOOK_SECRET: SECRET });
    const revision = await pushAnswerRate('0.15');
    const body = JSON.stringify({ ref: 'refs/heads/main', after: revision });

    const refused: Array<[string, Record<string, string>, string?]> = [
      ['no signature header', {}],
      ['a GitHub signature made with another secret', { 'x-hub-signature-256': githubSignature(body, 'not-the-secret') }],
      ['a GitHub signature of another body', { 'x-hub-signature-256': githubSignature(body) }, JSON.stringify({ ref: 'refs/heads/main', after: '0'.repeat(40) })],
      ['a GitHub signature without the sha256= prefix', { 'x-hub-signature-256': githubSignature(body).slice('sha256='.length) }],
      ['a wrong GitLab token', { 'x-gitlab-token': 'not-the-secret' }],
      ['a GitLab token that is a prefix of the secret', { 'x-gitlab-token': SECRET.slice(0, -1) }],
    ];
    for (const [what, headers, sent] of refused) {
      const response = await hook(sent ?? body, headers);
      expect(response.status, what).to.equal(401);
      expect(response.body.error, what).to.equal('Unauthorized');
    }
    const status = await harness.status();
    expect(status.revision, 'still the revision it started with').to.equal(started.revision);
    expect(live(SPRING).version).to.equal(1);
  });

  it('applies the pushed commit after a push event signed with GitHub X-Hub-Signature-256 (202)', async () => {
    await startController({ GIT_WEBHOOK_SECRET: SECRET });
    const revision = await pushAnswerRate('0.15');
    const body = JSON.stringify({ ref: 'refs/heads/main', after: revision, repository: { full_name: 'contact-centre/desired-state' } });

    const response = await hook(body, { 'x-github-event': 'push', 'x-hub-signature-256': githubSignature(body) });
    expect(response.status).to.equal(202);
    expect(response.body).to.deep.equal({ accepted: true });

    await waitFor(() => live(SPRING).predictiveDialerSettings.parameterWeights.answer_rate === 0.15, { timeoutMs: 20_000, what: 'the commit to be applied' });
    const state = await waitFor(async () => {
      const current = (await harness.status()).campaigns.find((c) => c.name === 'spring-renewals');
      return current?.status === 'Synced' && current.lastAppliedRevision === revision ? current : undefined;
    }, { timeoutMs: 20_000, what: 'spring-renewals Synced at the pushed revision' });
    expect(state.desiredRevision).to.equal(revision);
  });

  it('applies the pushed commit after a push event carrying the GitLab X-Gitlab-Token (202)', async () => {
    await startController({ GIT_WEBHOOK_SECRET: SECRET });
    const revision = await pushAnswerRate('0.16');
    const body = JSON.stringify({ object_kind: 'push', ref: 'refs/heads/main', checkout_sha: revision });

    const response = await hook(body, { 'x-gitlab-event': 'Push Hook', 'x-gitlab-token': SECRET });
    expect(response.status).to.equal(202);

    await waitFor(() => live(SPRING).predictiveDialerSettings.parameterWeights.answer_rate === 0.16, { timeoutMs: 20_000, what: 'the commit to be applied' });
    await waitFor(async () => (await harness.status()).campaigns.find((c) => c.name === 'spring-renewals')?.lastAppliedRevision === revision, {
      timeoutMs: 20_000,
      what: 'the pushed revision to be the last applied',
    });
    const audit = await waitFor(async () => {
      const entries = await harness.audit();
      return entries.some((entry) => entry.trailers.Outcome === 'applied') ? entries : undefined;
    }, { timeoutMs: 20_000, what: 'the audit commit pushed over git://' });
    expect(audit.find((entry) => entry.trailers.Outcome === 'applied')!.trailers['Desired-Revision']).to.equal(revision);
  });

  it('answers 404 on /hooks/git when GIT_WEBHOOK_SECRET is not set, even to a well-signed event', async () => {
    await startController();
    const body = JSON.stringify({ ref: 'refs/heads/main' });
    const response = await hook(body, { 'x-hub-signature-256': githubSignature(body) });
    expect(response.status).to.equal(404);
    expect((await hook(body, { 'x-gitlab-token': SECRET })).status).to.equal(404);
  });
});
