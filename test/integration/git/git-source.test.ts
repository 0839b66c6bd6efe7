import { expect } from 'chai';
import { existsSync } from 'node:fs';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createGitSource } from '../../../controller/adapters/git/git-source.js';
import type { GitSource, GitSourceOptions } from '../../../controller/adapters/git/git-source-types.js';
import { waitFor } from '../../support/wait-for.js';
import { CAMPAIGN_YAML, commitFiles, createBareRemote, createWorkingRepo, git, revParse, TempDirs } from './git-fixture.js';

describe('git source', () => {
  const temp = new TempDirs();
  const sources: GitSource[] = [];

  const source = async (options: Partial<GitSourceOptions> & { repoUrl: string }): Promise<GitSource> => {
    const created = createGitSource({ dataDir: await temp.make('cxone-gitops-data-'), pollSeconds: 3600, ...options });
    sources.push(created);
    return created;
  };
  const changes = (target: GitSource): string[] => {
    const seen: string[] = [];
    target.onChange((revision) => seen.push(revision));
    return seen;
  };

  afterEach(async () => {
    await Promise.all(sources.splice(0).map((created) => created.stop()));
    await temp.cleanup();
  });

  it('clones on the first sync and returns the tip with the files of GITOPS_PATH', async () => {
    const remote = await createWorkingRepo(await temp.make(), { 'campaigns/spring.yaml': CAMPAIGN_YAML('spring'), 'README.md': 'docs' });
    const tip = await revParse(remote, 'HEAD');
    const snapshot = await (await source({ repoUrl: remote, path: 'campaigns' })).sync();
    expect(snapshot.revision).to.equal(tip);
    expect(snapshot.subject).to.equal('initial desired state');
    expect(snapshot.author).to.equal('Test Engineer <engineer@example.test>');
    expect(Number.isNaN(Date.parse(snapshot.committedAt))).to.equal(false);
    expect(await readFile(join(snapshot.dir, 'spring.yaml'), 'utf8')).to.equal(CAMPAIGN_YAML('spring'));
    expect(existsSync(join(snapshot.dir, 'README.md'))).to.equal(false);
  });

  it('never sees uncommitted or untracked changes in the working tree of a non-bare remote', async () => {
    const remote = await createWorkingRepo(await temp.make(), { 'spring.yaml': CAMPAIGN_YAML('spring', 0.1) });
    await writeFile(join(remote, 'spring.yaml'), CAMPAIGN_YAML('spring', 0.9));
    await writeFile(join(remote, 'draft.yaml'), CAMPAIGN_YAML('draft'));
    const snapshot = await (await source({ repoUrl: remote })).sync();
    expect(await readFile(join(snapshot.dir, 'spring.yaml'), 'utf8')).to.equal(CAMPAIGN_YAML('spring', 0.1));
    expect(existsSync(join(snapshot.dir, 'draft.yaml'))).to.equal(false);
  });

  it('discards local edits and stray files in its own checkout on the next sync', async () => {
    const remote = await createWorkingRepo(await temp.make(), { 'spring.yaml': CAMPAIGN_YAML('spring', 0.1) });
    const gitSource = await source({ repoUrl: remote });
    const first = await gitSource.sync();
    await writeFile(join(first.dir, 'spring.yaml'), 'tampered');
    await writeFile(join(first.dir, 'stray.yaml'), 'stray');
    const second = await gitSource.sync();
    expect(await readFile(join(second.dir, 'spring.yaml'), 'utf8')).to.equal(CAMPAIGN_YAML('spring', 0.1));
    expect(existsSync(join(second.dir, 'stray.yaml'))).to.equal(false);
  });

  it('reuses its clone after a restart', async () => {
    const remote = await createWorkingRepo(await temp.make(), { 'spring.yaml': CAMPAIGN_YAML('spring') });
    const dataDir = await temp.make('cxone-gitops-data-');
    const first = await source({ repoUrl: remote, dataDir });
    await first.sync();
    await first.stop();
    await writeFile(join(dataDir, 'source', '.git', 'kept-marker'), 'x');
    const tip = await commitFiles(remote, { 'autumn.yaml': CAMPAIGN_YAML('autumn') });
    const snapshot = await (await source({ repoUrl: remote, dataDir })).sync();
    expect(snapshot.revision).to.equal(tip);
    expect(existsSync(join(dataDir, 'source', '.git', 'kept-marker'))).to.equal(true);
    expect(existsSync(join(snapshot.dir, 'autumn.yaml'))).to.equal(true);
  });

  it('fires onChange within a couple of seconds of a commit to a non-bare local remote, without waiting for the poll', async () => {
    const remote = await createWorkingRepo(await temp.make(), { 'spring.yaml': CAMPAIGN_YAML('spring') });
    const gitSource = await source({ repoUrl: remote });
    const seen = changes(gitSource);
    await gitSource.sync();
    gitSource.start();
    const tip = await commitFiles(remote, { 'spring.yaml': CAMPAIGN_YAML('spring', 0.2) });
    await waitFor(() => seen.includes(tip), { timeoutMs: 3000, what: 'onChange for the new commit' });
    expect((await gitSource.sync()).revision).to.equal(tip);
    expect(seen).to.deep.equal([tip]);
  });

  it('fires onChange for a push to a bare remote given as a file:// URL, through the ref watcher', async () => {
    const { remote, work } = await createBareRemote(temp, { 'spring.yaml': CAMPAIGN_YAML('spring') });
    const gitSource = await source({ repoUrl: pathToFileURL(remote).href });
    const seen = changes(gitSource);
    await gitSource.sync();
    gitSource.start();
    const tip = await commitFiles(work, { 'spring.yaml': CAMPAIGN_YAML('spring', 0.2) });
    await git(work, 'push', '--quiet', 'origin', 'main');
    await waitFor(() => seen.includes(tip), { timeoutMs: 3000, what: 'onChange for the pushed commit' });
  });

  it('picks up a commit on a bare remote when notified (the push webhook)', async () => {
    const { remote, work } = await createBareRemote(temp, { 'spring.yaml': CAMPAIGN_YAML('spring') });
    const gitSource = await source({ repoUrl: remote });
    const seen = changes(gitSource);
    await gitSource.sync();
    const tip = await commitFiles(work, { 'spring.yaml': CAMPAIGN_YAML('spring', 0.3) });
    await git(work, 'push', '--quiet', 'origin', 'main');
    gitSource.notify();
    await waitFor(() => seen.includes(tip), { timeoutMs: 3000, what: 'onChange after notify' });
    expect(gitSource.currentRevision()).to.not.equal(tip);
    expect((await gitSource.sync()).revision).to.equal(tip);
  });

  it('picks up a commit at the next poll', async () => {
    const { remote, work } = await createBareRemote(temp, { 'spring.yaml': CAMPAIGN_YAML('spring') });
    const polls: Array<() => void> = [];
    const setTimer = (callback: () => void, ms: number) => {
      if (ms === 30_000) polls.push(callback);
      return () => undefined;
    };
    const gitSource = await source({ repoUrl: remote, pollSeconds: 30, setTimer });
    const seen = changes(gitSource);
    await gitSource.sync();
    const tip = await commitFiles(work, { 'spring.yaml': CAMPAIGN_YAML('spring', 0.3) });
    await git(work, 'push', '--quiet', 'origin', 'main');
    gitSource.start();
    expect(polls).to.have.length(1);
    polls.shift()?.();
    await waitFor(() => seen.includes(tip), { timeoutMs: 3000, what: 'onChange after the poll' });
    await waitFor(() => polls.length === 1, { what: 'the next poll to be scheduled' });
  });

  it('backs off its polls while fetches keep failing (doubling, at most 10 poll intervals) and says so, then polls at the interval again', async () => {
    const { remote } = await createBareRemote(temp, { 'spring.yaml': CAMPAIGN_YAML('spring') });
    const polls: Array<{ fire: () => void; ms: number }> = [];
    // The polls only: the ref watcher's debounce (100 ms) never fires here, so only polls fetch.
    const setTimer = (callback: () => void, ms: number) => {
      if (ms >= 30_000) polls.push({ fire: callback, ms });
      return () => undefined;
    };
    const gitSource = await source({ repoUrl: remote, pollSeconds: 30, setTimer, random: () => 0.5 });
    const reports: Array<{ failed: boolean; consecutiveFailures: number; nextPollInMs?: number }> = [];
    gitSource.onFetch?.((error, schedule) => reports.push({ failed: error !== undefined, ...schedule }));
    await gitSource.sync();
    gitSource.start();
    const nextPoll = async (): Promise<number> => {
      const poll = polls.shift()!;
      poll.fire();
      await waitFor(() => polls.length === 1, { timeoutMs: 10_000, what: 'the next poll to be scheduled' });
      return polls[0]!.ms;
    };
    expect(polls.map((poll) => poll.ms)).to.deep.equal([30_000]);
    await rename(remote, `${remote}.gone`);
    const delays: number[] = [];
    for (let i = 0; i < 6; i += 1) delays.push(await nextPoll());
    expect(delays).to.deep.equal([30_000, 60_000, 120_000, 240_000, 300_000, 300_000]);
    expect(reports.at(-1)).to.deep.equal({ failed: true, consecutiveFailures: 6, nextPollInMs: 300_000 });
    await rename(`${remote}.gone`, remote);
    expect(await nextPoll()).to.equal(30_000);
    expect(reports.at(-1)).to.deep.equal({ failed: false, consecutiveFailures: 0, nextPollInMs: 30_000 });
  });

  it('does not fire onChange for commits on other branches such as the audit branch', async () => {
    const remote = await createWorkingRepo(await temp.make(), { 'spring.yaml': CAMPAIGN_YAML('spring') });
    const gitSource = await source({ repoUrl: remote });
    const seen = changes(gitSource);
    await gitSource.sync();
    gitSource.start();
    const tree = (await git(remote, 'hash-object', '-t', 'tree', '-w', '/dev/null')).trim();
    for (let i = 0; i < 3; i += 1) {
      const parent = await revParse(remote, 'refs/heads/cxone-gitops/audit');
      const commit = (await git(remote, 'commit-tree', tree, ...(parent ? ['-p', parent] : []), '-m', `audit ${i}`)).trim();
      await git(remote, 'update-ref', 'refs/heads/cxone-gitops/audit', commit);
      gitSource.notify();
    }
    await git(remote, 'pack-refs', '--all');
    const tip = await commitFiles(remote, { 'spring.yaml': CAMPAIGN_YAML('spring', 0.2) });
    await waitFor(() => seen.length > 0, { timeoutMs: 3000, what: 'onChange for the commit on main' });
    expect(seen).to.deep.equal([tip]);
  });

  it('lists the files changed between two revisions relative to GITOPS_PATH, deleted files included', async () => {
    const remote = await createWorkingRepo(await temp.make(), {
      'campaigns/spring.yaml': CAMPAIGN_YAML('spring'),
      'campaigns/team/autumn.yaml': CAMPAIGN_YAML('autumn'),
      'other/ignored.yaml': 'x',
    });
    const gitSource = await source({ repoUrl: remote, path: 'campaigns' });
    const from = (await gitSource.sync()).revision;
    await commitFiles(remote, { 'campaigns/team/autumn.yaml': null, 'campaigns/spring.yaml': CAMPAIGN_YAML('spring', 0.2), 'other/ignored.yaml': 'y' });
    const to = (await gitSource.sync()).revision;
    expect((await gitSource.changedFilesBetween(from, to)).sort()).to.deep.equal(['spring.yaml', 'team/autumn.yaml']);
    expect(existsSync(join((await gitSource.sync()).dir, 'team', 'autumn.yaml'))).to.equal(false);
  });

  it('stops without leaving timers or watchers behind', async () => {
    const remote = await createWorkingRepo(await temp.make(), { 'spring.yaml': CAMPAIGN_YAML('spring') });
    const count = (type: string) => process.getActiveResourcesInfo().filter((resource) => resource === type).length;
    const before = { timers: count('Timeout'), watchers: count('FSEventWrap') };
    const gitSource = await source({ repoUrl: remote, pollSeconds: 1 });
    await gitSource.sync();
    gitSource.start();
    await waitFor(() => count('FSEventWrap') > before.watchers, { what: 'the ref watcher' });
    await gitSource.stop();
    await waitFor(() => count('FSEventWrap') === before.watchers, { timeoutMs: 2000, what: 'the watchers to close' });
    expect(count('Timeout')).to.be.at.most(before.timers);
    await gitSource.sync().then(
      () => expect.fail('sync after stop should fail'),
      (error: Error) => expect(error.message).to.match(/stopped/),
    );
  });
});
