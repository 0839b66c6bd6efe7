/**
 * The timers the controller schedules with, in one place: injectable (a test drives polling,
 * batching, backoff and the sweep with a manual timer), with the two defaults side by side.
 * Which default a caller takes is a decision about process lifetime (docs/architecture.md,
 * "Failure classes and retry layers").
 */

/** Runs `callback` once after `ms` milliseconds; the returned function cancels it. */
export type SetTimer = (callback: () => void, ms: number) => () => void;

/** A referenced `setTimeout`: a process waiting on it stays alive for it (a one-shot command's last retry, an alert). */
export const referencedTimer: SetTimer = (callback, ms) => {
  const handle = setTimeout(callback, ms);
  return () => clearTimeout(handle);
};

/** An unref'd `setTimeout`: a pending poll, batch or sweep never keeps the process alive on its own. */
export const unrefTimer: SetTimer = (callback, ms) => {
  const handle = setTimeout(callback, ms);
  handle.unref();
  return () => clearTimeout(handle);
};
