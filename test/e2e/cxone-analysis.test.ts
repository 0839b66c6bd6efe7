/**
 * Live outcome analysis through a controller process (README, "Live outcome analysis"): `run` with
 * CXONE_DIALECT=cxone against the cxone emulator at 1800× (a real second is half an hour of dialling),
 * one OutboundSkill file with short `analysis:` settings. Each case has its own emulator, remote and
 * controller, waits on /api/status with deadlines, and stops its processes by their handles. Case (a)
 * also receives the controller's alerts on a local webhook receiver (README, "Drift incidents and
 * alerts": `ALERT_WEBHOOK_URL`).
 */
import { expect } from 'chai';
import { outboundSkillFile, startCxoneRunHarness, waitForSkill, type CxoneRunHarness } from '../support/cxone-run-harness.js';
import { waitFor } from '../support/wait-for.js';
import { startWebhookReceiver, type AlertMessage as Alert, type WebhookReceiver } from '../support/webhook-receiver.js';

const NAME = 'renewals-outbound';
const SKILL_ID = 11;
const TRUE_PROFILE = { agents: 40, answerProbability: 0.7, machineProbability: 0.05 };
const OVERDIAL = '{ maximumRatio: 3, maxConcurrentCallsPerAgent: 3, aggressiveness: aggressive, abandonRateThreshold: 3, abandonRateCutoff: 10, percentageOfAgentsBeforeOverdial: 0 }';
const SAFE = '{ maximumRatio: 1, abandonRateThreshold: 2 }';

function skillFile(generalSettings: string, profile: string, analysis: string): string {
  return outboundSkillFile({ name: NAME, skillId: SKILL_ID, generalSettings, profile, analysis });
}

