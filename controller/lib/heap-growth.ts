/**
 * The long-running controller's heap sizing (docs/architecture.md, "Scale"). V8 grows a heap after
 * each full collection by a factor of up to 2 for a heap as busy as a first sweep's, which for the
 * controller means holding mostly garbage: its peak RSS at 10,000 campaigns was 330 MB, of which
 * only about 90 MB was live. Growing by a fifth instead keeps the peak close to what is live, for a
 * few more collections (measured by `npm run bench -- --only controller-sweep-10k`).
 *
 * V8 reads this setting at every collection, so it takes effect when set at start-up; a
 * `--heap-growing-percent` given to node explicitly wins.
 */
import { setFlagsFromString } from 'node:v8';

export const HEAP_GROWING_PERCENT = 20;

/** Sets V8's heap growing factor for a service process, unless node was started with its own. */
export function limitHeapGrowth(execArgv: readonly string[] = process.execArgv): boolean {
  if (execArgv.some((arg) => /^--heap[-_]growing[-_]percent\b/.test(arg))) return false;
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
  return true;
}
