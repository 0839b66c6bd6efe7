import { expect } from 'chai';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AuditRecord } from '../../../controller/adapters/git/audit-record.js';
import { createAuditTrail } from '../../../controller/adapters/git/audit-trail.js';
import type { AuditTrail, AuditTrailOptions } from '../../../controller/adapters/git/audit-trail-types.js';
import { createGitSource } from '../../../controller/adapters/git/git-source.js';
import { waitFor } from '../../support/wait-for.js';
import { AUDIT_BRANCH, auditRecord, idCounts, observedRunners, recordsOnBranch } from './audit-fixture.js';
import { CAMPAIGN_YAML, commitFiles, createBareRemote, createWorkingRepo, git, revParse, TempDirs } from './git-fixture.js';

describe('audit trail', () => {
  const temp = new TempDirs();
  const trails: AuditTrail[] = [];
  let remote: string;
  let work: string;

  const trail = async (options: Partial<AuditTrailOptions> = {}): Promise<AuditTrail> => {
    const created = createAuditTrail({ repoUrl: remote, dataDir: await temp.make('cxone-gitops-data-'), batchDelayMs: 3_600_000, ...options });
    trails.push(created);
    return created;
  };
  const journalText = (dataDir: string) => readFile(join(dataDir, 'journal', 'audit.jsonl'), 'utf8');

  beforeEach(async () => {
    ({ remote, work } = await createBareRemote(temp, { 'spring.yaml': CAMPAIGN_YAML('spring-renewals') }));
  });
  afterEach(async () => {
    await Promise.all(trails.splice(0).map((created) => created.stop()));
    await temp.cleanup();
  });

  it('creates the audit branch as an orphan holding audit/YYYY/MM/DD.jsonl and status/<name>.json; a push of one record is one commit with its subject, reason and trailers', async () => {
    const audit = await trail();
    await audit.start();
    const record = auditRecord('spring-renewals', { fromVersion: 4, toVersion: 5, reason: 'weights changed in a1b2c3' });
    await audit.record(record, { name: 'spring-renewals', document: { status: 'Synced', liveVersion: 5 } });
    await audit.flush();

    const tip = `refs/heads/${AUDIT_BRANCH}`;
    expect((await git(remote, 'rev-list', '--max-parents=0', tip)).trim().split('\n')).to.have.length(1);
    expect(await git(remote, 'merge-base', tip, 'refs/heads/main').then(() => 'related', () => 'unrelated')).to.equal('unrelated');
    expect((await git(remote, 'ls-tree', '-r', '--name-only', tip)).trim().split('\n').sort()).to.deep.equal([
      'README.md',
      'audit/2025/03/14.jsonl',
      'status/spring-renewals.json',
    ]);
    expect(await git(remote, 'show', `${tip}:status/spring-renewals.json`)).to.equal('{\n  "status": "Synced",\n  "liveVersion": 5\n}\n');
    expect(await recordsOnBranch(remote)).to.deep.equal([record]);

    const message = await git(remote, 'log', '-1', '--format=%B', tip);
    expect(message.split('\n').slice(0, 3)).to.deep.equal(['applied spring-renewals (v4 → v5)', '', 'weights changed in a1b2c3']);
    const trailers = await git(work, '-c', 'trailer.separators=:', 'interpret-trailers', '--parse', await writeMessage(message));
    expect(trailers.trim().split('\n')).to.deep.equal([`Campaign-Id: id-spring-renewals`, `Desired-Revision: ${'a'.repeat(40)}`, 'Outcome: applied']);
    expect(await git(remote, 'log', '-1', '--format=%an <%ae> %aI', tip)).to.equal('cxone-gitops <cxone-gitops@localhost> 2025-03-14T10:00:00+00:00\n');
    expect(audit.pending()).to.equal(0);
  });

  async function writeMessage(message: string): Promise<string> {
    const file = join(await temp.make(), 'message.txt');
    await writeFile(file, message);
    return file;
  }

  it('writes "none" as the desired revision of a record without one', async () => {
    const audit = await trail();
    await audit.start();
    await audit.record(auditRecord('spring-renewals', { outcome: 'deleted', desiredRevision: undefined }));
    await audit.flush();
    expect(await git(remote, 'log', '-1', '--format=%s%n%(trailers:key=Desired-Revision,valueonly)', `refs/heads/${AUDIT_BRANCH}`)).to.equal('deleted spring-renewals\nnone\n\n');
  });

  it('pushes records recorded together as one commit per push: every record in order in its day file, each status document the last one recorded, and each record\'s trailers in order', async () => {
    const runners = observedRunners();
    // No timed flush: one flush after all 20 are recorded, so they are one batch.
    const audit = await trail({ batchDelayMs: 3_600_000, createRunner: runners.createRunner });
    await audit.start();
    const pushesAtStart = runners.pushes();
    const tipAtStart = await revParse(remote, `refs/heads/${AUDIT_BRANCH}`);
    const records = Array.from({ length: 20 }, (_, i) =>
      auditRecord(`campaign-${i % 4}`, { outcome: i % 5 === 0 ? 'adopted' : 'applied', time: `2025-03-${i < 10 ? '14' : '15'}T10:00:${String(i).padStart(2, '0')}.000Z` }),
    );
    await Promise.all(records.map((record, i) => audit.record(record, { name: record.campaign, document: { i } })));
    expect(audit.pending()).to.equal(20);
    await audit.flush();
    expect(audit.pending()).to.equal(0);

    const pushes = runners.pushes() - pushesAtStart;
    expect(pushes, 'one push for the batch').to.equal(1);
    const commits = (await git(remote, 'rev-list', `${tipAtStart}..refs/heads/${AUDIT_BRANCH}`)).trim().split('\n');
    expect(commits, 'one commit per push').to.have.length(pushes);
    expect((await recordsOnBranch(remote)).map((record) => record.id), 'every record once, in the order recorded').to.deep.equal(records.map((record) => record.id));
    for (let c = 0; c < 4; c += 1) expect(JSON.parse(await git(remote, 'show', `refs/heads/${AUDIT_BRANCH}:status/campaign-${c}.json`))).to.deep.equal({ i: 16 + c });
    const message = await git(remote, 'log', '-1', '--format=%B', `refs/heads/${AUDIT_BRANCH}`);
    expect(message.split('\n')[0]).to.equal('20 audit records: adopted 4, applied 16');
    expect(message).to.include(`- adopted campaign-0\n- applied campaign-1\n`);
    const trailers = await git(work, '-c', 'trailer.separators=:', 'interpret-trailers', '--parse', await writeMessage(message));
    expect(trailers.trim().split('\n')).to.deep.equal(records.flatMap((record) => [`Campaign-Id: ${record.campaignId}`, `Desired-Revision: ${'a'.repeat(40)}`, `Outcome: ${record.outcome}`]));
    expect(await git(remote, 'log', '-1', '--format=%aI', `refs/heads/${AUDIT_BRANCH}`), 'dated by its newest record').to.equal('2025-03-15T10:00:19+00:00\n');
  });

  it('re-applies its records on top when another writer pushed to the same day file first: none lost, none duplicated', async () => {
    const runners = observedRunners();
    const audit = await trail({ createRunner: runners.createRunner });
    await audit.start();
    const earlier = auditRecord('spring-renewals');
    await audit.record(earlier);
    await audit.flush();
    const ours = [auditRecord('spring-renewals'), auditRecord('autumn-offers')];
    for (const record of ours) await audit.record(record);

    const theirs = auditRecord('winter-retention', { id: 'written-by-another-controller' });
    runners.beforeNextPush(async () => {
      const other = await temp.make('cxone-gitops-other-');
      await git(other, 'clone', '--quiet', '--branch', AUDIT_BRANCH, remote, '.');
      await writeFile(join(other, 'audit/2025/03/14.jsonl'), `${JSON.stringify(theirs)}\n`, { flag: 'a' });
      await git(other, 'commit', '--quiet', '-am', 'another writer');
      await git(other, 'push', '--quiet', 'origin', AUDIT_BRANCH);
    });
    const pushesBefore = runners.pushes();
    await audit.flush();

    expect(runners.pushes() - pushesBefore).to.equal(2);
    const onBranch = await recordsOnBranch(remote);
    expect(onBranch.map((record) => record.id)).to.deep.equal([earlier.id, theirs.id, ...ours.map((record) => record.id)]);
    expect(audit.pending()).to.equal(0);
  });

  it('pushes what is journaled when stopped', async () => {
    const audit = await trail();
    await audit.start();
    const record = auditRecord('spring-renewals');
    await audit.record(record);
    await audit.stop();
    expect(audit.pending()).to.equal(0);
    expect((await recordsOnBranch(remote)).map((onBranch) => onBranch.id)).to.deep.equal([record.id]);
  });

  it('pushes what a previous run journaled but never pushed (a crash before the push), exactly once', async () => {
    const dataDir = await temp.make('cxone-gitops-data-');
    const crashed = createAuditTrail({ repoUrl: remote, dataDir });
    const records = [auditRecord('spring-renewals'), auditRecord('autumn-offers'), auditRecord('spring-renewals', { time: '2025-03-15T00:00:01Z' })];
    for (const record of records) await crashed.record(record, { name: record.campaign, document: { id: record.id } });
    expect((await journalText(dataDir)).trim().split('\n')).to.have.length(3);

    const restarted = await trail({ dataDir });
    await restarted.start();
    // The replay runs in the background (start does not wait for a backlog).
    await waitFor(() => restarted.pending() === 0, { timeoutMs: 20_000, what: 'the journal of the previous run to be pushed' });
    expect(idCounts(await recordsOnBranch(remote))).to.deep.equal(new Map(records.map((record) => [record.id, 1])));
    expect(await journalText(dataDir)).to.equal('');
  });

  it('skips records already on the branch when replaying a journal (a crash after the push)', async () => {
    const dataDir = await temp.make('cxone-gitops-data-');
    const first = await trail({ dataDir });
    await first.start();
    const records = [auditRecord('spring-renewals'), auditRecord('autumn-offers')];
    for (const record of records) await first.record(record);
    const journalBeforePush = await journalText(dataDir);
    await first.flush();
    await first.stop();
    const tip = await revParse(remote, `refs/heads/${AUDIT_BRANCH}`);

    await writeFile(join(dataDir, 'journal', 'audit.jsonl'), journalBeforePush);
    const restarted = await trail({ dataDir });
    await restarted.start();
    await waitFor(() => restarted.pending() === 0, { timeoutMs: 20_000, what: 'the replayed journal to be checked against the branch' });
    expect(await revParse(remote, `refs/heads/${AUDIT_BRANCH}`)).to.equal(tip);
    expect(idCounts(await recordsOnBranch(remote))).to.deep.equal(new Map(records.map((record) => [record.id, 1])));
  });

  it('keeps records in the journal when the remote is unreachable, and pushes them at the next start', async () => {
    const dataDir = await temp.make('cxone-gitops-data-');
    const first = await trail({ dataDir, stopTimeoutMs: 2000 });
    await first.start();
    await rename(remote, `${remote}-away`);
    const record = auditRecord('spring-renewals');
    await first.record(record);
    const failure = await first.flush().then(() => undefined, (error: Error) => error);
    expect(failure?.name).to.equal('GitNotFoundError');
    expect(failure?.message).to.contain('GITOPS_REPO_URL');
    await first.stop();
    expect(first.pending()).to.equal(1);

    await rename(`${remote}-away`, remote);
    const restarted = await trail({ dataDir });
    await restarted.start();
    await waitFor(() => restarted.pending() === 0, { timeoutMs: 20_000, what: 'the kept record to be pushed' });
    expect((await recordsOnBranch(remote)).map((onBranch) => onBranch.id)).to.deep.equal([record.id]);
  });

  it('reads back status documents and recent records, newest last, including those still journaled', async () => {
    const writer = await trail();
    await writer.start();
    const history: AuditRecord[] = [
      auditRecord('spring-renewals', { time: '2025-03-13T23:59:00Z', outcome: 'drift-detected' }),
      auditRecord('autumn-offers', { time: '2025-03-14T08:00:00Z' }),
      auditRecord('spring-renewals', { time: '2025-03-14T09:00:00Z', outcome: 'drift-healed' }),
    ];
    for (const record of history) await writer.record(record, { name: record.campaign, document: { outcome: record.outcome } });
    await writer.flush();
    const journaled = auditRecord('spring-renewals', { time: '2025-03-15T09:00:00Z', outcome: 'applied' });
    await writer.record(journaled, { name: 'spring-renewals', document: { outcome: 'applied' } });

    expect(Object.fromEntries(await writer.readStatuses())).to.deep.equal({ 'spring-renewals': { outcome: 'applied' }, 'autumn-offers': { outcome: 'applied' } });
    expect((await writer.readRecords()).map((record) => record.id)).to.deep.equal([...history, journaled].map((record) => record.id));
    expect((await writer.readRecords({ campaign: 'spring-renewals', limit: 2 })).map((record) => record.outcome)).to.deep.equal(['drift-healed', 'applied']);

    const reader = await trail();
    expect(Object.fromEntries(await reader.readStatuses())).to.deep.equal({ 'spring-renewals': { outcome: 'drift-healed' }, 'autumn-offers': { outcome: 'applied' } });
    expect(await reader.readRecords({ campaign: 'autumn-offers' })).to.deep.equal([history[1]]);
  });

  it('stores a grouped record naming many campaigns once, with each one\'s status document, and each campaign\'s history finds its own part of it', async () => {
    const writer = await trail();
    await writer.start();
    const members = ['alpha', 'beta', 'gamma'].map((name) => ({ name, campaignId: `id-${name}`, path: `${name}.yaml`, reason: `${name}.yaml:1:1: broken` }));
    const grouped = auditRecord('*', { campaignId: '*', outcome: 'invalid', reason: '3 campaigns made invalid', campaigns: members });
    await writer.record(grouped, members.map((member) => ({ name: member.name, document: { status: 'Invalid', reason: member.reason } })));
    const journaledPart = (await writer.readRecords({ campaign: 'beta' }))[0];
    await writer.flush();

    expect(idCounts(await recordsOnBranch(remote))).to.deep.equal(new Map([[grouped.id, 1]]));
    const reader = await trail();
    expect(Object.fromEntries(await reader.readStatuses())).to.deep.equal(Object.fromEntries(members.map((member) => [member.name, { status: 'Invalid', reason: member.reason }])));
    for (const part of [journaledPart, (await reader.readRecords({ campaign: 'beta' }))[0]]) {
      expect(part).to.deep.include({ id: grouped.id, outcome: 'invalid', campaign: 'beta', campaignId: 'id-beta', path: 'beta.yaml', reason: 'beta.yaml:1:1: broken', group: 3 });
      expect(part).to.not.have.property('campaigns');
    }
    expect(await reader.readRecords({ campaign: 'delta' })).to.deep.equal([]);
    expect((await reader.readRecords()).map((record) => record.id)).to.deep.equal([grouped.id]);
  });

  it('never fires the source onChange with its own commits on a non-bare local remote', async () => {
    const repo = await createWorkingRepo(await temp.make(), { 'spring.yaml': CAMPAIGN_YAML('spring-renewals') });
    const source = createGitSource({ repoUrl: repo, dataDir: await temp.make('cxone-gitops-data-'), pollSeconds: 3600 });
    const seen: string[] = [];
    source.onChange((revision) => seen.push(revision));
    try {
      await source.sync();
      source.start();
      const audit = await trail({ repoUrl: repo, batchDelayMs: 10 });
      await audit.start();
      for (let i = 0; i < 3; i += 1) await audit.record(auditRecord('spring-renewals'));
      await waitFor(() => audit.pending() === 0, { what: 'the audit records to be pushed' });
      const tip = await commitFiles(repo, { 'spring.yaml': CAMPAIGN_YAML('spring-renewals', 0.2) });
      await waitFor(() => seen.length > 0, { timeoutMs: 3000, what: 'onChange for the commit on main' });
      expect(seen).to.deep.equal([tip]);
      expect((await recordsOnBranch(repo)).length).to.equal(3);
    } finally {
      await source.stop();
    }
  });
});
