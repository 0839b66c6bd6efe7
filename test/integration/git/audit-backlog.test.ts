/**
 * A journal backlog (issue 10: 45,000 records after a flood, pushed as one push while the
 * controller stayed unready for minutes) is pushed in bounded batches, in the background.
 * Here 60 records in batches of at most 25 stand for the 45,000 in batches of 500; and a batch
 * grows with the backlog (docs/architecture.md, "Audit backlog"), bounded by records, bytes and time.
 */
import { expect } from 'chai';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { createAuditTrail } from '../../../controller/adapters/git/audit-trail.js';
import type { AuditTrail } from '../../../controller/adapters/git/audit-trail-types.js';
import { createGitRunner, type GitRunner, type GitRunnerOptions } from '../../../controller/adapters/git/git-runner.js';
import { leaveJournalBacklog } from '../../support/journal-backlog.js';
import { waitFor } from '../../support/wait-for.js';
import { auditRecord, idCounts, recordsOnBranch, watchedRunner } from './audit-fixture.js';
import { CAMPAIGN_YAML, createBareRemote, TempDirs } from './git-fixture.js';

const BACKLOG = 60;
const BATCH = 25;

/** A runner factory that counts the commits each push carries. */
function commitsPerPush(): { createRunner: (options: GitRunnerOptions) => GitRunner; pushes: number[] } {
  const pushes: number[] = [];
  let commits = 0;
  return {
    pushes,
    createRunner: (options) =>
      watchedRunner(options, (args) => {
        if (args[0] === 'commit') commits += 1;
        if (args[0] === 'push' && args.some((arg) => arg.startsWith('HEAD:'))) {
          pushes.push(commits);
          commits = 0;
        }
      }),
  };
}

