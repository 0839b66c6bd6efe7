import { expect } from 'chai';
import path from 'node:path';
import { replaceInFile, startHarness, type Harness } from '../support/controller-harness.js';
import { httpRequest } from '../support/http-request.js';
import { runCli } from '../support/spawn-cli.js';
import { waitFor } from '../support/wait-for.js';

const TOKEN = 'e2e-manual-actions-token-987654321';
const SPRING = 'spring-renewals';

describe('manual actions end to end: the cxone-gitops commands against a controller process', function () {
  this.timeout(120_000);
  let harness: Harness;

  const cli = (...args: string[]) => runCli(args, { env: { PATH: process.env.PATH ?? '', HTTP_AUTH_TOKEN: TOKEN, CXONE_GITOPS_URL: harness.url() } });
  const campaign = async (name: string) => (await harness.status()).campaigns.find((c) => c.name === name);

  beforeEach(async () => {
    harness = await startHarness();
  });
  afterEach(() => harness.close());

  it('resumes a campaign Paused before a restart: its apply is verified again and it ends Synced, recorded with the actor', async () => {
    await harness.startControllerProcess({ HTTP_AUTH_TOKEN: TOKEN });
    await waitFor(async () => (await harness.status()).ready, { timeoutMs: 30_000, what: 'the controller to be ready' });
    await httpRequest(`${harness.emulator.url}/emulator/faults`, { method: 'POST', body: { simulationFailureRate: 1 } });
    await harness.push('Raise the answer rate of spring renewals', (work) => replaceInFile(path.join(work, 'retention/spring-renewals.yaml'), 'answer_rate: 0.12', 'answer_rate: 0.15'));
    await waitFor(async () => (await campaign(SPRING))?.status === 'Paused', { timeoutMs: 30_000, what: 'spring-renewals to be Paused' });

    const notHeld = await cli('retry', 'broadband-upsell', '--actor', 'jane.doe');
    expect(notHeld.code).to.equal(1);
    expect(notHeld.stderr).to.match(/broadband-upsell refused \(HTTP 409\): broadband-upsell is not held/);

    await harness.stopController();
    await harness.startControllerProcess({ HTTP_AUTH_TOKEN: TOKEN });
    await waitFor(async () => (await harness.status()).ready, { timeoutMs: 30_000, what: 'the restarted controller to be ready' });
    expect((await campaign(SPRING))?.status, 'the hold survives the restart').to.equal('Paused');

    await httpRequest(`${harness.emulator.url}/emulator/faults`, { method: 'POST', body: { simulationFailureRate: 0 } });
    const withoutToken = await runCli(['resume', SPRING], { env: { PATH: process.env.PATH ?? '', CXONE_GITOPS_URL: harness.url() } });
    expect(withoutToken.code).to.equal(1);
    expect(withoutToken.stderr).to.match(/HTTP_AUTH_TOKEN/);
    const resumed = await cli('resume', SPRING, '--actor', 'jane.doe', '--reason', 'simulator fixed');
    expect(resumed.code, resumed.stderr).to.equal(0);
    expect(resumed.stdout).to.match(/resume spring-renewals: taken \(audit record [0-9a-f-]+\); now Synced \(Applied\)/);
    const record = await waitFor(async () => (await harness.auditRecords()).find((r) => r.outcome === 'resumed'), { timeoutMs: 30_000, what: 'the resumed record' });
    expect(record).to.include({ actor: 'jane.doe', reason: 'resume by jane.doe: simulator fixed', statusBefore: 'Paused' });
    const subjects = (await harness.audit()).map((entry) => entry.subject);
    expect(subjects).to.include('resumed spring-renewals');
    expect(subjects.filter((s) => s.startsWith('applied spring-renewals')), 'resumed without writing again').to.have.length(1);
    expect(harness.child!.stdout()).to.not.include(TOKEN);
  });
});
