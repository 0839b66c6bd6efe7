/**
 * What a controller that crashed before pushing leaves in its DATA_DIR: the audit branch on the
 * remote, then `count` records in the audit journal that never reached it (the tests of a start or
 * a stop with a backlog).
 */
import { createAuditTrail } from '../../controller/adapters/git/audit-trail.js';
import type { AuditRecord } from '../../controller/adapters/git/audit-record.js';
import { auditRecord } from '../integration/git/audit-fixture.js';

export async function leaveJournalBacklog(remote: string, dataDir: string, count: number): Promise<AuditRecord[]> {
  const first = createAuditTrail({ repoUrl: remote, dataDir });
  await first.start();
  await first.stop();
  const crashed = createAuditTrail({ repoUrl: remote, dataDir });
  const records = Array.from({ length: count }, (_, i) => auditRecord(`flooded-${i}`, { time: new Date().toISOString() }));
  // Appended together: one journal write and one fsync however many.
  await Promise.all(records.map((record) => crashed.record(record)));
  return records;
}
