/**
 * `cxone-gitops apply DIR` with CXONE_DIALECT=cxone, the way an apply-on-merge pipeline runs it: a
 * fresh clone of the desired-state remote (`origin` is that remote, GITOPS_REPO_URL unset) holding
 * an OutboundSkill file, the cxone emulator over HTTPS at 1800× (a real second is half an hour of
 * dialling, so the live analysis reaches its verdict in seconds), and nothing else. The command
 * composes through adapters/cxone/target-from-config.ts as `run` does.
 */
import { expect } from 'chai';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { git } from '../../support/controller-harness.js';
import { outboundSkillFile, startCxoneRunHarness, type CxoneRunHarness } from '../../support/cxone-run-harness.js';
import { runCli } from '../../support/spawn-cli.js';

const NAME = 'renewals-outbound';
const SKILL_ID = 11;
const TRUE_PROFILE = { agents: 40, answerProbability: 0.7, machineProbability: 0.05 };
const OVERDIAL = '{ maximumRatio: 3, maxConcurrentCallsPerAgent: 3, aggressiveness: aggressive, abandonRateThreshold: 3, abandonRateCutoff: 10, percentageOfAgentsBeforeOverdial: 0 }';
const ANALYSIS = '{ window: 2s, interval: 1s, minLiveAnswers: 200, maxWindow: 20s }';

function skillFile(generalSettings: string, profile = '{ agents: 40 }'): string {
  return outboundSkillFile({ name: NAME, skillId: SKILL_ID, generalSettings, profile, analysis: ANALYSIS });
}

