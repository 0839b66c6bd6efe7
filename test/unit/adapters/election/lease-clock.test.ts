import { expect } from 'chai';
import { createLeaseClock } from '../../../../controller/adapters/election/lease-clock.js';

describe('lease clock (fencing by the local monotonic clock)', () => {
  const setup = () => {
    let t = 1000;
    const clock = createLeaseClock({ ttlMs: 3000, marginMs: 1000, now: () => t });
    return { clock, advance: (ms: number) => (t += ms), at: () => t };
  };

  it('refuses writes before any lease is granted', () => {
    const { clock } = setup();
    expect(clock.refusal()).to.match(/holds no lease/);
  });

  it('counts the lease from when the keep-alive was sent, not when it was answered', () => {
    const { clock, advance, at } = setup();
    const sentAt = at();
    advance(500); // the answer took 500 ms
    clock.renewed(sentAt, 3);
    expect(clock.remainingMs()).to.equal(2500);
  });

  it('allows a write only with more than the safety margin left', () => {
    const { clock, advance, at } = setup();
    clock.renewed(at(), 3);
    expect(clock.refusal()).to.equal(undefined);
    advance(1999);
    expect(clock.refusal()).to.equal(undefined);
    advance(1);
    expect(clock.refusal()).to.match(/1000 ms of the lease left \(the safety margin is 1000 ms\)/);
  });

  it('refuses every write after a pause longer than the lease, before any keep-alive ran', () => {
    const { clock, advance, at } = setup();
    clock.renewed(at(), 3);
    advance(10_000); // SIGSTOP for 10 s, then SIGCONT: the first thing that runs is a write's check
    expect(clock.remainingMs()).to.be.lessThan(0);
    expect(clock.refusal()).to.match(/0 ms of the lease left/);
  });

  it('never trusts a granted TTL longer than the configured one, and drops the lease when told it is gone', () => {
    const { clock, at } = setup();
    clock.renewed(at(), 60);
    expect(clock.remainingMs()).to.equal(3000);
    clock.renewed(at(), 0);
    expect(clock.refusal()).to.match(/holds no lease/);
    clock.renewed(at(), 3);
    clock.lost();
    expect(clock.remainingMs()).to.equal(0);
  });
});
