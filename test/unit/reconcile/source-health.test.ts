import { expect } from 'chai';
import { createSourceHealth, sourceFailureReason } from '../../../controller/reconcile/source-health.js';

describe('source health', () => {
  const at = new Date('2026-12-01T12:00:00.000Z');

  it('says, while fetches fail, when the next poll fetches and that it is backing off', () => {
    const tracker = createSourceHealth(() => at);
    tracker.failed(new Error('remote gone'), { consecutiveFailures: 1, nextPollInMs: 30_000 });
    expect(tracker.health()).to.include({ ok: false, failures: 1, nextFetchAt: '2026-12-01T12:00:30.000Z', backingOff: false });
    tracker.failed(new Error('remote gone'), { consecutiveFailures: 2, nextPollInMs: 60_000 });
    expect(tracker.health()).to.include({ failures: 2, nextFetchAt: '2026-12-01T12:01:00.000Z', backingOff: true, failingSince: at.toISOString() });
    expect(sourceFailureReason(tracker.health())).to.equal('the desired state cannot be fetched from Git: remote gone (2 failed fetches; backing off: next fetch at 2026-12-01T12:01:00.000Z)');
    tracker.succeeded();
    expect(tracker.health()).to.deep.equal({ ok: true, failures: 0, lastFetchAt: at.toISOString() });
  });

  it('names no next fetch when polling is off', () => {
    const tracker = createSourceHealth(() => at);
    tracker.failed(new Error('remote gone'), { consecutiveFailures: 1 });
    expect(tracker.health()).to.not.have.property('nextFetchAt');
    expect(sourceFailureReason(tracker.health())).to.equal('the desired state cannot be fetched from Git: remote gone');
  });
});
