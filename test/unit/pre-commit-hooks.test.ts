import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../support/spawn-cli.js';

describe('the pre-commit hook', () => {
  it('runs the validate command of this package on the YAML files of a commit', async () => {
    const { parse } = await import('yaml');
    const hooks = parse(readFileSync(path.join(REPO_ROOT, '.pre-commit-hooks.yaml'), 'utf8')) as Array<Record<string, unknown>>;
    const pkg = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string> };
    expect(hooks).to.have.length(1);
    expect(hooks[0]).to.include({ id: 'cxone-gitops-validate', entry: 'cxone-gitops validate', language: 'node', pass_filenames: true });
    expect(pkg.bin).to.have.property('cxone-gitops');
    expect(new RegExp(String(hooks[0]!.files)).test('retention/spring-renewals.yaml')).to.equal(true);
  });
});
