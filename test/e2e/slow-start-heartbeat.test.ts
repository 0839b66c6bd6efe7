/**
 * A start slower than the heartbeat's write limit (docs/architecture.md, "High availability and one
 * writer"): the single-writer heartbeat must keep beating while the controller starts, or the fence
 * refuses the start-up sweep's reconciles and every campaign waits, unreconciled, for the next sweep
 * (found by the 10,000-campaign start-up bench, whose load takes minutes here).
 */
import { expect } from 'chai';
import { startHarness, type Harness } from '../support/controller-harness.js';
import { waitFor } from '../support/wait-for.js';

/** Beats every 2 s: writes stop 4 s after the last beat that reached the remote. */
const HEARTBEAT_SECONDS = 2;
/** Each CXone request waits this long, so the start (token, then the list) outlasts the write limit. */
const LATENCY_MS = 3_000;

describe('a controller whose start outlasts the heartbeat write limit', function () {
  this.timeout(120_000);
  let harness: Harness;

  before(async () => {
    harness = await startHarness();
  });
  after(async () => {
    await harness?.stopController();
    await harness?.close();
  });

  it('still reconciles every campaign of its start-up sweep (the heartbeat beats during the start)', async () => {
    expect(harness.emulator.context.setFaults({ latencyMs: LATENCY_MS })).to.deep.equal([]);
    const started = Date.now();
    await harness.startController({ GITOPS_HEARTBEAT_SECONDS: String(HEARTBEAT_SECONDS) });
    expect(Date.now() - started, 'the start took longer than the write limit').to.be.greaterThan(2 * HEARTBEAT_SECONDS * 1000);
    harness.emulator.context.setFaults({ latencyMs: 0 });
    const status = await waitFor(
      async () => {
        const current = await harness.status();
        return current.campaigns.length > 0 && current.campaigns.every((campaign) => campaign.lastReconcileAt !== undefined) ? current : undefined;
      },
      { timeoutMs: 60_000, what: 'every campaign reconciled by the start-up sweep' },
    ).catch(async (error: unknown) => {
      const current = await harness.status();
      throw new Error(`${(error as Error).message}: ${current.campaigns.filter((c) => c.lastReconcileAt === undefined).map((c) => `${c.name} (${c.reason})`).join(', ')}`);
    });
    expect(status.campaigns.map((campaign) => campaign.reason)).to.not.include('not reconciled yet');
  });
});
