/**
 * The one-shot commands on OutboundSkill files (CXONE_DIALECT=cxone) as a user runs them against
 * the cxone emulator over HTTPS, when CXone refuses or loses something: a bad access key or
 * application secret (a clear message naming the variables to fix, no secret anywhere in the
 * output), an access token that expires in the middle of a command (refreshed with the refresh
 * token, the command carries on), and a file naming a skill CXone does not have (the file and line
 * of its `metadata.skillId`; the other skills are still planned). The happy paths are
 * `plan-skill-command.test.ts` and `adopt-skill-command.test.ts`; `run` is `test/e2e/cxone-run*.test.ts`.
 */
import { expect } from 'chai';
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { SkillSpec } from '../../../controller/domain/skill-spec.js';
import type { PlanJson } from '../../../controller/report/plan-report.js';
import { DEFAULT_ACCESS_KEY, DEFAULT_APPLICATION, startCxoneEmulator, type CxoneEmulatorOptions, type RunningCxoneEmulator } from '../../../emulator/cxone/cxone-emulator-server.js';
import { liveSkillFor } from '../../../emulator/cxone/seed-skills.js';
import { cxoneCliEnv, expireTokensAfterFirst, skillWorkspace, supervisorEdit } from '../../support/cxone-cli-fixture.js';
import { runCli, type CliRun } from '../../support/spawn-cli.js';

const WRONG_KEY_SECRET = 'not-the-access-key-secret-5c1e9';
const WRONG_CLIENT_SECRET = 'not-the-client-secret-77ab02';