describe('audit trail: a journal backlog', () => {
  const temp = new TempDirs();
  const trails: AuditTrail[] = [];
  afterEach(async () => {
    await Promise.all(trails.splice(0).map((trail) => trail.stop()));
    await temp.cleanup();
  });

  it(`pushes a ${BACKLOG}-record backlog in batches of at most ${BATCH} records, one commit each, in the background: start returns first, and reads answer while it drains`, async () => {
    const { remote } = await createBareRemote(temp, { 'spring.yaml': CAMPAIGN_YAML('spring-renewals') });
    const dataDir = await temp.make('cxone-gitops-data-');
    const crashed = createAuditTrail({ repoUrl: remote, dataDir });
    const records = Array.from({ length: BACKLOG }, (_, i) => auditRecord(`campaign-${i}`));
    for (const record of records) await crashed.record(record, { name: record.campaign, document: { id: record.id } });

    const observed = commitsPerPush();
    const pushedIds: number[] = [];
    const restarted = createAuditTrail({ repoUrl: remote, dataDir, maxBatchRecords: BATCH, batchDelayMs: 3_600_000, createRunner: observed.createRunner, onPushed: (ids) => pushedIds.push(ids.length) });
    trails.push(restarted);
    await restarted.start();
    expect(restarted.pending(), 'records still journaled when start returns').to.equal(BACKLOG);

    const statuses = await restarted.readStatuses();
    expect(statuses.size, 'status documents read while the backlog drains').to.equal(BACKLOG);

    // The journal drops a batch before its `onPushed` is called: wait for both.
    await waitFor(() => restarted.pending() === 0 && pushedIds.reduce((a, b) => a + b, 0) === BACKLOG, { timeoutMs: 120_000, what: 'the backlog to be pushed' });
    expect(idCounts(await recordsOnBranch(remote))).to.deep.equal(new Map(records.map((record) => [record.id, 1])));
    // The first push is the orphan branch's README; then the batches, each one commit.
    expect(observed.pushes.slice(1), 'commits per push').to.deep.equal([1, 1, 1]);
    expect(pushedIds, 'records per push').to.deep.equal([25, 25, 10]);
  });

  /** A journal of `count` records left by a crashed run (each with its status document). */
  async function leftBacklog(count: number): Promise<{ remote: string; dataDir: string; records: ReturnType<typeof auditRecord>[] }> {
    const { remote } = await createBareRemote(temp, { 'spring.yaml': CAMPAIGN_YAML('spring-renewals') });
    const dataDir = await temp.make('cxone-gitops-data-');
    const crashed = createAuditTrail({ repoUrl: remote, dataDir });
    const records = Array.from({ length: count }, (_, i) => auditRecord(`campaign-${String(i).padStart(3, '0')}`));
    await Promise.all(records.map((record) => crashed.record(record, { name: record.campaign, document: { id: record.id } })));
    return { remote, dataDir, records };
  }

  it('drains a backlog faster as it lasts: each full batch pushed within the push budget doubles the next, up to the most records per push, one commit each, every record once', async () => {
    const { remote, dataDir, records } = await leftBacklog(130);
    const observed = commitsPerPush();
    const pushedIds: number[] = [];
    const restarted = createAuditTrail({ repoUrl: remote, dataDir, firstBatchRecords: 10, maxBatchRecords: 40, pushBudgetMs: 600_000, batchDelayMs: 3_600_000, createRunner: observed.createRunner, onPushed: (ids) => pushedIds.push(ids.length) });
    trails.push(restarted);
    await restarted.start();
    await waitFor(() => restarted.pending() === 0 && pushedIds.reduce((a, b) => a + b, 0) === records.length, { timeoutMs: 120_000, what: 'the backlog to be pushed' });
    expect(pushedIds, 'records per push').to.deep.equal([10, 20, 40, 40, 20]);
    expect(observed.pushes.slice(1), 'commits per push').to.deep.equal([1, 1, 1, 1, 1]);
    expect(idCounts(await recordsOnBranch(remote))).to.deep.equal(new Map(records.map((record) => [record.id, 1])));
  });

  it('does not grow a batch whose push took longer than the push budget', async () => {
    const { remote, dataDir, records } = await leftBacklog(45);
    const pushedIds: number[] = [];
    // Every push "takes longer" than a budget of 0 ms: the batches stay at the first size.
    const restarted = createAuditTrail({ repoUrl: remote, dataDir, firstBatchRecords: 10, maxBatchRecords: 40, pushBudgetMs: 0, batchDelayMs: 3_600_000, onPushed: (ids) => pushedIds.push(ids.length) });
    trails.push(restarted);
    await restarted.start();
    await waitFor(() => restarted.pending() === 0 && pushedIds.reduce((a, b) => a + b, 0) === records.length, { timeoutMs: 120_000, what: 'the backlog to be pushed' });
    expect(pushedIds, 'records per push').to.deep.equal([10, 10, 10, 10, 5]);
    expect(idCounts(await recordsOnBranch(remote))).to.deep.equal(new Map(records.map((record) => [record.id, 1])));
  });

  it('never takes more journal bytes per push than allowed, however many records it may take', async () => {
    const { remote, dataDir, records } = await leftBacklog(20);
    // Every journal line is as long as the others (names of one length): 7 lines' worth less one character holds 6.
    const lines = (await readFile(path.join(dataDir, 'journal', 'audit.jsonl'), 'utf8')).split('\n').filter(Boolean);
    expect(new Set(lines.map((line) => line.length)).size, 'journal lines of one length').to.equal(1);
    const pushedIds: number[] = [];
    const restarted = createAuditTrail({ repoUrl: remote, dataDir, firstBatchRecords: 10, maxBatchRecords: 40, maxBatchBytes: (lines[0]!.length + 1) * 7 - 1, batchDelayMs: 3_600_000, onPushed: (ids) => pushedIds.push(ids.length) });
    trails.push(restarted);
    await restarted.start();
    await waitFor(() => restarted.pending() === 0 && pushedIds.reduce((a, b) => a + b, 0) === records.length, { timeoutMs: 120_000, what: 'the backlog to be pushed' });
    expect(pushedIds, 'records per push').to.deep.equal([6, 6, 6, 2]);
    expect(idCounts(await recordsOnBranch(remote))).to.deep.equal(new Map(records.map((record) => [record.id, 1])));
  });

  it('stops within its stop timeout with pushes queued behind a held one: once git is killed no git command starts', async () => {
    const { remote, dataDir } = await leftBacklog(60);
    let killed = false;
    let holding = false;
    let held = false;
    let releaseHeld: () => void = () => undefined;
    const afterKill: string[] = [];
    const createRunner = (options: GitRunnerOptions): GitRunner => {
      const runner = createGitRunner(options);
      return {
        baseDir: runner.baseDir,
        abort: () => {
          killed = true;
          releaseHeld();
          runner.abort();
        },
        async run(args, context) {
          if (killed) afterKill.push(args.join(' '));
          // Once started (its first push creates the branch), the remote holds every push until git is killed.
          if (args[0] === 'push' && holding && !killed) {
            held = true;
            await new Promise<void>((resolve) => (releaseHeld = resolve));
          }
          return runner.run(args, context);
        },
      };
    };
    const trail = createAuditTrail({ repoUrl: remote, dataDir, firstBatchRecords: 5, maxBatchRecords: 5, batchDelayMs: 3_600_000, stopTimeoutMs: 300, createRunner });
    trails.push(trail);
    await trail.start();
    holding = true;
    // Flushes asked meanwhile (the controller asks after its records), each a push queued behind the held one.
    for (let flush = 0; flush < 10; flush += 1) void trail.flush().catch(() => undefined);
    await waitFor(() => held || undefined, { timeoutMs: 30_000, what: 'a push to be held' });
    const asked = performance.now();
    await trail.stop();
    expect(performance.now() - asked, 'stop took').to.be.lessThan(3_000);
    expect(afterKill, 'git commands started after the stop killed git').to.deep.equal([]);
    expect(trail.pending(), 'every unpushed record stays journaled').to.equal(60);
  });

  it('does not know how many records are pending until its journal is read, and then counts the previous run\'s backlog', async () => {
    const { remote } = await createBareRemote(temp, { 'spring.yaml': CAMPAIGN_YAML('spring-renewals') });
    const dataDir = await temp.make('cxone-gitops-data-');
    await leaveJournalBacklog(remote, dataDir, 3);
    const restarted = createAuditTrail({ repoUrl: remote, dataDir });
    trails.push(restarted);
    expect(restarted.pending(), 'before the journal is read').to.equal(undefined);
    await restarted.readStatuses();
    expect(restarted.pending(), 'once the journal is read').to.equal(3);
  });
});