describe('cxone-gitops run with CXONE_DIALECT=cxone: live outcome analysis of an applied skill (e2e)', function () {
  this.timeout(120_000);
  let harness: CxoneRunHarness | undefined;
  let receiver: WebhookReceiver | undefined;
  afterEach(async () => {
    await harness?.close();
    harness = undefined;
    await receiver?.close();
    receiver = undefined;
  });

  async function world(file: string, trueProfile: Record<string, number>, extraEnv: Record<string, string> = {}): Promise<CxoneRunHarness> {
    harness = await startCxoneRunHarness({
      files: { 'renewals.yaml': file },
      emulator: { timeScale: 1800, skills: [{ skillId: SKILL_ID, skillName: 'renewals', isRunning: true, generalSettings: { maximumRatio: 2, abandonRateThreshold: 1.5 }, trueProfile }] },
    });
    await harness.startController({ GITOPS_SCHEDULE: '*/1 * * * * *', GITOPS_POLL_SECONDS: '1', ...extraEnv });
    return harness;
  }
  const live = (h: CxoneRunHarness) => h.emulator.context.store.get(SKILL_ID)!.groups.generalSettings!;
  const recordsOf = async (h: CxoneRunHarness) => (await h.auditRecords()).filter((record) => record.campaign === NAME);

  it('(a) rolls back an overdialling change that passed the local gate on an optimistic profile when the live abandon rate is over the limit, and alerts once', async () => {
    receiver = await startWebhookReceiver();
    const hook = receiver;
    const alerts = (): Alert[] => hook.received.map((request) => JSON.parse(request.body) as Alert);
    const h = await world(skillFile(OVERDIAL, '{ agents: 40, answerProbability: 0.2, machineProbability: 0.05 }', '{ window: 2s, interval: 1s, minLiveAnswers: 200, maxWindow: 20s }'), TRUE_PROFILE, { ALERT_WEBHOOK_URL: hook.url });
    const end = await waitForSkill(h, NAME, (state) => state.status === 'RolledBack', `${NAME} RolledBack`, { intervalMs: 100 });
    expect(end.analysis).to.deep.include({ phase: 'Failed', limit: 0.03 });
    expect(end.analysis!.lower, 'the live abandon rate is over the limit').to.be.above(0.03);
    expect(live(h), 'the settings before the apply are back').to.include({ maximumRatio: 2, abandonRateThreshold: 1.5 });
    const records = await waitFor(async () => {
      const all = await recordsOf(h);
      return all.some((record) => record.outcome === 'rolled-back') && all;
    }, { what: 'the rollback on the audit branch', timeoutMs: 30_000, intervalMs: 200 });
    const outcomes = records.map((record) => record.outcome);
    expect(outcomes, 'the local gate let it through: it was applied').to.include('applied');
    expect(outcomes).to.include('verification-started');
    expect(records.find((record) => record.outcome === 'rolled-back')!.analysis).to.deep.include({ phase: 'Failed' });
    // Issue 12: "a failure rolls back with a conditional write and alerts" — one message, naming the skill and the failed analysis.
    const opened = await waitFor(() => alerts().find((a) => a.event === 'opened' && a.kind === 'rolled-back' && a.campaign === NAME), { what: 'the rolled-back alert', timeoutMs: 30_000, intervalMs: 100 });
    const receivedAt = Date.now();
    expect(opened.summary).to.match(new RegExp(`^${NAME}: live analysis failed: \\d+ abandons of \\d+ live answers .*the lower bound is over the limit 3\\.00%: rolled back`));
    expect(opened.text).to.include(NAME).and.to.include('live analysis failed');
    // Two sweeps that both started after the alert arrived: a duplicate would have been sent by then.
    const sweeps = new Set<string>();
    await waitFor(async () => {
      const at = (await h.status()).lastSuccessfulSweepAt;
      if (at !== undefined && Date.parse(at) > receivedAt) sweeps.add(at);
      return sweeps.size >= 2;
    }, { what: 'two sweeps after the alert', timeoutMs: 30_000, intervalMs: 100 });
    expect(alerts().filter((a) => a.campaign === NAME), JSON.stringify(alerts())).to.have.length(1);
  });

  it('(d) resumes the analysis after a SIGKILL while Verifying: the verdict comes with the same analysis.startedAt', async () => {
    const h = await world(skillFile(OVERDIAL, '{ agents: 40, answerProbability: 0.2, machineProbability: 0.05 }', '{ window: 6s, interval: 3s, minLiveAnswers: 200, maxWindow: 30s }'), TRUE_PROFILE);
    const verifying = await waitForSkill(h, NAME, (state) => state.status === 'Verifying' && state.analysis?.startedAt !== undefined, `${NAME} Verifying with an analysis started`, { intervalMs: 100 });
    const startedAt = verifying.analysis!.startedAt;
    await h.stopController('SIGKILL');
    await h.startController({ GITOPS_SCHEDULE: '*/1 * * * * *', GITOPS_POLL_SECONDS: '1' });
    const end = await waitForSkill(h, NAME, (state) => state.status === 'RolledBack', `${NAME} RolledBack after the restart`, { intervalMs: 100 });
    expect(end.analysis).to.deep.include({ phase: 'Failed' });
    expect(end.analysis!.startedAt, 'the analysis was resumed, not started again').to.equal(startedAt);
    expect(live(h)).to.include({ maximumRatio: 2 });
  });

  it('(b) passes a safe change once the window has passed with enough live answers', async () => {
    const h = await world(skillFile(SAFE, '{ agents: 40 }', '{ window: 2s, interval: 1s, minLiveAnswers: 200, maxWindow: 20s }'), TRUE_PROFILE);
    const end = await waitForSkill(h, NAME, (state) => state.status === 'Synced' && state.analysis?.phase === 'Passed', `${NAME} Synced, analysis Passed`, { intervalMs: 100 });
    expect(end.analysis!.liveAnswers).to.be.at.least(200);
    expect(live(h)).to.include({ maximumRatio: 1, abandonRateThreshold: 2 });
    await waitFor(async () => (await recordsOf(h)).some((record) => record.outcome === 'verified'), { what: 'the verdict on the audit branch', timeoutMs: 30_000, intervalMs: 200 });
  });

  it('(c) ends Paused at the maximum window when the skill has too little traffic', async () => {
    const h = await world(skillFile(SAFE, '{ agents: 40 }', '{ window: 2s, interval: 1s, minLiveAnswers: 200, maxWindow: 5s }'), { agents: 1, answerProbability: 0.01, machineProbability: 0, avgTalkSeconds: 600 });
    const end = await waitForSkill(h, NAME, (state) => state.status === 'Paused', `${NAME} Paused`, { intervalMs: 100 });
    expect(end.hold).to.include({ reason: 'VerificationInconclusive' });
    expect(end.analysis).to.deep.include({ phase: 'Inconclusive' });
    expect(live(h), 'an inconclusive verdict keeps the change').to.include({ maximumRatio: 1 });
    await waitFor(async () => (await recordsOf(h)).some((record) => record.outcome === 'paused'), { what: 'the pause on the audit branch', timeoutMs: 30_000, intervalMs: 200 });
  });
});
