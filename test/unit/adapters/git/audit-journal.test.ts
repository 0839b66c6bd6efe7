import { expect } from 'chai';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openAuditJournal } from '../../../../controller/adapters/git/audit-journal.js';
import type { AuditEntry } from '../../../../controller/adapters/git/audit-record.js';
import { silentLogger } from '../../../../controller/adapters/logging/logger.js';

const entry = (id: string): AuditEntry => ({ record: { id, time: '2025-03-14T10:00:00Z', campaign: 'c', campaignId: 'i', outcome: 'applied' } });

describe('audit journal', () => {
  let dir: string;
  let file: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cxone-gitops-journal-'));
    file = join(dir, 'journal', 'audit.jsonl');
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('keeps appended entries across a reopen, once per id', async () => {
    const journal = await openAuditJournal(file, silentLogger);
    await Promise.all(['a', 'b', 'a', 'c'].map((id) => journal.append(entry(id))));
    const reopened = await openAuditJournal(file, silentLogger);
    expect(reopened.entries().map((e) => e.record.id)).to.deep.equal(['a', 'b', 'c']);
  });

  it('appends an id once when the same id arrives again while its write is under way', async () => {
    const journal = await openAuditJournal(file, silentLogger);
    const first = journal.append(entry('a'));
    // A few microtask turns: the group's write has started (its file I/O cannot finish within them).
    for (let turn = 0; turn < 5; turn += 1) await null;
    const again = journal.append(entry('a'));
    await Promise.all([first, again]);
    expect(journal.entries().map((e) => e.record.id)).to.deep.equal(['a']);
    expect((await readFile(file, 'utf8')).trim().split('\n')).to.have.length(1);
  });

  it('drops removed ids with a rewrite and leaves no temporary file', async () => {
    const journal = await openAuditJournal(file, silentLogger);
    for (const id of ['a', 'b', 'c']) await journal.append(entry(id));
    await journal.remove(new Set(['a', 'c']));
    expect(journal.size()).to.equal(1);
    expect((await readFile(file, 'utf8')).trim().split('\n').map((line) => (JSON.parse(line) as AuditEntry).record.id)).to.deep.equal(['b']);
    expect(await readFile(`${file}.tmp`, 'utf8').then(() => 'present', () => 'absent')).to.equal('absent');
  });

  it('sets a torn last line aside and keeps appending on a clean line', async () => {
    const journal = await openAuditJournal(file, silentLogger);
    await journal.append(entry('a'));
    await writeFile(file, `${await readFile(file, 'utf8')}{"record":{"id":"b","ti`);
    const reopened = await openAuditJournal(file, silentLogger);
    await reopened.append(entry('c'));
    expect((await openAuditJournal(file, silentLogger)).entries().map((e) => e.record.id)).to.deep.equal(['a', 'c']);
    expect(await readFile(`${file}.corrupt`, 'utf8')).to.equal('{"record":{"id":"b","ti\n');
  });

  it('gives the first entries up to a limit, or those whose line names a campaign, parsed afresh on each call', async () => {
    const journal = await openAuditJournal(file, silentLogger);
    const about = (id: string, campaign: string): AuditEntry => ({ record: { ...entry(id).record, campaign } });
    await Promise.all([about('a', 'spring'), about('b', 'autumn'), about('c', 'spring-renewals'), about('d', 'spring')].map((one) => journal.append(one)));
    expect(journal.entries({ limit: 2 }).map((e) => e.record.id)).to.deep.equal(['a', 'b']);
    // A superset by the quoted name: "spring-renewals" does not hold "spring" in quotes.
    expect(journal.entries({ containing: JSON.stringify('spring') }).map((e) => e.record.id)).to.deep.equal(['a', 'd']);
    const first = journal.entries()[0]!;
    first.record.campaign = 'changed by a caller';
    expect(journal.entries()[0]!.record.campaign, 'a caller cannot change what the journal holds').to.equal('spring');
    const reopened = await openAuditJournal(file, silentLogger);
    expect(reopened.entries({ containing: JSON.stringify('spring') }).map((e) => e.record.id)).to.deep.equal(['a', 'd']);
  });
});
