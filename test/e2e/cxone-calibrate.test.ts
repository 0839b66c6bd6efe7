import { expect } from 'chai';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { createCxoneSkillsClient } from '../../controller/adapters/cxone/cxone-skills-client.js';
import { SecretRegistry } from '../../controller/adapters/logging/secret-registry.js';
import { calibrateSkill } from '../../controller/calibration/calibrate-skill.js';
import { DEFAULT_ACCESS_KEY, DEFAULT_APPLICATION, startCxoneEmulator, type RunningCxoneEmulator } from '../../emulator/cxone/cxone-emulator-server.js';
import { createSelfSignedCertificate } from '../../emulator/tls-certificate.js';
import { httpsFetch } from '../support/https-fetch.js';
import { waitFor } from '../support/wait-for.js';

const TRUE_PROFILE = { agents: 25, answerProbability: 0.35, machineProbability: 0.1, avgTalkSeconds: 150, wrapSeconds: 20 };
const FILE = `# Personal Connection pacing of the collections skill.
apiVersion: cxone-gitops/v1
kind: OutboundSkill
metadata:
  name: collections-outbound
  skillId: 5100
spec:
  generalSettings:
    maximumRatio: 2                # lines per agent
    maximumRingingDuration: 25     # seconds
  simulation: { maxAbandonRate: 0.03, profile: { agents: 40, answerProbability: 0.2 } }   # optimistic guess
`;

class Capture extends Writable {
  text = '';
  override _write(chunk: Buffer, _encoding: string, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

describe('cxone-gitops calibrate on the cxone emulator', function () {
  this.timeout(60_000);
  let emulator: RunningCxoneEmulator;
  let dir: string;
  let client: ReturnType<typeof createCxoneSkillsClient>;

  before(async () => {
    const tls = await createSelfSignedCertificate();
    dir = await mkdtemp(path.join(tmpdir(), 'calibrate-'));
    await writeFile(path.join(dir, 'collections.yaml'), FILE);
    emulator = await startCxoneEmulator({ tls, timeScale: 7200, rateLimitPerMinute: 0, skills: [{ skillId: 5100, skillName: 'collections', isRunning: true, generalSettings: { maximumRatio: 2, maximumRingingDuration: 25 }, trueProfile: TRUE_PROFILE }] });
    client = createCxoneSkillsClient({
      authUrl: emulator.url, clientId: DEFAULT_APPLICATION.clientId, clientSecret: DEFAULT_APPLICATION.clientSecret,
      accessKeyId: DEFAULT_ACCESS_KEY.accessKeyId, accessKeySecret: DEFAULT_ACCESS_KEY.accessKeySecret, fetch: httpsFetch(tls.cert), secrets: new SecretRegistry(),
    });
  });
  after(async () => {
    await emulator.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('recovers the true profile within 10% per field from generated history, keeping the file\'s comments', async () => {
    const started = Date.now();
    // Wait for 12 simulated hours of history (6 real seconds at 7200x).
    await waitFor(() => emulator.context.now() - started >= (12 * 3600 * 1000) / 7200, { what: '12 simulated hours of traffic', timeoutMs: 30_000, intervalMs: 100 });
    const out = new Capture();
    const fit = await calibrateSkill({ name: 'collections-outbound', dir, since: '14d', now: new Date(), out, getReport: (p, q) => client.getReport(p, q) });
    for (const field of ['agents', 'answerProbability', 'avgTalkSeconds', 'wrapSeconds'] as const) {
      expect(fit.profile[field], field).to.be.closeTo(TRUE_PROFILE[field], TRUE_PROFILE[field] * 0.1);
    }
    const written = await readFile(path.join(dir, 'collections.yaml'), 'utf8');
    expect(written).to.include('# Personal Connection pacing of the collections skill.');
    expect(written).to.include('maximumRatio: 2 # lines per agent');
    expect(written).to.match(/# calibrated \S+ from 14d of CXone history/);
    expect(written).to.include(`agents: ${fit.profile.agents}`);
    expect(out.text).to.match(/answerProbability: [\d.]+ {2}\(n = \d+ dials;/);
    expect(out.text).to.match(/avgTalkSeconds: [\d.]+ {2}\(n = \d+ handled contacts;/);
  });
});
