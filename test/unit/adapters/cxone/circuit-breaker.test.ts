import { expect } from 'chai';
import { CircuitBreaker, type CircuitState } from '../../../../controller/adapters/cxone/circuit-breaker.js';

describe('CircuitBreaker', () => {
  let now = 0;
  let changes: CircuitState[] = [];
  const make = () => new CircuitBreaker({ failureThreshold: 3, cooldownMs: 10_000, now: () => now, onStateChange: (state) => changes.push(state) });

  beforeEach(() => {
    now = 0;
    changes = [];
  });

  it('opens after the threshold of consecutive failures and says so', () => {
    const breaker = make();
    breaker.recordFailure('HTTP 503');
    breaker.recordFailure('HTTP 503');
    expect(breaker.tryEnter()).to.equal(true);
    breaker.recordFailure('HTTP 503');
    expect(breaker.state).to.equal('open');
    expect(breaker.tryEnter()).to.equal(false);
    expect(breaker.blockedForMs()).to.equal(10_000);
    expect(changes).to.deep.equal(['open']);
  });

  it('a success in between resets the count', () => {
    const breaker = make();
    breaker.recordFailure('x');
    breaker.recordFailure('x');
    breaker.recordSuccess();
    breaker.recordFailure('x');
    breaker.recordFailure('x');
    expect(breaker.state).to.equal('closed');
  });

  it('stays open for the longest Retry-After when it exceeds the cooldown', () => {
    const breaker = make();
    breaker.recordFailure('429');
    breaker.recordFailure('429');
    breaker.recordFailure('429', 45_000);
    expect(breaker.blockedForMs()).to.equal(45_000);
  });

  it('lets one trial through after the cooldown; its success closes the circuit', () => {
    const breaker = make();
    for (let i = 0; i < 3; i += 1) breaker.recordFailure('x');
    now = 10_000;
    expect(breaker.tryEnter()).to.equal(true);
    expect(breaker.state).to.equal('half-open');
    expect(breaker.tryEnter(), 'a second caller waits for the trial').to.equal(false);
    breaker.recordSuccess();
    expect(breaker.state).to.equal('closed');
    expect(changes).to.deep.equal(['open', 'half-open', 'closed']);
  });

  it('opens again at once when the trial fails', () => {
    const breaker = make();
    for (let i = 0; i < 3; i += 1) breaker.recordFailure('x');
    now = 10_000;
    breaker.tryEnter();
    breaker.recordFailure('still down');
    expect(breaker.state).to.equal('open');
    expect(breaker.blockedForMs()).to.equal(10_000);
  });
});
