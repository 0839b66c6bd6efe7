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
    expect((await reopened.entries()).map((e) => e.record.id)).to.deep.equal(['a', 'b', 'c']);
  });

  it('appends an id once when the same id arrives again while its write is under way', async () => {
    const journal = await openAuditJournal(file, silentLogger);
    const first = journal.append(entry('a'));
    // A few microtask turns: the group's write has started (its file I/O cannot finish within them).
    for (let turn = 0; turn < 5; turn += 1) await null;
    const again = journal.append(entry('a'));
    await Promise.all([first, again]);
    expect((await journal.entries()).map((e) => e.record.id)).to.deep.equal(['a']);
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
    expect((await (await openAuditJournal(file, silentLogger)).entries()).map((e) => e.record.id)).to.deep.equal(['a', 'c']);
    expect(await readFile(`${file}.corrupt`, 'utf8')).to.equal('{"record":{"id":"b","ti\n');
  });

  it('gives the first entries up to a limit, or those whose line names a campaign, parsed afresh on each call', async () => {
    const journal = await openAuditJournal(file, silentLogger);
    const about = (id: string, campaign: string): AuditEntry => ({ record: { ...entry(id).record, campaign } });
    await Promise.all([about('a', 'spring'), about('b', 'autumn'), about('c', 'spring-renewals'), about('d', 'spring')].map((one) => journal.append(one)));
    expect((await journal.entries({ limit: 2 })).map((e) => e.record.id)).to.deep.equal(['a', 'b']);
    // A superset by the quoted name: "spring-renewals" does not hold "spring" in quotes.
    expect((await journal.entries({ containing: JSON.stringify('spring') })).map((e) => e.record.id)).to.deep.equal(['a', 'd']);
    const first = (await journal.entries())[0]!;
    first.record.campaign = 'changed by a caller';
    expect((await journal.entries())[0]!.record.campaign, 'a caller cannot change what the journal holds').to.equal('spring');
    const reopened = await openAuditJournal(file, silentLogger);
    expect((await reopened.entries({ containing: JSON.stringify('spring') })).map((e) => e.record.id)).to.deep.equal(['a', 'd']);
  });

  it('keeps the lines on disk, not in memory: what it reads is what the file holds', async () => {
    const journal = await openAuditJournal(file, silentLogger);
    for (const id of ['a', 'b']) await journal.append(entry(id));
    // The same length in place: only a journal that reads the file sees the change.
    await writeFile(file, (await readFile(file, 'utf8')).replace('"campaign":"c"', '"campaign":"d"'));
    expect((await journal.entries()).map((e) => e.record.campaign)).to.deep.equal(['d', 'c']);
  });

  it('reads, limits and rewrites a backlog larger than one read of the file', async () => {
    const journal = await openAuditJournal(file, silentLogger);
    const big = (id: string): AuditEntry => ({ record: { ...entry(id).record, reason: `é${'x'.repeat(3000)}` } });
    const ids = Array.from({ length: 900 }, (_, index) => `r${index}`);
    await Promise.all(ids.map((id) => journal.append(big(id))));
    expect((await journal.entries()).map((e) => e.record.id)).to.deep.equal(ids);
    const lineBytes = Buffer.byteLength(`${JSON.stringify(big('r0'))}\n`);
    expect((await journal.entries({ maxBytes: lineBytes * 3 })).map((e) => e.record.id), 'maxBytes counts bytes').to.deep.equal(['r0', 'r1', 'r2']);
    // Every other one, then more appended after the rewrite: offsets follow the rewritten file.
    await journal.remove(new Set(ids.filter((_, index) => index % 2 === 0)));
    await journal.append(big('late'));
    const left = [...ids.filter((_, index) => index % 2 === 1), 'late'];
    expect((await journal.entries()).map((e) => e.record.id)).to.deep.equal(left);
    expect((await readFile(file, 'utf8')).trim().split('\n').map((line) => (JSON.parse(line) as AuditEntry).record.id)).to.deep.equal(left);
    expect((await (await openAuditJournal(file, silentLogger)).entries({ limit: 2 })).map((e) => e.record.id)).to.deep.equal(left.slice(0, 2));
  });
});
