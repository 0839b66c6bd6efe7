/**
 * A supervisor's name as CXone reports it (`modifiedBy`) is text from outside: it may hold control
 * characters (an ANSI escape, a line break that starts a forged `::error::` line) or be very long.
 * So may the live campaign's name. The controller records them in the campaign's status document, its alerts and its audit commits;
 * what it writes there must be what it accepts back on a restart (issue 10, "Forged status
 * documents" and "Content that reaches people").
 */
import { expect } from 'chai';
import path from 'node:path';
import type { CampaignState } from '../../controller/domain/campaign-state.js';
import { git, startHarness, type Harness } from '../support/controller-harness.js';
import { httpRequest } from '../support/http-request.js';
import { waitFor } from '../support/wait-for.js';
import { startWebhookReceiver, type AlertMessage, type WebhookReceiver } from '../support/webhook-receiver.js';

const SPRING = 'a1b2c3d4-e5f6-7890-abcd-ef1234567890';
const HOSTILE = `\u001b[31mui:mallory\u001b[0m\n::error::forged line\r${'x'.repeat(600)}`;
// eslint-disable-next-line no-control-regex
const CONTROL_BUT_NEWLINE = /[\u0000-\u0009\u000b-\u001f\u007f]/;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;
const AUDIT_BRANCH = 'cxone-gitops/audit';

/** Every string inside `value` (keys and values, however deep). */
function textsOf(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(textsOf);
  if (value !== null && typeof value === 'object') return Object.entries(value).flatMap(([key, inner]) => [key, ...textsOf(inner)]);
  return [];
}

describe('a supervisor name and a live campaign name from CXone with control characters and 600 characters', function () {
  this.timeout(90_000);
  let harness: Harness;
  let receiver: WebhookReceiver;

  beforeEach(async () => {
    harness = await startHarness();
    receiver = await startWebhookReceiver();
  });
  afterEach(async () => {
    await harness.close();
    await receiver.close();
  });

  const spring = async (): Promise<CampaignState | undefined> => (await harness.status()).campaigns.find((c) => c.name === 'spring-renewals');

  it('is healed and recorded so that a restart restores the campaign, with no control character in an alert or an audit commit', async () => {
    await harness.startController({ GITOPS_SCHEDULE: '*/1 * * * * *', ALERT_WEBHOOK_URL: receiver.url });
    await waitFor(async () => (await harness.status()).ready, { timeoutMs: 20_000, what: 'the controller to be ready' });
    const edit = await httpRequest(`${harness.emulator.url}/emulator/campaigns/${SPRING}`, {
      method: 'PATCH',
      body: { predictiveDialerSettings: { parameterWeights: { answer_rate: 0.13 } }, modifiedBy: HOSTILE, name: `spring-renewals${HOSTILE}` },
    });
    expect(edit.status).to.equal(200);
    const healed = await waitFor(async () => {
      const state = await spring();
      return state?.status === 'Synced' && state.lastHealedDrift ? state : undefined;
    }, { timeoutMs: 30_000, what: 'the edit to be healed' });
    const healedAlert = await waitFor(
      () => receiver.received.map((request) => JSON.parse(request.body) as AlertMessage).find((alert) => alert.event === 'healed'),
      { timeoutMs: 20_000, what: 'the healed alert' },
    );
    await harness.stopController();

    expect(healedAlert.text, 'the alert text').not.to.match(CONTROL_BUT_NEWLINE);
    expect(healedAlert.text.split('\n'), 'a heal is two lines: no forged line').to.have.length(2);
    expect(healedAlert.text).to.include('ui:mallory');
    expect(healedAlert.drift?.modifiedBy, 'the structured field').not.to.match(CONTROL);

    const messages = await git(harness.remote, 'log', '--format=%B', AUDIT_BRANCH);
    expect(messages, 'the audit commit messages (a reason is in the body of a one-record commit)').not.to.match(CONTROL_BUT_NEWLINE);
    expect(messages.split('\n').filter((line) => line.startsWith('::')), 'no line of a commit message is a forged one').to.deep.equal([]);
    // The records of the drift and its heal as the audit branch holds them (day-file lines; a batch commit's message does not carry their reasons).
    const lines = await git(harness.remote, 'grep', '-h', '--no-color', '-F', 'spring-renewals', AUDIT_BRANCH, '--', 'audit/');
    const records = lines.split('\n').map((line) => JSON.parse(line) as unknown);
    expect(records.filter((one) => JSON.stringify(one).includes('ui:mallory')), 'a record on the audit branch names the supervisor').to.have.length.greaterThan(0);
    expect(records.flatMap(textsOf).filter((text) => CONTROL.test(text)), 'no text of a spring-renewals record holds a control character').to.deep.equal([]);

    // A fresh DATA_DIR: the status comes from the audit branch alone.
    await harness.startController({ DATA_DIR: path.join(harness.dir, 'another-data-dir') });
    await waitFor(async () => (await harness.status()).ready, { timeoutMs: 20_000, what: 'the restarted controller to be ready' });
    const restored = (await spring())!;
    expect(restored.lastHealedDrift, 'the heal is restored from the status document').to.not.equal(undefined);
    expect(restored.lastHealedDrift!.modifiedBy).to.include('ui:mallory');
    expect(restored.lastApplied).to.deep.include({ version: healed.lastApplied!.version });
  });
});
