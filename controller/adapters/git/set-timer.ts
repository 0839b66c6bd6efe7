/**
 * The timer the git adapters schedule with: injectable so a test can drive polling and batching.
 */

/** Runs `callback` once after `ms` milliseconds; the returned function cancels it. */
export type SetTimer = (callback: () => void, ms: number) => () => void;

/** `setTimeout`, unref'd so a pending poll never keeps the process alive on its own. */
export const defaultSetTimer: SetTimer = (callback, ms) => {
  const handle = setTimeout(callback, ms);
  handle.unref();
  return () => clearTimeout(handle);
};
