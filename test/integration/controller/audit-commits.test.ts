/**
 * Batched audit commits (docs/architecture.md, "Audit commits"): a push's records are one commit,
 * so the controller records every adoption (a first sweep of thousands of in-sync campaigns is a
 * few commits, not thousands) and a commit that breaks many campaigns' files is one grouped
 * `invalid` record in one commit. What reads the audit branch still finds each record: the
 * campaign's history, the status documents a restarted controller restores (its last applied
 * state, which tells a Git change from drift) and the branch's day files.
 */
import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { createAuditTrail } from '../../../controller/adapters/git/audit-trail.js';
import type { AuditTrail } from '../../../controller/adapters/git/audit-trail-types.js';
import { silentLogger } from '../../../controller/adapters/logging/logger.js';
import { createController, type Controller } from '../../../controller/reconcile/controller.js';
import { createSimulationPool, type SimulationPool } from '../../../controller/simulation/index.js';
import { liveCampaignFor } from '../../../emulator/desired-state-campaigns.js';
import { campaignSpec } from '../../support/campaign-spec-fixture.js';
import { waitFor } from '../../support/wait-for.js';
import { AUDIT_BRANCH, idCounts, recordsOnBranch } from '../git/audit-fixture.js';
import { CAMPAIGN_YAML, createBareRemote, git, TempDirs } from '../git/git-fixture.js';
import { ACTOR, campaignYaml, startControllerFixture, V1, V2, type ControllerFixture } from './controller-fixture.js';

const BATCH = 50;

interface Managed {
  name: string;
  id: string;
}

function campaignsOf(count: number): Managed[] {
  return Array.from({ length: count }, (_, i) => ({ name: `c-${String(i).padStart(3, '0')}`, id: randomUUID() }));
}

async function commitsSince(remote: string, since: string): Promise<number> {
  const out = (await git(remote, 'rev-list', '--count', `${since}..refs/heads/${AUDIT_BRANCH}`)).trim();
  return Number(out);
}

