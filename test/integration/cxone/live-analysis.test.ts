import { expect } from 'chai';
import { createCxoneSkillsClient } from '../../../controller/adapters/cxone/cxone-skills-client.js';
import { SecretRegistry } from '../../../controller/adapters/logging/secret-registry.js';
import type { LiveSkill } from '../../../controller/domain/live-skill.js';
import type { SkillSpec } from '../../../controller/domain/skill-spec.js';
import { liveAnalysisVerification } from '../../../controller/reconcile/analysis/live-analysis-verification.js';
import { createSummaryOutcomeReader } from '../../../controller/reconcile/analysis/outcome-reader.js';
import type { VerificationVerdict } from '../../../controller/reconcile/dialect.js';
import { DEFAULT_ACCESS_KEY, DEFAULT_APPLICATION, startCxoneEmulator, type RunningCxoneEmulator } from '../../../emulator/cxone/cxone-emulator-server.js';
import { createSelfSignedCertificate, type TlsMaterial } from '../../../emulator/tls-certificate.js';
import { httpsFetch } from '../../support/https-fetch.js';
import { waitFor } from '../../support/wait-for.js';

/** Seconds of real time: the window is 30 simulated minutes at 1800x, the maximum window 2 simulated hours. */
const ANALYSIS = { windowSeconds: 1, intervalSeconds: 0.2, minLiveAnswers: 200, maxWindowSeconds: 4 };
// A threshold far over the limit (the emulator takes any value in the API's ranges): the true rate settles near it.
const OVERDIAL = { maximumRatio: 3, maxConcurrentCallsPerAgent: 3, aggressiveness: 'aggressive', abandonRateThreshold: 10, abandonRateCutoff: 15, percentageOfAgentsBeforeOverdial: 0 };

function skillSpec(skillId: number): SkillSpec {
  return { kind: 'OutboundSkill', name: `skill-${skillId}`, skillId, simulation: { maxAbandonRate: 0.03 }, analysis: ANALYSIS } as unknown as SkillSpec;
}

describe('the live analysis against the cxone emulator\'s live traffic', function () {
  this.timeout(60_000);
  let tls: TlsMaterial;
  let emulator: RunningCxoneEmulator;

  before(async () => {
    tls = await createSelfSignedCertificate();
  });
  afterEach(() => emulator?.close());

  async function analyse(skill: Record<string, unknown>): Promise<{ verdict: VerificationVerdict; seconds: number }> {
    emulator = await startCxoneEmulator({ tls, timeScale: 1800, rateLimitPerMinute: 0, skills: [{ skillId: 31, skillName: 'renewals', isRunning: true, ...skill }] });
    const client = createCxoneSkillsClient({
      authUrl: emulator.url, clientId: DEFAULT_APPLICATION.clientId, clientSecret: DEFAULT_APPLICATION.clientSecret,
      accessKeyId: DEFAULT_ACCESS_KEY.accessKeyId, accessKeySecret: DEFAULT_ACCESS_KEY.accessKeySecret, fetch: httpsFetch(tls.cert), secrets: new SecretRegistry(),
    });
    const kind = liveAnalysisVerification(createSummaryOutcomeReader((path, query) => client.getReport(path, query)));
    const appliedAt = new Date().toISOString();
    const applied: LiveSkill = { skillId: 31, skillName: 'renewals', groups: {} };
    let progress: unknown;
    let due = Date.now();
    const verdict = await waitFor(async () => {
      if (Date.now() < due) return undefined;
      const result = await kind.run({ desired: skillSpec(31), applied, appliedAt, progress, save: async () => {}, now: () => new Date() });
      if (result.verdict !== 'watching') return result;
      progress = result.progress;
      due = Date.now() + result.checkAgainAfterMs;
      return undefined;
    }, { what: 'a verdict', timeoutMs: 20_000, intervalMs: 20 });
    return { verdict, seconds: (Date.now() - Date.parse(appliedAt)) / 1000 };
  }

  it('fails a skill whose true answer rate makes the overdial abandon over the limit', async () => {
    const { verdict } = await analyse({ generalSettings: OVERDIAL, trueProfile: { agents: 40, answerProbability: 0.7, machineProbability: 0.05 } });
    expect(verdict.verdict, verdict.message).to.equal('fail');
  });

  it('passes a safe skill (ratio 1) once the window has passed', async () => {
    const { verdict, seconds } = await analyse({ generalSettings: { maximumRatio: 1 }, trueProfile: { agents: 40, answerProbability: 0.7, machineProbability: 0.05 } });
    expect(verdict.verdict, verdict.message).to.equal('pass');
    expect(seconds).to.be.at.least(ANALYSIS.windowSeconds);
  });

  it('ends inconclusive at the maximum window when the skill has too little traffic', async () => {
    const { verdict, seconds } = await analyse({ generalSettings: { maximumRatio: 1 }, trueProfile: { agents: 1, answerProbability: 0.01, machineProbability: 0, avgTalkSeconds: 600 } });
    expect(verdict.verdict, verdict.message).to.equal('inconclusive');
    expect(seconds).to.be.at.least(ANALYSIS.maxWindowSeconds);
  });
});