describe('cxone-gitops apply DIR with CXONE_DIALECT=cxone: OutboundSkill files over HTTPS, as an apply-on-merge pipeline runs it', function () {
  this.timeout(120_000);
  let harness: CxoneRunHarness;
  let clones = 0;

  const live = () => harness.emulator.context.store.get(SKILL_ID)!.groups.generalSettings!;
  const puts = () => harness.emulator.context.requests.query({ method: 'PUT' }).length;
  const records = async () => (await harness.auditRecords()).filter((record) => record.campaign === NAME);
  /** The pipeline's environment: the cxone connection and a data directory, no GITOPS_REPO_URL. */
  const pipelineEnv = (): NodeJS.ProcessEnv => {
    const { GITOPS_REPO_URL: _remote, ...env } = harness.env;
    return { ...env, HOME: process.env.HOME ?? harness.dir, DATA_DIR: path.join(harness.dir, `pipeline-data-${clones}`) };
  };
  /** Clones the remote as a pipeline's checkout and commits `text` as the skill file (the merged commit). */
  const checkout = async (message: string, text: string): Promise<{ work: string; revision: string }> => {
    clones += 1;
    const work = path.join(harness.dir, `checkout-${clones}`);
    await git(harness.dir, 'clone', '--quiet', '--branch', 'main', harness.remote, work);
    const file = path.join(work, 'renewals.yaml');
    if ((await readFile(file, 'utf8')) !== text) {
      await writeFile(file, text);
      await git(work, '-c', 'user.name=Engineer', '-c', 'user.email=engineer@example.com', 'commit', '--quiet', '-am', message);
    }
    return { work, revision: await git(work, 'rev-parse', 'HEAD') };
  };
  const apply = (work: string, ...args: string[]) => runCli(['apply', ...args, work], { cwd: harness.dir, env: pipelineEnv() });

  beforeEach(async () => {
    clones = 0;
    harness = await startCxoneRunHarness({
      files: { 'renewals.yaml': skillFile('{ maximumRatio: 2, abandonRateThreshold: 1.5 }') },
      emulator: { timeScale: 1800, skills: [{ skillId: SKILL_ID, skillName: 'renewals', isRunning: true, generalSettings: { maximumRatio: 2, abandonRateThreshold: 1.5, maxWaitTimeSeconds: 77 }, trueProfile: TRUE_PROFILE }] },
    });
  });
  afterEach(() => harness.close());

  it('applies a changed skill (unmanaged fields kept), waits for the live analysis to pass, exits 0 and records applied and verified on the audit branch of origin', async () => {
    const { work, revision } = await checkout('Lower the renewals ratio', skillFile('{ maximumRatio: 1, abandonRateThreshold: 2.5 }'));
    const run = await apply(work);

    expect(run.code, run.stderr).to.equal(0);
    expect(run.stderr).to.match(new RegExp(`^${NAME}: Synced: applied.*verified by live outcomes`, 'm'));
    expect(run.stderr).to.match(/^1 of 1 skill converged, 0 invalid files$/m);
    expect(live()).to.include({ maximumRatio: 1, abandonRateThreshold: 2.5, maxWaitTimeSeconds: 77 });
    expect(puts(), 'one PUT of the change').to.equal(1);
    const all = await records();
    const applied = all.filter((record) => record.outcome === 'applied');
    expect(applied, JSON.stringify(all.map((record) => record.outcome))).to.have.length(1);
    expect(applied[0]).to.deep.include({ campaignId: String(SKILL_ID), desiredRevision: revision });
    expect(applied[0]!.settings).to.deep.equal({ generalSettings: { abandonRateThreshold: 2.5, maximumRatio: 1 } });
    const verified = all.find((record) => record.outcome === 'verified');
    expect(verified, 'the verdict is on the audit branch before apply exits').to.not.equal(undefined);
    expect(verified!.verification).to.equal('live-analysis');
    const document = await harness.statusDocument(NAME);
    expect(document).to.deep.include({ campaignId: String(SKILL_ID), status: 'Synced' });
    expect(JSON.stringify(all) + run.stderr + run.stdout, 'no secret in the records or the output').to.not.include(harness.env.CXONE_ACCESS_KEY_SECRET).and.not.include(harness.env.CXONE_CLIENT_SECRET);
  });

  it('rolls back a change the live analysis fails (it passed the local gate on an optimistic profile) and exits 1', async () => {
    const { work } = await checkout('Push the renewals skill hard', skillFile(OVERDIAL, '{ agents: 40, answerProbability: 0.2, machineProbability: 0.05 }'));
    const run = await apply(work);

    expect(run.code, run.stderr).to.equal(1);
    expect(run.stderr).to.match(new RegExp(`^${NAME}: Verifying: .*\\(next check in \\d+ s\\)$`, 'm'));
    expect(run.stderr).to.match(new RegExp(`^${NAME}: RolledBack: `, 'm'));
    expect(run.stderr).to.match(/^0 of 1 skill converged/m);
    expect(live(), 'the settings before the apply are back').to.include({ maximumRatio: 2, abandonRateThreshold: 1.5, maxWaitTimeSeconds: 77 });
    expect(puts(), 'the change and its rollback').to.equal(2);
    const outcomes = (await records()).map((record) => record.outcome);
    expect(outcomes).to.include('applied').and.to.include('verification-started').and.to.include('rolled-back');
  });

  it('writes nothing for a skill already as its file says, records its adoption, and a second apply after a supervisor edit heals it as drift', async () => {
    const { work } = await checkout('nothing', skillFile('{ maximumRatio: 2, abandonRateThreshold: 1.5 }'));
    const first = await apply(work);
    expect(first.code, first.stderr).to.equal(0);
    expect(first.stderr).to.match(new RegExp(`^${NAME}: Synced: `, 'm'));
    expect(puts(), 'in sync: no PUT').to.equal(0);
    expect((await records()).map((record) => record.outcome)).to.include('adopted');

    harness.emulator.context.store.patch(SKILL_ID, { generalSettings: { maximumRatio: 3 } });
    const second = await apply(work);
    expect(second.code, second.stderr).to.equal(0);
    expect(live()).to.include({ maximumRatio: 2 });
    const heal = (await records()).find((record) => record.outcome === 'applied' && record.kind === 'heal');
    expect(heal, 'the heal is recorded').to.not.equal(undefined);
    expect(heal!.reason).to.contain('changed outside Git since our last apply (generalSettings.maximumRatio)');
    expect(heal!.reason).to.contain('CXone does not report who changed a skill').and.to.contain('Change Audit Report');
  });

  it('with --no-audit prints the records as JSON lines and leaves the audit branch alone', async () => {
    const { work, revision } = await checkout('Lower the renewals ratio', skillFile('{ maximumRatio: 1, abandonRateThreshold: 2.5 }'));
    const run = await apply(work, '--no-audit');

    expect(run.code, run.stderr).to.equal(0);
    const printed = run.stdout.split('\n').filter((line) => line !== '').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(printed.find((record) => record.outcome === 'applied')).to.deep.include({ campaign: NAME, campaignId: String(SKILL_ID), desiredRevision: revision });
    expect(printed.map((record) => record.outcome)).to.include('verified');
    expect(await git(harness.remote, 'branch', '--list', 'cxone-gitops/*'), 'no audit branch on the remote').to.equal('');
  });
});
