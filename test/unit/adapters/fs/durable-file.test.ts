import { mkdtemp, readdir, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { appendDurably, readTextIfExists, replaceDurably } from '../../../../controller/adapters/fs/durable-file.js';

describe('the durable-file writer', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cxone-gitops-durable-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('appends lines to a new file and to an existing one', async () => {
    const file = join(dir, 'log.jsonl');
    await appendDurably(file, 'a\n');
    await appendDurably(file, 'b\n');
    expect(await readFile(file, 'utf8')).to.equal('a\nb\n');
  });

  it('replaces a file whole and leaves no temporary file behind', async () => {
    const file = join(dir, 'log.jsonl');
    await writeFile(file, 'old\n');
    await replaceDurably(file, 'new\n');
    expect(await readFile(file, 'utf8')).to.equal('new\n');
    expect(await readdir(dir)).to.deep.equal(['log.jsonl']);
  });

  it('keeps the old text and removes its temporary file when the replacement cannot be renamed', async () => {
    const file = join(dir, 'target');
    await mkdir(join(file, 'occupied'), { recursive: true }); // a non-empty directory cannot be renamed over
    const failure = await replaceDurably(file, 'new\n').then(() => undefined, (error: NodeJS.ErrnoException) => error.code);
    expect(failure).to.be.oneOf(['EISDIR', 'ENOTEMPTY', 'EEXIST']);
    expect(await readdir(dir)).to.deep.equal(['target']);
  });

  it('reads a missing file as empty text and throws other errors', async () => {
    expect(await readTextIfExists(join(dir, 'missing'))).to.equal('');
    const failure = await readTextIfExists(dir).then(() => undefined, (error: NodeJS.ErrnoException) => error.code);
    expect(failure).to.equal('EISDIR');
  });
});
