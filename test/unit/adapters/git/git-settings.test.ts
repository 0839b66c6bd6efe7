import { expect } from 'chai';
import { checkBranchName, checkDesiredStatePath } from '../../../../controller/adapters/git/git-settings.js';

describe('git settings', () => {
  for (const name of ['main', 'cxone-gitops/audit', 'release/2025.03', 'feature_x']) {
    it(`accepts the branch name ${name}`, () => expect(checkBranchName(name, 'GITOPS_BRANCH')).to.equal(name));
  }
  for (const name of ['', '-main', 'a..b', 'a b', 'x.lock', 'a/', '/a', 'a:b', 'a~1', 'a^', 'a\u0001b', '@', 'a@{1}']) {
    it(`refuses the branch name ${JSON.stringify(name)}, naming the setting`, () => expect(() => checkBranchName(name, 'GITOPS_AUDIT_BRANCH')).to.throw(TypeError, /GITOPS_AUDIT_BRANCH/));
  }

  const paths: Array<[string, string]> = [
    ['.', '.'],
    ['', '.'],
    ['./', '.'],
    ['campaigns/', 'campaigns'],
    ['./a//b/../c', 'a/c'],
    ['teams\\retention', 'teams/retention'],
  ];
  for (const [input, output] of paths) {
    it(`normalises GITOPS_PATH ${JSON.stringify(input)} to ${output}`, () => expect(checkDesiredStatePath(input)).to.equal(output));
  }
  for (const input of ['/etc', '..', '../x', 'a/../../x', '.git', 'sub/.git/hooks']) {
    it(`refuses GITOPS_PATH ${input}`, () => expect(() => checkDesiredStatePath(input)).to.throw(TypeError, /GITOPS_PATH/));
  }
});