describe('batched audit commits in the controller', function () {
  this.timeout(180_000);
  const temp = new TempDirs();
  let pool: SimulationPool;
  let fixture: ControllerFixture | undefined;
  const stops: Array<() => Promise<void>> = [];
  before(() => {
    pool = createSimulationPool();
  });
  afterEach(async () => {
    for (const stop of stops.splice(0).reverse()) await stop().catch(() => undefined);
    await fixture?.close();
    fixture = undefined;
    await temp.cleanup();
  });
  after(() => pool.close());

  /** A real audit trail on a bare remote; pushed only by `flush` (the batch delay is an hour). */
  async function auditOn(remote: string, dataDir: string): Promise<AuditTrail> {
    const trail = createAuditTrail({ repoUrl: remote, dataDir, batchDelayMs: 3_600_000, maxBatchRecords: BATCH });
    stops.push(() => trail.stop());
    return trail;
  }

  /** The fixture's emulator and source with `campaigns` live at V1 and in Git at V1, and a controller on `audit`. */
  async function start(campaigns: readonly Managed[], audit: AuditTrail): Promise<ControllerFixture> {
    fixture = await startControllerFixture(pool, { audit });
    for (const { name, id } of campaigns) fixture.emulator.context.store.upsert(liveCampaignFor(campaignSpec({ name, campaignId: id, parameterWeights: V1 })));
    // One directory for every revision, as a clone is: a campaign keeps its file's path across commits.
    checkout = await fixture.revisionDir({});
    fixture.source.publish('rev-1', await revision(campaigns, () => V1), false);
    await audit.start();
    await fixture.controller.start();
    return fixture;
  }

  let checkout = '';
  /** The checkout holding each campaign's file with `weights(name)`. */
  async function revision(campaigns: readonly Managed[], weights: (name: string) => Record<string, number>): Promise<string> {
    for (const { name, id } of campaigns) await writeFile(path.join(checkout, `${name}.yaml`), campaignYaml(name, id, weights(name)));
    return checkout;
  }

  function allAdopted(controller: Controller, campaigns: readonly Managed[]): boolean {
    return campaigns.every(({ name }) => controller.campaign(name)?.statusReason === 'Adopted');
  }

  it('records the adoption of every in-sync campaign on the audit branch, once each, in ceil(N / batch) commits, and a restarted controller finds each one', async () => {
    const campaigns = campaignsOf(120);
    const { remote } = await createBareRemote(temp, { 'spring.yaml': CAMPAIGN_YAML('spring-renewals') });
    const dataDir = await temp.make('cxone-gitops-data-');
    const audit = await auditOn(remote, dataDir);
    const { controller, source, emulator } = await start(campaigns, audit);
    await waitFor(() => allAdopted(controller, campaigns), { timeoutMs: 60_000, what: 'every campaign adopted' });
    const readme = (await git(remote, 'rev-parse', `refs/heads/${AUDIT_BRANCH}`)).trim();
    await audit.flush();

    const adopted = (await recordsOnBranch(remote)).filter((record) => record.outcome === 'adopted');
    expect(adopted.map((record) => record.campaign).sort(), 'one adopted record per campaign').to.deep.equal(campaigns.map(({ name }) => name));
    expect([...idCounts(adopted).values()].every((count) => count === 1)).to.equal(true);
    expect(await commitsSince(remote, readme), `${campaigns.length} records in batches of ${BATCH}`).to.equal(Math.ceil(campaigns.length / BATCH));
    expect((await controller.history('c-007')).map((record) => record.outcome)).to.deep.equal(['adopted']);
    const statuses = await audit.readStatuses();
    expect(campaigns.every(({ name }) => (statuses.get(name) as { lastApplied?: { via?: string } } | undefined)?.lastApplied?.via === 'adopted'), 'every status document carries the adoption').to.equal(true);

    // A restart restores each adoption from the audit branch: nothing is adopted twice, and a later
    // Git change of a campaign last touched by a person before the adoption is an update, not drift.
    await controller.stop();
    await audit.stop();
    const reopened = await auditOn(remote, dataDir);
    await reopened.start();
    const restarted = createController({
      cxone: fixture!.cxone,
      source,
      audit: reopened,
      pool,
      log: silentLogger,
      actor: ACTOR,
      verification: { pollIntervalMs: 20, deadlineMs: 5_000, sleep: (ms) => delay(ms) },
      createSweep: () => ({ start: () => undefined, stop: async () => undefined }),
    });
    stops.push(() => restarted.stop());
    await restarted.start();
    await waitFor(() => campaigns.every(({ name }) => restarted.campaign(name)?.lastReconcileAt !== undefined), { timeoutMs: 60_000, what: 'every campaign reconciled after the restart' });
    expect(restarted.campaign('c-007')?.lastApplied?.via).to.equal('adopted');
    const [changed] = campaigns;
    source.publish('rev-2', await revision(campaigns, (name) => (name === changed!.name ? V2 : V1)));
    await waitFor(() => restarted.campaign(changed!.name)?.lastAppliedRevision === 'rev-2' && restarted.campaign(changed!.name)?.status === 'Synced', { timeoutMs: 30_000, what: 'the Git change applied and verified' });
    expect(restarted.campaign(changed!.name)?.statusReason, 'a Git change, judged against the adopted settings').to.equal('Applied');
    expect(emulator.context.store.get(changed!.id)!.predictiveDialerSettings.parameterWeights.answer_rate).to.equal(V2.answer_rate);
    await reopened.flush();
    expect((await recordsOnBranch(remote)).filter((record) => record.outcome === 'adopted'), 'no campaign adopted twice').to.have.length(campaigns.length);
  });

  it('gives 300 campaigns whose files one commit broke one grouped invalid record in one commit; each campaign\'s history and status still find it', async () => {
    const campaigns = campaignsOf(300);
    const { remote } = await createBareRemote(temp, { 'spring.yaml': CAMPAIGN_YAML('spring-renewals') });
    const audit = await auditOn(remote, await temp.make('cxone-gitops-data-'));
    const { controller, source } = await start(campaigns, audit);
    await waitFor(() => allAdopted(controller, campaigns), { timeoutMs: 90_000, what: 'every campaign adopted' });
    await audit.flush();
    const before = (await git(remote, 'rev-parse', `refs/heads/${AUDIT_BRANCH}`)).trim();

    // Every file breaks the same way: a weight beyond maxDeviationLimit (0.2) of its neighbours.
    const broken = { ...V1, answer_rate: 0.9 };
    source.publish('rev-2', await revision(campaigns, () => broken));
    await waitFor(() => campaigns.every(({ name }) => controller.campaign(name)?.status === 'Invalid'), { timeoutMs: 60_000, what: 'every campaign Invalid' });
    await waitFor(() => controller.status().incidents.some((incident) => incident.kind === 'invalid-file'), { what: 'the invalid-files incident' });
    await audit.flush();

    expect(await commitsSince(remote, before), 'one commit for the push').to.equal(1);
    const invalid = (await recordsOnBranch(remote)).filter((record) => record.outcome === 'invalid');
    expect(invalid, 'one grouped record').to.have.length(1);
    expect((invalid[0]!.campaigns as Array<{ name: string }>).map((member) => member.name)).to.deep.equal(campaigns.map(({ name }) => name));
    const part = (await controller.history('c-123')).at(-1)!;
    expect(part).to.deep.include({ id: invalid[0]!.id, outcome: 'invalid', campaign: 'c-123', desiredRevision: 'rev-2', group: 300 });
    expect(part.reason).to.match(/c-123\.yaml:\d+:\d+: spec\.parameterWeights\.answer_rate is 0\.9, above maxDeviationLimit/);
    const statuses = await audit.readStatuses();
    expect(campaigns.every(({ name }) => (statuses.get(name) as { status?: string } | undefined)?.status === 'Invalid'), 'every status document says Invalid').to.equal(true);
  });
});
