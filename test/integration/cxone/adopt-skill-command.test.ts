/**
 * `cxone-gitops adopt NAME` with CXONE_DIALECT=cxone, as a user runs it against the cxone emulator
 * over HTTPS: the live values of the managed fields go into the file, comments kept, unmanaged
 * fields left out; a live value that breaks a rule is refused unless --force.
 */
import { expect } from 'chai';
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { SkillSpec } from '../../../controller/domain/skill-spec.js';
import { startCxoneEmulator, type RunningCxoneEmulator } from '../../../emulator/cxone/cxone-emulator-server.js';
import { liveSkillFor } from '../../../emulator/cxone/seed-skills.js';
import { cxoneCliEnv, skillWorkspace, supervisorEdit } from '../../support/cxone-cli-fixture.js';
import { runCli } from '../../support/spawn-cli.js';

describe('cxone-gitops adopt on an OutboundSkill (CXONE_DIALECT=cxone, over HTTPS)', function () {
  this.timeout(90_000);
  let tmp: string;
  let ca: string;
  let tls: { key: string; cert: string };
  let skills: SkillSpec[];
  let original: string;
  let emulator: RunningCxoneEmulator;
  const file = () => path.join(tmp, 'desired-state-cxone', 'retention', 'renewals-outbound.yaml');

  const env = (extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => cxoneCliEnv(emulator, ca, extra);
  const cli = (args: string[]) => runCli(args, { env: env(), cwd: tmp });
  const edit = (skillId: number, body: Record<string, unknown>) => supervisorEdit(emulator, skillId, body);

  before(async () => {
    ({ tmp, ca, tls, skills } = await skillWorkspace('cxone-adopt-skill-'));
    original = await readFile(file(), 'utf8');
  });
  after(() => rm(tmp, { recursive: true, force: true }));
  beforeEach(async () => {
    await writeFile(file(), original);
    emulator = await startCxoneEmulator({ tls, rateLimitPerMinute: 0, traffic: () => undefined, skills: skills.map((skill) => liveSkillFor(skill)) });
  });
  afterEach(() => emulator.close());

  it('writes the live values of the managed fields only, keeping comments, and plan is then in sync', async () => {
    const unchanged = await cli(['adopt', 'renewals-outbound', 'desired-state-cxone']);
    expect(unchanged.code, unchanged.stderr).to.equal(0);
    expect(unchanged.stdout).to.include('already matches live skill 4021337; nothing to adopt');
    // A supervisor raises the ratio and the CPA timeout, and changes a field the file does not manage.
    edit(4021337, { generalSettings: { maximumRatio: 3, maxWaitTimeSeconds: 45 }, cpaSettings: { abandonTimeout: 3 } });
    const run = await cli(['adopt', 'renewals-outbound', 'desired-state-cxone']);
    expect(run.code, run.stderr).to.equal(0);
    expect(run.stdout).to.include('adopted the live settings of renewals-outbound (skill 4021337):');
    expect(run.stdout).to.include('spec.generalSettings.maximumRatio: 2 → 3');
    expect(run.stdout).to.include('spec.cpaSettings.abandonTimeout: 2 → 3');
    expect(run.stdout).to.include("Change Audit Report");
    const written = await readFile(file(), 'utf8');
    expect(written).to.include('    maximumRatio: 3                # lines per agent, 1-3');
    expect(written).to.include('    abandonTimeout: 3              # seconds a live answer waits for an agent');
    expect(written).to.include('# Personal Connection pacing of the renewals outbound skill.');
    expect(written, 'an unmanaged field stays unmanaged').to.not.include('maxWaitTimeSeconds');
    expect(written, 'every other byte kept').to.equal(original.replace('maximumRatio: 2 ', 'maximumRatio: 3 ').replace('abandonTimeout: 2 ', 'abandonTimeout: 3 '));
    const plan = await cli(['plan', 'desired-state-cxone']);
    expect(plan.stdout).to.match(/^= renewals-outbound {2}Synced/m);
  });

  it('refuses live values that break a rule of the file (cutoff below the threshold), naming the line, unless --force', async () => {
    edit(4021337, { generalSettings: { abandonRateCutoff: 2 } });
    const refused = await cli(['adopt', 'renewals-outbound', 'desired-state-cxone']);
    expect(refused.code).to.equal(1);
    expect(refused.stderr).to.match(/desired-state-cxone\/retention\/renewals-outbound\.yaml:\d+:\d+: .*abandonRateCutoff/);
    expect(refused.stderr).to.include('nothing written (--force writes it anyway)');
    expect(await readFile(file(), 'utf8')).to.equal(original);
    const forced = await cli(['adopt', 'renewals-outbound', 'desired-state-cxone', '--force']);
    expect(forced.code, forced.stderr).to.equal(0);
    expect(await readFile(file(), 'utf8')).to.include('abandonRateCutoff: 2 ');
  });

  it('says which file to fix when CXone has no skill of the file\'s id', async () => {
    await emulator.close();
    emulator = await startCxoneEmulator({ tls, rateLimitPerMinute: 0, traffic: () => undefined, skills: [] });
    const run = await cli(['adopt', 'renewals-outbound', 'desired-state-cxone']);
    expect(run.code).to.equal(1);
    expect(run.stderr).to.include('CXone has no skill 4021337: check metadata.skillId in desired-state-cxone/retention/renewals-outbound.yaml:6:');
  });
});
