import { expect } from 'chai';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { createHmac } from 'node:crypto';
import { replaceInFile, startHarness, type Harness } from '../support/controller-harness.js';
import { httpRequest } from '../support/http-request.js';
import { waitFor } from '../support/wait-for.js';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.js';

const CLIENT_SECRET = 'client-secret-Zq81x7Lw';
const PUSH_SECRET = 'push-secret-Yr52k9Pd';
const ALERT_SECRET = 'alert-secret-Wm37h4Ks';
const POLICY = 'apiVersion: cxone-gitops/v1\nkind: ControllerPolicy\nspec:\n  sync:\n    policy: enforce\n  alerts:\n    driftThreshold: 2\n';

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true }).catch(() => []);
  return entries.filter((entry) => entry.isFile()).map((entry) => path.join(entry.parentPath, entry.name));
}

describe('secrets never leave the process', function () {
  this.timeout(90_000);
  let harness: Harness;
  let receiver: WebhookReceiver;

  before(async () => {
    harness = await startHarness({ policy: POLICY });
    receiver = await startWebhookReceiver();
    harness.emulator.context.tokens.registerClient({ clientId: 'gitops', clientSecret: CLIENT_SECRET, scopes: ['outbound:campaign:read', 'outbound:campaign:write', 'outbound:campaign:simulate', 'webhooks:write'] });
  });
  after(async () => {
    await harness.close();
    await receiver.close();
  });

  it('appear in no log line, audit record, journal, status response or alert body through a whole scenario', async () => {
    const child = await harness.startControllerProcess({
      CXONE_CLIENT_ID: 'gitops',
      CXONE_CLIENT_SECRET: CLIENT_SECRET,
      GIT_WEBHOOK_SECRET: PUSH_SECRET,
      ALERT_WEBHOOK_URL: receiver.url,
      ALERT_WEBHOOK_SECRET: ALERT_SECRET,
      GITOPS_SCHEDULE: '*/1 * * * * *',
      LOG_LEVEL: 'debug',
    });
    await waitFor(async () => (await harness.status()).ready, { timeoutMs: 30_000, what: 'ready' });
    // A commit, announced by a signed push webhook.
    await harness.push('Raise the answer rate of spring renewals', (work) => replaceInFile(path.join(work, 'retention/spring-renewals.yaml'), 'answer_rate: 0.12', 'answer_rate: 0.15'));
    const body = JSON.stringify({ ref: 'refs/heads/main' });
    const signature = `sha256=${createHmac('sha256', PUSH_SECRET).update(body).digest('hex')}`;
    expect((await httpRequest(`${harness.url()}/hooks/git`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': signature }, body })).status).to.equal(202);
    // A change behind Git's back on an observed campaign: a drift alert.
    await httpRequest(`${harness.emulator.url}/emulator/campaigns/0e9d8c7b-6a5f-4e3d-8c2b-1a0f9e8d7c6b`, {
      method: 'PATCH',
      body: { predictiveDialerSettings: { parameterWeights: { predictive_factor: -0.15 } }, modifiedBy: 'ui:jane.doe' },
    });
    await waitFor(() => receiver.received.length > 0, { timeoutMs: 30_000, what: 'an alert' });
    await waitFor(() => harness.emulator.context.store.get('a1b2c3d4-e5f6-7890-abcd-ef1234567890')!.predictiveDialerSettings.parameterWeights.answer_rate === 0.15, { timeoutMs: 30_000, what: 'the apply' });
    const status = (await httpRequest(`${harness.url()}/api/status`)).text;
    const campaignPage = (await httpRequest(`${harness.url()}/api/campaigns/spring-renewals`)).text;
    const dashboard = (await httpRequest(`${harness.url()}/`)).text;
    const metrics = (await httpRequest(`${harness.url()}/metrics`)).text;
    await waitFor(async () => (await harness.status()).auditPending === 0, { timeoutMs: 30_000, what: 'the journal to be pushed' });
    expect(await child.stop('SIGTERM')).to.equal(0);
    harness.child = undefined;

    const tokens = harness.emulator.context.tokens.issuedTokens();
    expect(tokens.length, 'the controller obtained tokens').to.be.above(0);
    const secrets = [CLIENT_SECRET, PUSH_SECRET, ALERT_SECRET, ...tokens];
    const journalFiles = await filesUnder(path.join(harness.env.DATA_DIR!, 'journal'));
    const places: Array<[string, string]> = [
      ['log lines', child.stdout() + child.stderr()],
      ['status response', status + campaignPage],
      ['dashboard', dashboard],
      ['metrics', metrics],
      ['alert bodies', receiver.received.map((request) => request.body + JSON.stringify(request.headers)).join('\n')],
      ['audit records', JSON.stringify(await harness.auditRecords())],
      ['audit commits', (await harness.audit()).map((entry) => entry.subject + JSON.stringify(entry.trailers)).join('\n')],
      ['journal files', (await Promise.all(journalFiles.map((file) => readFile(file, 'utf8')))).join('\n')],
    ];
    expect(child.stdout(), 'the scenario logged').to.include('listening on');
    for (const [place, text] of places) {
      if (place !== 'journal files') expect(text.length, `${place} were collected`).to.be.above(0); // the journal may be empty once pushed
      for (const secret of secrets) expect(text.includes(secret), `a secret in the ${place}`).to.equal(false);
    }
  });
});
