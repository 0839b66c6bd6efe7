import { StalledError } from '../domain/errors.js';

/** Thrown by simulate() and the pool for an input validateSimulationInput rejects. Not retryable: stalled until the input changes. */
export class InvalidSimulationInputError extends StalledError {
  override readonly name = 'InvalidSimulationInputError';
  /** Every problem found, each naming its field. */
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(`invalid simulation input: ${problems.join('; ')}; fix these fields and run again`);
    this.problems = [...problems];
  }
}

export function isInvalidSimulationInputError(error: unknown): error is InvalidSimulationInputError {
  return error instanceof InvalidSimulationInputError;
}
