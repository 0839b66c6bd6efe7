import { expect } from 'chai';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { CampaignState } from '../../controller/domain/campaign-state.js';
import { startCxoneRunHarness, waitForSkill, type CxoneRunHarness } from '../support/cxone-run-harness.js';
import { waitFor } from '../support/wait-for.js';

const NAME = 'renewals-outbound';
/** Real seconds at the emulator's 1800x: a 2 s window is an hour of simulated traffic. */
const FILE = `# Personal Connection pacing of the renewals skill.
apiVersion: cxone-gitops/v1
kind: OutboundSkill
metadata:
  name: ${NAME}
  skillId: 11
  labels: { team: retention }
spec:
  generalSettings:
    maximumRatio: 1                # lines per agent
    abandonRateThreshold: 2.5      # percent
  simulation: { maxAbandonRate: 0.03, onFailure: rollback, profile: { agents: 40 } }
  analysis: { window: 2s, interval: 1s, minLiveAnswers: 200, maxWindow: 20s }
`;
const TRUE_PROFILE = { agents: 40, answerProbability: 0.7, machineProbability: 0.05 };

describe('cxone-gitops run with CXONE_DIALECT=cxone: a controller process reconciles OutboundSkill files over HTTPS', function () {
  this.timeout(180_000);
  let harness: CxoneRunHarness;
  const live = () => harness.emulator.context.store.get(11)!.groups.generalSettings!;
  const skill = async (): Promise<CampaignState | undefined> => (await harness.status()).campaigns.find((state) => state.name === NAME);
  const puts = () => harness.emulator.context.requests.query({ method: 'PUT' }).length;

  before(async () => {
    harness = await startCxoneRunHarness({
      files: { 'renewals.yaml': FILE },
      emulator: { timeScale: 1800, skills: [{ skillId: 11, skillName: 'renewals', isRunning: true, generalSettings: { maximumRatio: 2, abandonRateThreshold: 2, maxWaitTimeSeconds: 77 }, trueProfile: TRUE_PROFILE }] },
    });
    // A sweep every second, Git polled every second: drift and commits are seen without a trigger.
    await harness.startController({ GITOPS_SCHEDULE: '*/1 * * * * *', GITOPS_POLL_SECONDS: '1' });
  });
  after(() => harness?.close());

  it('applies the file (unmanaged fields kept), verifies it by live analysis and records both on the audit branch', async () => {
    // Synced by the verdict (a later sweep's reconcile says InSync: the apply is what lastApplied keeps).
    const synced = await waitForSkill(harness, NAME, (state) => state.status === 'Synced' && state.lastApplied?.via === 'applied' && state.analysis?.phase === 'Passed', `${NAME} Synced after its apply`);
    expect(synced.campaignId).to.equal('11');
    expect(synced.lastSimulation?.source).to.equal('analysis');
    expect(synced.analysis?.phase).to.equal('Passed');
    expect(live()).to.include({ maximumRatio: 1, abandonRateThreshold: 2.5, maxWaitTimeSeconds: 77 });
    const records = await waitFor(async () => {
      const all = (await harness.auditRecords()).filter((record) => record.campaign === NAME);
      return all.some((record) => record.outcome === 'verified') && all;
    }, { what: 'the verdict on the audit branch', timeoutMs: 30_000, intervalMs: 200 });
    const applied = records.find((record) => record.outcome === 'applied')!;
    expect(applied.campaignId).to.equal('11');
    expect(applied.settings).to.deep.equal({ generalSettings: { abandonRateThreshold: 2.5, maximumRatio: 1 } });
    expect(records.find((record) => record.outcome === 'verified')!.verification).to.equal('live-analysis');
    const document = await waitFor(() => harness.statusDocument(NAME), { what: 'the status document', timeoutMs: 30_000, intervalMs: 200 });
    expect(document.campaignId).to.equal('11');
  });

  it('shows the skill on /api/status, the dashboard and /metrics', async () => {
    const status = await harness.status();
    expect(status.cxone.circuit).to.equal('closed');
    expect(status.lastSuccessfulSweepAt, 'a sweep of the skills listing').to.be.a('string');
    const index = await harness.get<string>('/');
    expect(index.status).to.equal(200);
    expect(index.text).to.contain(NAME);
    const page = await harness.get<string>(`/campaigns/${NAME}`);
    expect(page.status).to.equal(200);
    expect(page.text).to.contain('generalSettings.maximumRatio');
    const metrics = await harness.get<string>('/metrics');
    expect(metrics.text).to.match(new RegExp(`cxone_gitops_campaign_info\\{[^}]*campaign="${NAME}"[^}]*campaign_id="11"`));
    expect(metrics.text).to.match(/cxone_gitops_api_requests_total\{route="\/skills\/parameters",method="GET",code="200"\}/);
  });

  it('detects a supervisor edit on a sweep and heals it, the record pointing at the Change Audit Report', async () => {
    const before = puts();
    harness.emulator.context.store.patch(11, { generalSettings: { abandonRateThreshold: 2.9 } });
    const heal = await waitFor(async () => (await harness.auditRecords()).find((record) => record.outcome === 'applied' && record.kind === 'heal'), { what: 'the heal record', timeoutMs: 60_000, intervalMs: 200 });
    expect(heal.reason).to.contain('changed outside Git since our last apply (generalSettings.abandonRateThreshold)');
    expect(heal.reason).to.contain('CXone does not report who changed a skill');
    expect(heal.reason).to.contain('Change Audit Report');
    expect(heal.settings).to.deep.equal({ generalSettings: { abandonRateThreshold: 2.5, maximumRatio: 1 } });
    expect(live()).to.include({ abandonRateThreshold: 2.5, maxWaitTimeSeconds: 77 });
    expect(puts()).to.be.greaterThan(before);
    // The heal is verified like any apply, then the skill is Synced again.
    await waitFor(async () => (await harness.auditRecords()).filter((record) => record.outcome === 'verified').length >= 2, { what: 'the heal verified', timeoutMs: 60_000, intervalMs: 200 });
    await waitForSkill(harness, NAME, (state) => state.status === 'Synced' && state.drift === undefined, `${NAME} Synced after the heal`);
  });

  it('applies a commit to the file, verified again, at the new revision', async () => {
    await harness.push('renewals: threshold 2.2', async (work) => {
      const file = path.join(work, 'renewals.yaml');
      await writeFile(file, (await readFile(file, 'utf8')).replace('abandonRateThreshold: 2.5', 'abandonRateThreshold: 2.2'));
    });
    await waitFor(() => live().abandonRateThreshold === 2.2, { what: 'the commit applied', timeoutMs: 60_000, intervalMs: 200 });
    const state = await waitFor(async () => {
      const current = await skill();
      return current?.status === 'Synced' && current.lastAppliedRevision === (await harness.status()).revision && current;
    }, { what: `${NAME} Synced at the new revision`, timeoutMs: 60_000, intervalMs: 200 });
    expect(state.desired).to.deep.equal({ generalSettings: { abandonRateThreshold: 2.2, maximumRatio: 1 } });
  });

  it('after a restart, keeps the skill’s last apply from the audit branch: an edit made while it was down is healed as drift', async () => {
    await harness.stopController();
    harness.emulator.context.store.patch(11, { generalSettings: { maximumRatio: 3 } });
    const heals = async () => (await harness.auditRecords()).filter((record) => record.outcome === 'applied' && record.kind === 'heal');
    const healsBefore = (await heals()).length;
    await harness.startController({ GITOPS_SCHEDULE: '*/1 * * * * *', GITOPS_POLL_SECONDS: '1' });
    await waitFor(() => live().maximumRatio === 1, { what: 'the edit healed after the restart', timeoutMs: 60_000, intervalMs: 200 });
    const heal = await waitFor(async () => (await heals()).length > healsBefore && (await heals()).at(-1), { what: 'a heal record after the restart', timeoutMs: 30_000, intervalMs: 200 });
    expect(heal.reason).to.contain('changed outside Git since our last apply (generalSettings.maximumRatio)');
    expect(harness.child!.stdout()).not.to.contain('is not valid: ignored');
  });
});
