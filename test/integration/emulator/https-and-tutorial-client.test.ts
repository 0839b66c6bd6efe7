import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { startEmulator, type RunningEmulator } from '../../../emulator/emulator-server.js';
import { createSelfSignedCertificate, type TlsMaterial } from '../../../emulator/tls-certificate.js';
import type { Campaign } from '../../../emulator/types.js';
import { CAMPAIGN_ID, sampleCampaign, sampleSettings } from '../../support/campaign-fixtures.js';
import { openSession } from '../../support/emulator-session.js';
import { httpRequest } from '../../support/http-request.js';
import { findPython } from '../../support/python-with.js';
import { startWebhookReceiver, type WebhookReceiver } from '../../support/webhook-receiver.js';

const run = promisify(execFile);
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const tutorialDriver = path.join(repoRoot, 'test/fixtures/tutorial-client/drive_emulator.py');

describe('emulator over HTTPS', () => {
  let tls: TlsMaterial;
  let emulator: RunningEmulator;
  let receiver: WebhookReceiver;
  let tmp: string;

  before(async () => {
    tls = await createSelfSignedCertificate();
    tmp = await mkdtemp(path.join(os.tmpdir(), 'cxone-https-'));
    await writeFile(path.join(tmp, 'ca.pem'), tls.cert);
  });
  after(() => rm(tmp, { recursive: true, force: true }));
  beforeEach(async () => {
    emulator = await startEmulator({ tls, rateLimitPerMinute: 0, campaigns: [sampleCampaign()] });
    receiver = await startWebhookReceiver();
  });
  afterEach(async () => {
    await emulator.close();
    await receiver.close();
  });

  it('serves https with a certificate for 127.0.0.1 that a client can trust', async () => {
    expect(emulator.url).to.match(/^https:\/\/127\.0\.0\.1:\d+$/);
    const api = await openSession(emulator, tls.cert);
    const response = await api.call<Campaign>('GET', `/api/v2/outbound/campaigns/${CAMPAIGN_ID}`);
    expect(response.status).to.equal(200);
    const conflict = await api.call('PUT', `/api/v2/outbound/campaigns/${CAMPAIGN_ID}`, { version: 7, predictiveDialerSettings: sampleSettings() });
    expect(conflict.status).to.equal(409);
  });

  it('is refused by a client that does not trust the certificate', async () => {
    let failure: unknown;
    await httpRequest(`${emulator.url}/api/v2/oauth/token`, { method: 'POST', body: {} }).catch((error: unknown) => {
      failure = error;
    });
    expect((failure as NodeJS.ErrnoException | undefined)?.code).to.match(/SELF_SIGNED|UNABLE_TO_VERIFY|DEPTH_ZERO/);
  });

  it('works with the tutorial client, unchanged', async function () {
    const python = findPython(['requests', 'pydantic', 'numpy']);
    if (!python) {
      console.warn('\n  !!! SKIPPED: no python3 with requests, pydantic and numpy; .ci/run installs them (python3-requests python3-pydantic python3-numpy)\n');
      this.skip();
    }
    this.timeout(60_000);
    const { stdout } = await run(python, [tutorialDriver], {
      env: {
        ...process.env,
        CXONE_DOMAIN: emulator.url.replace('https://', ''),
        CXONE_CLIENT_ID: 'emulator-client',
        CXONE_CLIENT_SECRET: 'emulator-secret',
        TARGET_CAMPAIGN_ID: CAMPAIGN_ID,
        ML_WEBHOOK_URL: receiver.url,
        REQUESTS_CA_BUNDLE: path.join(tmp, 'ca.pem'),
      },
    });
    const result = JSON.parse(stdout.trim().split('\n').at(-1)!) as {
      versionBefore: number;
      applied: Campaign;
      simulation: { id: string; status: string };
      webhook: { id: string; url: string; events: string[] };
    };
    expect(result.versionBefore).to.equal(1);
    expect(result.applied.version).to.equal(2);
    expect(result.applied.predictiveDialerSettings.parameterWeights).to.deep.equal({ answer_rate: 0.12, call_rate: -0.08, predictive_factor: 0.18 });
    expect(result.simulation.status).to.equal('running');
    expect(result.webhook.url).to.equal(receiver.url);
    expect(result.webhook.events).to.deep.equal(['campaign.predictive.tuned']);
    expect(emulator.context.webhooks.list()).to.have.length(1);
  });
});
