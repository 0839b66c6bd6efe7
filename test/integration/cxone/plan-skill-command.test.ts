/**
 * `cxone-gitops plan` with CXONE_DIALECT=cxone, as a user runs it: the example OutboundSkill files
 * against the cxone emulator over HTTPS (a private CA through NODE_EXTRA_CA_CERTS), in text,
 * markdown and JSON, with `--simulate` on pc-v1, and with the audit branch's skill history.
 */
import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { initialState, type CampaignState } from '../../../controller/domain/campaign-state.js';
import { skillFingerprint } from '../../../controller/domain/decide-skills.js';
import type { LiveSkill } from '../../../controller/domain/live-skill.js';
import type { SkillWrite } from '../../../controller/domain/plan-skill.js';
import type { SkillGroups } from '../../../controller/domain/skill-groups.js';
import type { SkillSpec } from '../../../controller/domain/skill-spec.js';
import type { PlanJson } from '../../../controller/report/plan-report.js';
import { startCxoneEmulator, type RunningCxoneEmulator } from '../../../emulator/cxone/cxone-emulator-server.js';
import { liveSkillFor } from '../../../emulator/cxone/seed-skills.js';
import { cxoneCliEnv, skillWorkspace, supervisorEdit } from '../../support/cxone-cli-fixture.js';
import { runCli } from '../../support/spawn-cli.js';

const run = promisify(execFile);
const git = async (cwd: string, ...args: string[]) => (await run('git', args, { cwd })).stdout;

