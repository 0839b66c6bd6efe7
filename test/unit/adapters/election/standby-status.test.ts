import { expect } from 'chai';
import { createElectedController } from '../../../../controller/adapters/election/elected-controller.js';
import type { EtcdElection } from '../../../../controller/adapters/election/etcd-election.js';
import { silentLogger } from '../../../../controller/adapters/logging/logger.js';
import { AUDIT_PENDING_NOT_READ, type Controller } from '../../../../controller/reconcile/controller-types.js';

/** An election this replica never wins: another one leads. */
function standingBy(): EtcdElection {
  const election = {
    isLeader: () => false,
    leader: () => 'replica-b',
    leaseRemainingMs: () => 0,
    start: () => undefined,
    campaigning: () => Promise.resolve(),
    resign: () => Promise.resolve(),
    close: () => Promise.resolve(),
  };
  return election as unknown as EtcdElection;
}

describe('a standby replica\'s status (adapters/election/elected-controller.ts)', () => {
  it('gives its own journal\'s count of records waiting to be pushed, or says it is not read yet, never a 0 it does not know', async () => {
    let pending: number | undefined;
    const standby = createElectedController({
      election: standingBy(),
      createTerm: () => Promise.reject(new Error('a standby starts no term')),
      audit: { readStatuses: () => Promise.resolve(new Map()), readRecords: () => Promise.resolve([]), pending: () => pending },
      cxone: { health: () => ({ circuit: 'closed', budgetRemaining: 100 }) as ReturnType<Controller['status']>['cxone'] },
      holder: 'replica-a',
      log: silentLogger,
    });
    await standby.start();
    try {
      expect(standby.status()).to.include({ auditPending: null, auditPendingReason: AUDIT_PENDING_NOT_READ });
      expect(standby.status().leadership).to.include({ role: 'standby', leader: 'replica-b' });
      // Records its own last term left: they wait for its next term, and the status says so.
      pending = 3;
      expect(standby.status()).to.include({ auditPending: 3 });
      expect(standby.statusPage!({}).auditPending).to.equal(3);
    } finally {
      await standby.stop();
    }
  });
});
