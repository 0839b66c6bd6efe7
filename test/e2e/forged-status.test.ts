/**
 * A status document forged on the audit branch (issue 10, "Forged status documents"): pushed by
 * anyone with write access to the audit branch, it must not steer the restarted controller.
 */
import { expect } from 'chai';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { CampaignState } from '../../controller/domain/campaign-state.js';
import { git, replaceInFile, startHarness, type Harness } from '../support/controller-harness.js';
import { httpRequest } from '../support/http-request.js';
import { waitFor } from '../support/wait-for.js';

describe('a forged status document on the audit branch', function () {
  this.timeout(90_000);
  let harness: Harness;
  beforeEach(async () => {
    harness = await startHarness();
  });
  afterEach(() => harness.close());

  it('is ignored with a warning naming the file, so it steers neither lastApplied nor a hold', async () => {
    await harness.startController();
    await waitFor(async () => (await harness.status()).ready, { timeoutMs: 20_000, what: 'the controller to be ready' });
    const revision = await harness.push('Raise the answer-rate weight of spring renewals', (work) =>
      replaceInFile(path.join(work, 'retention/spring-renewals.yaml'), 'answer_rate: 0.12', 'answer_rate: 0.15'),
    );
    await waitFor(async () => {
      const status = await harness.status();
      const spring = status.campaigns.find((c) => c.name === 'spring-renewals');
      return spring?.status === 'Synced' && spring.lastAppliedRevision === revision && status.auditPending === 0;
    }, { timeoutMs: 30_000, what: 'spring-renewals applied, verified and pushed' });
    await harness.stopController();

    const work = path.join(harness.dir, 'forger');
    await git(harness.dir, 'clone', '--quiet', '--branch', 'cxone-gitops/audit', harness.remote, work);
    const file = path.join(work, 'status', 'spring-renewals.json');
    const document = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown> & { lastApplied?: Record<string, unknown> };
    const forged = {
      ...document,
      lastAppliedRevision: 'forged-revision',
      lastApplied: { ...(document.lastApplied ?? {}), revision: 'forged-revision', version: 1, at: '2026-01-01T00:00:00Z', steer: true },
      hold: { status: 'Blocked', reason: 'GateFailed', message: 'held by a forger', fingerprint: 'ffff', since: 'yesterday' },
    };
    await writeFile(file, JSON.stringify(forged, null, 2));
    await git(work, '-c', 'user.name=Forger', '-c', 'user.email=forger@example.com', 'commit', '--quiet', '-am', 'forge a status');
    await git(work, 'push', '--quiet', 'origin', 'cxone-gitops/audit');

    const child = await harness.startControllerProcess({ DATA_DIR: path.join(harness.dir, 'fresh-data-dir') });
    const url = () => /listening on (http:\/\/\S+?)["\s]/.exec(child.stdout())![1]!;
    await child.waitForLine(/status document on the audit branch is not valid/, 30_000);
    const warning = child.stdout().split('\n').find((line) => line.includes('status document on the audit branch is not valid'))!;
    const logged = JSON.parse(warning) as { file: string; problem: string };
    expect(logged.file).to.equal('status/spring-renewals.json');
    expect(logged.problem).to.match(/\/lastApplied must NOT have additional properties \(steer\)/);
    expect(child.stdout().split('\n').filter((line) => line.includes('status document on the audit branch is not valid')), 'only the forged file').to.have.length(1);

    const spring = await waitFor(async () => {
      const state = (await httpRequest<CampaignState>(`${url()}/api/campaigns/spring-renewals`)).body;
      return state.lastReconcileAt !== undefined && state.status !== 'OutOfSync' ? state : undefined;
    }, { timeoutMs: 30_000, what: 'spring-renewals reconciled after the restart' });
    expect(spring.lastAppliedRevision).to.not.equal('forged-revision');
    expect(spring.lastAppliedRevision, 'the real revision, from the applied record').to.be.oneOf([revision, undefined]);
    expect(spring.lastApplied?.revision).to.not.equal('forged-revision');
    expect(spring.hold, 'no forged hold').to.equal(undefined);
    expect(spring.status).to.equal('Synced');
  });
});
