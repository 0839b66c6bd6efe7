/**
 * What the local gate predicts for a proposal, in the vocabulary the plan and the records show
 * (README, "The dialer simulator and the abandon gate"). The gate computes it (reconcile/), the
 * reports render it (report/); both import it from here, so report/ never depends on reconcile/
 * (docs/architecture.md, "Boundaries").
 */

export interface Prediction {
  abandonRate: number;
  abandonRateUpper95: number;
  occupancy: number;
  answerRate: number;
}

/** A share as the plan prints it: two decimals of a percent. */
export function percent(value: number): string {
  return `${(value * 100).toFixed(2)}%`;
}
