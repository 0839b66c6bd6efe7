import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { readDesiredState } from '../../../../controller/adapters/fs/read-desired-state.js';
import { formatDiagnostic } from '../../../../controller/domain/diagnostic.js';

const CAMPAIGN = 'apiVersion: cxone-gitops/v1\nkind: CampaignWeights\n';

describe('readDesiredState (file system)', () => {
  let base: string;
  let root: string;

  beforeEach(async () => {
    base = await mkdtemp(join(tmpdir(), 'cxone-gitops-read-'));
    root = join(base, 'repo');
    await mkdir(join(root, 'sales'), { recursive: true });
  });

  afterEach(async () => {
    await rm(base, { recursive: true, force: true });
  });

  it('names files relative to the repository with displayRoot, while reading them from the root', async () => {
    await writeFile(join(root, 'sales', 'a.yaml'), CAMPAIGN);
    await writeFile(join(root, 'sales', 'big.yaml'), 'x'.repeat(2048));
    const atRoot = await readDesiredState(root, { displayRoot: '.', maxFileBytes: 1024 });
    expect(atRoot.files.map((file) => file.path)).to.deep.equal(['sales/a.yaml']);
    expect(atRoot.diagnostics.map((d) => d.path)).to.deep.equal(['sales/big.yaml']);
    const below = await readDesiredState(root, { displayRoot: 'desired-state' });
    expect(below.paths).to.deep.equal(['desired-state/sales/a.yaml', 'desired-state/sales/big.yaml']);
  });

  it('reads *.yaml and *.yml below the root, skipping dot-directories, dot-files and other files', async () => {
    await writeFile(join(root, 'cxone-gitops.yaml'), 'kind: ControllerPolicy\n');
    await writeFile(join(root, 'sales', 'a.yaml'), CAMPAIGN);
    await writeFile(join(root, 'sales', 'b.yml'), CAMPAIGN);
    await writeFile(join(root, 'sales', 'notes.md'), '# notes\n');
    await writeFile(join(root, '.yamllint.yml'), 'rules: {}\n');
    await mkdir(join(root, '.github', 'workflows'), { recursive: true });
    await writeFile(join(root, '.github', 'workflows', 'ci.yaml'), 'on: push\n');
    const result = await readDesiredState(root);
    expect(result.diagnostics).to.deep.equal([]);
    expect(result.files.map((file) => [file.path, file.relativePath])).to.deep.equal([
      [join(root, 'cxone-gitops.yaml'), 'cxone-gitops.yaml'],
      [join(root, 'sales', 'a.yaml'), 'sales/a.yaml'],
      [join(root, 'sales', 'b.yml'), 'sales/b.yml'],
    ]);
    expect(new TextDecoder().decode(result.files[1]?.bytes)).to.equal(CAMPAIGN);
  });

  it('names files from the directory as the user gave it', async () => {
    await writeFile(join(root, 'sales', 'a.yaml'), CAMPAIGN);
    const previous = process.cwd();
    process.chdir(base);
    try {
      const result = await readDesiredState('repo');
      expect(result.files.map((file) => file.path)).to.deep.equal(['repo/sales/a.yaml']);
    } finally {
      process.chdir(previous);
    }
  });

  it('refuses a file over 1 MiB before reading it', async () => {
    await writeFile(join(root, 'big.yaml'), Buffer.alloc(1024 * 1024 + 1, 0x23));
    await writeFile(join(root, 'small.yaml'), CAMPAIGN);
    const result = await readDesiredState(root);
    expect(result.files.map((file) => file.relativePath)).to.deep.equal(['small.yaml']);
    expect(result.paths).to.have.length(2);
    expect(result.diagnostics.map(formatDiagnostic)).to.deep.equal([
      `${join(root, 'big.yaml')}:1:1: the file is 1048577 bytes, over the limit of 1048576 (1 MiB): a campaign file is a few hundred bytes; remove this file from the desired-state directory`,
    ]);
  });

  it('follows a symbolic link that stays inside the root and rejects one that leaves it', async () => {
    await writeFile(join(root, 'sales', 'a.yaml'), CAMPAIGN);
    await writeFile(join(base, 'secret.yaml'), 'password: hunter2\n');
    await mkdir(join(base, 'elsewhere'));
    await symlink(join(root, 'sales', 'a.yaml'), join(root, 'alias.yaml'));
    await symlink(join(base, 'secret.yaml'), join(root, 'sales', 'escape.yaml'));
    await symlink('../../elsewhere', join(root, 'sales', 'escape-dir'));
    await symlink(join(root, 'missing.yaml'), join(root, 'dangling.yaml'));
    await symlink(join(root, 'sales'), join(root, 'sales-link'));
    const result = await readDesiredState(root);
    expect(result.files.map((file) => file.relativePath)).to.deep.equal(['alias.yaml', 'sales/a.yaml']);
    expect(result.diagnostics.map((each) => `${each.path.slice(root.length + 1)} ${each.severity}: ${each.message}`)).to.deep.equal([
      'dangling.yaml error: symbolic link to a file that does not exist: fix the link or remove it',
      `sales/escape-dir error: symbolic link leaves the desired-state directory (it points to ${join(base, 'elsewhere')}): copy the file into the directory or remove the link`,
      `sales/escape.yaml error: symbolic link leaves the desired-state directory (it points to ${join(base, 'secret.yaml')}): copy the file into the directory or remove the link`,
      'sales-link warning: symbolic link to a directory inside the desired-state directory is not followed (its files are read where they are)',
    ]);
    expect(result.files.some((file) => new TextDecoder().decode(file.bytes).includes('hunter2'))).to.equal(false);
  });

  it('fails with a clear message when the directory does not exist', async () => {
    let message = '';
    await readDesiredState(join(base, 'nope')).catch((error: unknown) => (message = error instanceof Error ? error.message : ''));
    expect(message).to.equal(`cannot read the desired-state directory "${join(base, 'nope')}" (ENOENT): pass the directory that holds the campaign files`);
  });
});
