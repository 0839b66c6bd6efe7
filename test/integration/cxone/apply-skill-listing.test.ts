/**
 * `cxone-gitops apply DIR` with CXONE_DIALECT=cxone observes the skills as `run` does: with the
 * listing (`GET /skills/parameters` and the `/skills` pages), never a GET per skill, counted in the
 * emulator's request log (README, "Real CXone").
 */
import { expect } from 'chai';
import path from 'node:path';
import { git } from '../../support/controller-harness.js';
import { outboundSkillFile, startCxoneRunHarness, type CxoneRunHarness } from '../../support/cxone-run-harness.js';
import { runCli } from '../../support/spawn-cli.js';

const SKILLS = 30;
const idOf = (index: number) => 7_000_001 + index;
const skillFile = (index: number) =>
  outboundSkillFile({ name: `listed-${index}`, skillId: idOf(index), generalSettings: '{ maximumRingingDuration: 25 }', profile: '{ agents: 10 }', analysis: '{ window: 2s, interval: 1s, minLiveAnswers: 20, maxWindow: 20s }' });

describe('cxone-gitops apply on OutboundSkill files: the listing, not a read per skill (over HTTPS)', function () {
  this.timeout(120_000);
  let harness: CxoneRunHarness | undefined;
  after(() => harness?.close());

  it(`observes ${SKILLS} skills in sync with GET /skills/parameters and the /skills pages, reads none of them on its own, and exits 0`, async () => {
    const files = Object.fromEntries(Array.from({ length: SKILLS }, (_, index) => [`skill-${index}.yaml`, skillFile(index)]));
    const skills = Array.from({ length: SKILLS }, (_, index) => ({ skillId: idOf(index), isRunning: false, generalSettings: { maximumRingingDuration: 25 } }));
    harness = await startCxoneRunHarness({ files, emulator: { timeScale: 1800, skills } });
    const work = path.join(harness.dir, 'checkout');
    await git(harness.dir, 'clone', '--quiet', '--branch', 'main', harness.remote, work);
    const run = await runCli(['apply', work], { cwd: harness.dir, env: { ...harness.env, HOME: process.env.HOME ?? harness.dir } });
    expect(run.code, run.stderr).to.equal(0);
    expect(run.stderr).to.include(`${SKILLS} of ${SKILLS} skills converged, 0 invalid files`);
    const api = harness.emulator.context.requests.query({ limit: 1_000_000 }).filter((entry) => entry.path.toLowerCase().startsWith('/incontactapi/'));
    const routes = api.map((entry) => `${entry.method} ${entry.path.replace(/^\/incontactapi\/services\/[^/]+/i, '').replace(/\?.*$/, '')}`);
    expect(routes.filter((route) => /\/skills\/\d+/.test(route)), 'no request names one skill').to.deep.equal([]);
    expect(routes.filter((route) => route === 'GET /skills/parameters')).to.have.length(1);
    expect(routes.filter((route) => route === 'GET /skills')).to.have.length(1);
    expect(routes).to.have.length(2);
  });
});