describe('cxone-gitops validate, plan and adopt on OutboundSkill files when CXone refuses keys, expires tokens or lacks a skill (over HTTPS)', function () {
  this.timeout(90_000);
  let tmp: string;
  let ca: string;
  let tls: { key: string; cert: string };
  let skills: SkillSpec[];
  let emulator: RunningCxoneEmulator | undefined;

  const start = async (options: { skills?: SkillSpec[]; traffic?: CxoneEmulatorOptions['traffic'] } = {}) => {
    emulator = await startCxoneEmulator({ tls, rateLimitPerMinute: 0, traffic: options.traffic ?? (() => undefined), skills: (options.skills ?? skills).map((skill) => liveSkillFor(skill)) });
    return emulator;
  };
  const cli = (args: string[], extra: NodeJS.ProcessEnv = {}) => runCli(args, { env: cxoneCliEnv(emulator!, ca, extra), cwd: tmp });
  /** Neither secret of the environment, nor any token the emulator issued, appears in what the command printed. */
  const expectNoSecret = (run: CliRun) => {
    const printed = run.stdout + run.stderr;
    const secrets = [WRONG_KEY_SECRET, WRONG_CLIENT_SECRET, DEFAULT_APPLICATION.clientSecret, DEFAULT_ACCESS_KEY.accessKeySecret, ...emulator!.context.keys.issuedTokens()];
    for (const secret of secrets) expect(printed, 'a secret in the output').to.not.include(secret);
    expect(printed).to.not.include('[redacted] failed');
  };

  before(async () => {
    ({ tmp, ca, tls, skills } = await skillWorkspace('cxone-skill-faults-'));
  });
  after(() => rm(tmp, { recursive: true, force: true }));
  afterEach(async () => {
    await emulator?.close();
    emulator = undefined;
  });

  describe('a bad access key', () => {
    const badKey = { CXONE_ACCESS_KEY_SECRET: WRONG_KEY_SECRET };

    it('validate checks the files without calling CXone, so it passes and sends nothing', async () => {
      await start();
      const run = await cli(['validate', 'desired-state-cxone'], badKey);
      expect(run.code, run.stderr).to.equal(0);
      expect(emulator!.context.requests.query({}), 'no request').to.deep.equal([]);
      expectNoSecret(run);
    });

    for (const args of [['plan', 'desired-state-cxone'], ['adopt', 'renewals-outbound', 'desired-state-cxone']]) {
      it(`${args[0]} exits 1 naming CXONE_ACCESS_KEY_ID and CXONE_ACCESS_KEY_SECRET, with no secret in its output`, async () => {
        await start();
        const run = await cli(args, badKey);
        expect(run.code).to.equal(1);
        expect(run.stderr).to.include('authentication failed (invalid_grant: Invalid access key id or access key secret)');
        expect(run.stderr).to.include('check CXONE_ACCESS_KEY_ID and CXONE_ACCESS_KEY_SECRET');
        expect(emulator!.context.keys.granted, 'no token granted').to.deep.equal({ password: 0, refresh_token: 0 });
        expectNoSecret(run);
      });
    }

    it('plan with a wrong application secret names CXONE_CLIENT_ID and CXONE_CLIENT_SECRET instead', async () => {
      await start();
      const run = await cli(['plan', 'desired-state-cxone'], { CXONE_CLIENT_SECRET: WRONG_CLIENT_SECRET });
      expect(run.code).to.equal(1);
      expect(run.stderr).to.include('check CXONE_CLIENT_ID and CXONE_CLIENT_SECRET');
      expectNoSecret(run);
    });
  });

  describe('an access token that expires during a command', () => {
    it('plan refreshes it between the sweep’s two calls and still shows the supervisor’s edit', async () => {
      await start({ traffic: expireTokensAfterFirst('/skills/parameters') });
      supervisorEdit(emulator!, 4021337, { generalSettings: { maximumRatio: 3 } });
      const run = await cli(['plan', 'desired-state-cxone']);
      expect(run.code, run.stderr).to.equal(2);
      expect(run.stdout).to.include('    generalSettings.maximumRatio: 3 → 2');
      const refused = emulator!.context.requests.query({}).filter((entry) => entry.status === 401);
      expect(refused, 'the expired token refused once').to.have.length(1);
      expect(emulator!.context.keys.granted).to.deep.equal({ password: 1, refresh_token: 1 });
      expectNoSecret(run);
    });

    it('adopt refreshes it before its read and writes the live values', async () => {
      await start({ traffic: expireTokensAfterFirst('/.well-known/cxone-configuration') });
      supervisorEdit(emulator!, 4021337, { cpaSettings: { abandonTimeout: 3 } });
      const file = path.join(tmp, 'desired-state-cxone', 'retention', 'renewals-outbound.yaml');
      const original = await readFile(file, 'utf8');
      const run = await cli(['adopt', 'renewals-outbound', 'desired-state-cxone']);
      try {
        expect(run.code, run.stderr).to.equal(0);
        expect(run.stdout).to.include('spec.cpaSettings.abandonTimeout: 2 → 3');
        expect(emulator!.context.requests.query({}).filter((entry) => entry.status === 401)).to.have.length(1);
        expect(emulator!.context.keys.granted).to.deep.equal({ password: 1, refresh_token: 1 });
        expectNoSecret(run);
      } finally {
        await writeFile(file, original);
      }
    });
  });

  describe('a file naming a skill CXone does not have', () => {
    const present = () => skills.filter((skill) => skill.skillId !== 4021401);

    it('plan names the file and line of metadata.skillId, exits 1, and still plans the other skills', async () => {
      await start({ skills: present() });
      supervisorEdit(emulator!, 4021337, { generalSettings: { maximumRatio: 3 } });
      const run = await cli(['plan', 'desired-state-cxone']);
      expect(run.code, run.stderr).to.equal(1);
      expect(run.stdout).to.match(/CXone has no skill 4021401: check metadata\.skillId in desired-state-cxone\/collections\/early-arrears-outbound\.yaml:5:12$/m);
      expect(run.stdout, 'the other skills planned').to.match(/^~ renewals-outbound {2}OutOfSync/m);
      expect(run.stdout).to.match(/winback-outbound/);
      const json = JSON.parse((await cli(['plan', 'desired-state-cxone', '--format', 'json'])).stdout) as PlanJson;
      expect(json.campaigns.map((row) => `${row.name} ${row.action}`).sort()).to.deep.equal(['early-arrears-outbound not-found', 'renewals-outbound update', 'winback-outbound none']);
    });

  });
});
