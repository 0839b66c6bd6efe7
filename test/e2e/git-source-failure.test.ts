import { expect } from 'chai';
import { rename } from 'node:fs/promises';
import { startHarness, type Harness } from '../support/controller-harness.js';
import { httpRequest } from '../support/http-request.js';
import { waitFor } from '../support/wait-for.js';

describe('a desired state that cannot be fetched', function () {
  this.timeout(90_000);
  let harness: Harness;

  beforeEach(async () => {
    harness = await startHarness();
  });
  afterEach(() => harness.close());

  it('fails /readyz with the reason, sets cxone_gitops_git_source_up to 0 and opens an incident until fetches work again', async () => {
    await harness.startController({ GITOPS_POLL_SECONDS: '1' });
    expect((await httpRequest(`${harness.url()}/readyz`)).status).to.equal(200);

    // The remote is gone.
    await rename(harness.remote, `${harness.remote}.gone`);
    const notReady = await waitFor(
      async () => {
        const response = await httpRequest<{ ready: boolean; reason?: string }>(`${harness.url()}/readyz`);
        return response.status === 503 ? response : undefined;
      },
      { timeoutMs: 30_000, what: '/readyz 503 after the remote vanished' },
    );
    expect(notReady.body.reason).to.match(/cannot be fetched from Git: .*GITOPS_REPO_URL/);
    const metrics = await httpRequest<string>(`${harness.url()}/metrics`);
    expect(String(metrics.body)).to.match(/^cxone_gitops_git_source_up 0$/m);
    const status = await harness.status();
    expect(status.incidents.map((incident) => incident.kind)).to.include('git-source');
    expect(status.source).to.include({ ok: false });
    // The polls back off while the remote keeps failing, and the status says when the next one is.
    const backingOff = await waitFor(
      async () => {
        const source = (await harness.status()).source;
        return source.backingOff ? source : undefined;
      },
      { timeoutMs: 30_000, what: 'the status to say the polls back off' },
    );
    expect(Date.parse(backingOff.nextFetchAt ?? '')).to.be.greaterThan(Date.parse(backingOff.failingSince ?? ''));
    expect((await httpRequest<{ reason?: string }>(`${harness.url()}/readyz`)).body.reason).to.match(/failed fetches; backing off: next fetch at /);

    // It is back.
    await rename(`${harness.remote}.gone`, harness.remote);
    await waitFor(async () => (await httpRequest(`${harness.url()}/readyz`)).status === 200, { timeoutMs: 30_000, what: '/readyz 200 again' });
    expect((await harness.status()).incidents.map((incident) => incident.kind)).to.not.include('git-source');
    // The audit branch lives on the same remote: its records are pushed once the remote is back.
    const outcomes = await waitFor(
      async () => {
        const found = (await harness.auditRecords()).filter((record) => record.kind === 'git-source').map((record) => record.outcome);
        return found.length >= 2 ? found : undefined;
      },
      { timeoutMs: 30_000, what: 'the git-source incident records on the audit branch' },
    );
    expect(outcomes).to.deep.equal(['incident-opened', 'incident-resolved']);
  });
});