describe('cxone-gitops plan on OutboundSkill files (CXONE_DIALECT=cxone, over HTTPS)', function () {
  this.timeout(90_000);
  let tmp: string;
  let ca: string;
  let tls: { key: string; cert: string };
  let skills: SkillSpec[];
  let emulator: RunningCxoneEmulator;

  const env = (extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => cxoneCliEnv(emulator, ca, extra);
  const plan = (args: string[], extra: NodeJS.ProcessEnv = {}) => runCli(['plan', 'desired-state-cxone', ...args], { env: env(extra), cwd: tmp });
  const planJson = async (args: string[] = [], extra: NodeJS.ProcessEnv = {}) => {
    const result = await plan(['--format', 'json', ...args], extra);
    return { ...result, json: JSON.parse(result.stdout) as PlanJson };
  };
  const edit = (skillId: number, body: Record<string, unknown>) => supervisorEdit(emulator, skillId, body);

  before(async () => {
    ({ tmp, ca, tls, skills } = await skillWorkspace('cxone-plan-skill-'));
  });
  after(() => rm(tmp, { recursive: true, force: true }));
  beforeEach(async () => {
    emulator = await startCxoneEmulator({ tls, rateLimitPerMinute: 0, traffic: () => undefined, skills: skills.map((skill) => liveSkillFor(skill)) });
  });
  afterEach(() => emulator.close());

  it('exits 0 with every skill in sync, and 2 with the field diff after a supervisor edit, no version shown (CXone keeps none)', async () => {
    const synced = await plan([]);
    expect(synced.code, synced.stderr).to.equal(0);
    expect(synced.stdout).to.match(/^= renewals-outbound {2}Synced: live matches Git$/m);
    expect(synced.stdout).to.include('Plan: 0 to apply');
    edit(4021337, { generalSettings: { maximumRatio: 3 } });
    const changed = await plan([]);
    expect(changed.code, changed.stderr).to.equal(2);
    expect(changed.stdout).to.match(/^~ renewals-outbound {2}OutOfSync: Git changed \(1 field differs\): apply$/m);
    expect(changed.stdout).to.include('    generalSettings.maximumRatio: 3 → 2');
    expect(changed.stdout).to.not.include('(live v');
  });

  it('gives skill rows in JSON (campaignId the skill id, liveVersion null) and markdown, and a missing skill exits 1 as not-found', async () => {
    await emulator.close();
    emulator = await startCxoneEmulator({ tls, rateLimitPerMinute: 0, traffic: () => undefined, skills: skills.filter((skill) => skill.skillId !== 4021401).map((skill) => liveSkillFor(skill)) });
    edit(4021338, { generalSettings: { maximumRingingDuration: 30 } });
    const { code, json } = await planJson();
    expect(code, 'a skill CXone does not have').to.equal(1);
    expect(json.campaigns.find((row) => row.name === 'early-arrears-outbound')).to.deep.include({ campaignId: '4021401', action: 'not-found', status: 'Failed' });
    expect(json.summary).to.include({ campaigns: 3, toApply: 0, observed: 1, inSync: 1, notFound: 1 });
    const winback = json.campaigns.find((row) => row.name === 'winback-outbound')!;
    expect(winback, 'sync.policy observe').to.deep.include({ campaignId: '4021338', action: 'observe', status: 'OutOfSync', liveVersion: null, lastModified: null, simulation: null });
    expect(winback.changes).to.deep.equal([{ field: 'generalSettings.maximumRingingDuration', before: 30, after: 22 }]);
    expect(json.formatVersion).to.equal(1);
    const markdown = await plan(['--format', 'markdown']);
    expect(markdown.stdout).to.match(/\| `winback-outbound` \| OutOfSync \| — \| 1 \|/);
    expect(markdown.stdout).to.include('| `generalSettings.maximumRingingDuration` | 30 | 22 |');
    expect(markdown.stdout).to.include('campaign `4021338`');
  });

  it('--simulate runs pc-v1 through the local gate: flags an overdialling change on a profile where most dials are answered', async () => {
    const file = path.join(tmp, 'desired-state-cxone', 'retention', 'renewals-outbound.yaml');
    const original = await readFile(file, 'utf8');
    try {
      await writeFile(
        file,
        original
          .replace('maximumRatio: 2 ', 'maximumRatio: 3 ')
          .replace('aggressiveness: conservative', 'aggressiveness: aggressive  ')
          .replace('maxConcurrentCallsPerAgent: 2', 'maxConcurrentCallsPerAgent: 3')
          .replace('beginDampenPercentage: 80', 'beginDampenPercentage: 100')
          .replace('percentageOfAgentsBeforeOverdial: 50', 'percentageOfAgentsBeforeOverdial: 0')
          .replace('abandonRateThreshold: 2.5', 'abandonRateThreshold: 3  ')
          .replace('profile: { agents: 40 }', 'profile: { agents: 40, answerProbability: 0.8, machineProbability: 0.05 }'),
      );
      const { code, json, stderr } = await planJson(['--simulate']);
      expect(code, stderr).to.equal(2);
      const renewals = json.campaigns.find((row) => row.name === 'renewals-outbound')!;
      expect(renewals.action).to.equal('update');
      const simulation = renewals.simulation!;
      expect(simulation).to.include({ model: 'dialer-des/pc-v2', limit: 0.03, breaksLimit: true });
      expect(simulation.after.abandonRateUpper95).to.be.above(0.03).and.above(simulation.before.abandonRateUpper95);
      expect(json.campaigns.find((row) => row.name === 'winback-outbound')!.simulation, 'in sync: not simulated').to.equal(null);
      const text = await plan(['--simulate']);
      expect(text.stdout).to.match(/simulated \(dialer-des\/pc-v2\) abandon bound [\d.]+% → [\d.]+%.*BREAKS the 3\.00% limit: will not be applied/);
    } finally {
      await writeFile(file, original);
    }
  });

  it('decides with the audit branch: a held skill is held, a supervisor edit since our last apply is drift to heal (no author: the Change Audit Report)', async () => {
    const remote = path.join(tmp, `audit-${Date.now()}.git`);
    const work = path.join(tmp, `audit-work-${Date.now()}`);
    await run('git', ['init', '--bare', '-q', remote]);
    await run('git', ['init', '-q', '-b', 'cxone-gitops/audit', work]);
    const byName = new Map(skills.map((skill) => [skill.name, skill]));
    const status = (name: string, edit: (state: CampaignState<LiveSkill, SkillWrite, SkillGroups>) => void) => {
      const skill = byName.get(name)!;
      const state = initialState<LiveSkill, SkillWrite, SkillGroups>({ name, campaignId: String(skill.skillId), path: skill.path, labels: skill.labels });
      state.lastApplied = { revision: 'a'.repeat(40), settings: skill.groups, desired: skill.groups, weights: {}, version: 1, via: 'applied', at: '2026-11-30T10:00:00.000Z' };
      edit(state);
      return `${JSON.stringify(state, null, 2)}\n`;
    };
    await run('mkdir', ['-p', path.join(work, 'status')]);
    await writeFile(path.join(work, 'status', 'renewals-outbound.json'), status('renewals-outbound', (state) => {
      state.status = 'Paused';
      state.reason = 'the live analysis was inconclusive at its maximum window';
      state.hold = { status: 'Paused', reason: 'VerificationInconclusive', message: state.reason, fingerprint: skillFingerprint(byName.get('renewals-outbound')!), since: '2026-11-30T11:00:00.000Z' };
    }));
    await writeFile(path.join(work, 'status', 'early-arrears-outbound.json'), status('early-arrears-outbound', () => undefined));
    await git(work, 'add', '.');
    await git(work, '-c', 'user.name=t', '-c', 'user.email=t@t.invalid', 'commit', '-q', '-m', 'statuses');
    await git(work, 'push', '-q', remote, 'cxone-gitops/audit');
    edit(4021401, { generalSettings: { percentageOfAgentsBeforeOverdial: 60 } });

    const { code, json, stderr } = await planJson([], { GITOPS_REPO_URL: remote });
    expect(code, stderr).to.equal(2);
    expect(json.history?.source, json.history?.message).to.equal('audit-branch');
    expect(json.history?.message).to.include('(2 campaigns with a status)');
    expect(json.campaigns.find((row) => row.name === 'renewals-outbound')).to.deep.include({ action: 'held', status: 'Paused' });
    const arrears = json.campaigns.find((row) => row.name === 'early-arrears-outbound')!;
    expect(arrears).to.deep.include({ action: 'heal', status: 'Drifted', drifted: true });
    expect(arrears.drift).to.deep.equal([{ field: 'generalSettings.percentageOfAgentsBeforeOverdial', before: 70, after: 60 }]);
    expect(arrears.reason).to.include("CXone's Change Audit Report");
    // Without the history the same edit is planned as a Git change (the plan cannot tell who changed what).
    const blind = await planJson([], { GITOPS_REPO_URL: path.join(tmp, 'no-such-repo.git') });
    expect(blind.json.history?.source).to.equal('none');
    expect(blind.json.campaigns.find((row) => row.name === 'early-arrears-outbound')).to.deep.include({ action: 'update', status: 'OutOfSync' });
    expect(blind.json.campaigns.find((row) => row.name === 'renewals-outbound')).to.deep.include({ action: 'none', status: 'Synced' });
  });
});
