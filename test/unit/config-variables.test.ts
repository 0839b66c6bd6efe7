import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { CONFIG_VARIABLES, describeConfigVariables } from '../../controller/config-variables.js';
import { REPO_ROOT } from '../support/spawn-cli.js';

describe('the environment variables run --help lists', () => {
  it('names every variable readConfig reads', () => {
    const source = readFileSync(path.join(REPO_ROOT, 'controller/config.ts'), 'utf8');
    const read = [...source.matchAll(/\b(?:text|integer|url)\('([A-Z][A-Z0-9_]+)'/g)].map((match) => match[1]!);
    expect(read.length).to.be.above(10);
    const listed = new Set(CONFIG_VARIABLES.map((variable) => variable.name));
    expect(read.filter((name) => !listed.has(name)), 'add these to controller/config-variables.ts').to.deep.equal([]);
  });

  it('shows each with its default', () => {
    const help = describeConfigVariables();
    expect(help).to.match(/GITOPS_SCHEDULE +cron of full sweeps .*\(default \*\/5 \* \* \* \*\)/);
    expect(help).to.match(/CXONE_DOMAIN +.*\(required\)/);
  });
});
