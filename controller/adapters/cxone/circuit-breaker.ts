/**
 * A circuit breaker for the CXone API: opens after `failureThreshold` consecutive 429/5xx/network
 * failures, refuses calls while open (honouring the longest Retry-After seen), then lets one trial
 * call through (half-open); its success closes the circuit, its failure opens it again.
 */
export type CircuitState = 'closed' | 'open' | 'half-open';

export interface CircuitBreakerOptions {
  /** Consecutive failures that open the circuit. Default 5. */
  failureThreshold?: number;
  /** How long the circuit stays open, milliseconds (at least the Retry-After). Default 30 000. */
  cooldownMs?: number;
  /** Clock. Default `Date.now`. */
  now?: () => number;
  /** Told of every state change, e.g. to log and alert ("circuit open"). */
  onStateChange?: (state: CircuitState, reason: string) => void;
}

export class CircuitBreaker {
  private stateValue: CircuitState = 'closed';
  private failures = 0;
  private openUntil = 0;
  private trialInFlight = false;
  private lastFailure = '';
  private readonly threshold: number;
  private readonly cooldownMs: number;
  private readonly now: () => number;

  constructor(private readonly options: CircuitBreakerOptions = {}) {
    this.threshold = options.failureThreshold ?? 5;
    this.cooldownMs = options.cooldownMs ?? 30_000;
    this.now = options.now ?? Date.now;
  }

  get state(): CircuitState {
    return this.stateValue;
  }

  /** The last failure that counted against the circuit (what opened it, when open). */
  get lastFailureReason(): string {
    return this.lastFailure;
  }

  /** Milliseconds until a call may be tried; 0 when one may go now. */
  blockedForMs(): number {
    if (this.stateValue === 'closed') return 0;
    if (this.stateValue === 'open') {
      const wait = this.openUntil - this.now();
      if (wait > 0) return wait;
      this.transition('half-open', 'cooldown over: one trial call');
    }
    return this.trialInFlight ? Math.max(1000, this.cooldownMs / 10) : 0;
  }

  /** Claims the right to call; false while open or while the half-open trial is under way. */
  tryEnter(): boolean {
    if (this.blockedForMs() > 0) return false;
    if (this.stateValue === 'half-open') this.trialInFlight = true;
    return true;
  }

  recordSuccess(): void {
    this.failures = 0;
    this.trialInFlight = false;
    if (this.stateValue !== 'closed') this.transition('closed', 'a call succeeded');
  }

  /** A 429, 5xx or network failure; `retryAfterMs` from the answer when it had one. */
  recordFailure(reason: string, retryAfterMs = 0): void {
    this.failures += 1;
    this.lastFailure = reason;
    const wasTrial = this.trialInFlight;
    this.trialInFlight = false;
    if (wasTrial || this.failures >= this.threshold) {
      this.openUntil = this.now() + Math.max(this.cooldownMs, retryAfterMs);
      if (this.stateValue !== 'open') this.transition('open', `${this.failures} consecutive failures, last: ${reason}`);
    }
  }

  /** Opens the circuit now, whatever the count (a Retry-After over the cap), for `forMs` at least. */
  open(reason: string, forMs: number): void {
    this.failures = Math.max(this.failures + 1, this.threshold);
    this.lastFailure = reason;
    this.trialInFlight = false;
    this.openUntil = Math.max(this.openUntil, this.now() + Math.max(this.cooldownMs, forMs));
    if (this.stateValue !== 'open') this.transition('open', reason);
  }

  /** A call that ended without telling us anything about the API's health (4xx other than 429). */
  recordNeutral(): void {
    this.trialInFlight = false;
    if (this.stateValue === 'half-open') this.recordSuccess();
  }

  private transition(state: CircuitState, reason: string): void {
    this.stateValue = state;
    this.options.onStateChange?.(state, reason);
  }
}
