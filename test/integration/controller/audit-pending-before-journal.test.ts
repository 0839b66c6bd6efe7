/**
 * `/api/status` before the audit journal is read (issue 9): a start with a backlog must not claim
 * that no audit record is pending while it does not know yet.
 */
import { expect } from 'chai';
import { createAuditTrail } from '../../../controller/adapters/git/audit-trail.js';
import { startStatusServer, type StatusServer } from '../../../controller/adapters/http/status-server.js';
import { silentLogger } from '../../../controller/adapters/logging/logger.js';
import { AUDIT_PENDING_NOT_READ } from '../../../controller/reconcile/controller-types.js';
import { createSimulationPool, type SimulationPool } from '../../../controller/simulation/index.js';
import { leaveJournalBacklog } from '../../support/journal-backlog.js';
import { CAMPAIGN_YAML, createBareRemote, TempDirs } from '../git/git-fixture.js';
import { startControllerFixture, type ControllerFixture } from './controller-fixture.js';

const BACKLOG = 4;

describe('the audit backlog in /api/status before the journal is read', function () {
  this.timeout(60_000);
  const temp = new TempDirs();
  let pool: SimulationPool | undefined;
  let fixture: ControllerFixture | undefined;
  let server: StatusServer | undefined;
  afterEach(async () => {
    await server?.close();
    await fixture?.close();
    await pool?.close();
    await temp.cleanup();
  });

  const auditOf = async (): Promise<{ auditPending: number | null; auditPendingReason?: string }> => {
    const answer = await fetch(`${server!.url}/api/status`);
    expect(answer.status).to.equal(200);
    return (await answer.json()) as { auditPending: number | null; auditPendingReason?: string };
  };

  it('says it does not know yet how many audit records are pending, and why, until the journal is read, then gives the backlog', async () => {
    const { remote } = await createBareRemote(temp, { 'spring.yaml': CAMPAIGN_YAML('spring-renewals') });
    const dataDir = await temp.make('cxone-gitops-data-');
    await leaveJournalBacklog(remote, dataDir, BACKLOG);
    const audit = createAuditTrail({ repoUrl: remote, dataDir });
    pool = createSimulationPool();
    fixture = await startControllerFixture(pool, { audit });
    server = await startStatusServer({ controller: fixture.controller, port: 0, log: silentLogger });

    const before = await auditOf();
    expect(before.auditPending, 'before the journal is read (not 0: a backlog may be waiting)').to.equal(null);
    expect(before.auditPendingReason).to.equal(AUDIT_PENDING_NOT_READ);

    // The controller's start reads the statuses first, which opens the journal (nothing is pushed: not started).
    await audit.readStatuses();
    const after = await auditOf();
    expect(after.auditPending, 'once the journal is read').to.equal(BACKLOG);
    expect(after).to.not.have.property('auditPendingReason');
  });
});
