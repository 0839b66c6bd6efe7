/**
 * Work over thousands of items done a slice at a time, with a `setImmediate` between slices, so
 * the event loop answers `/healthz` and runs timers meanwhile (docs/architecture.md, "Scale").
 */

/** Items handled between two turns of the event loop by default: a slice takes about a millisecond. */
export const SLICE_ITEMS = 250;

/** Resolves on the next turn of the event loop, after pending I/O and timers. */
export const nextTurn = (): Promise<void> => new Promise<void>((resolve) => setImmediate(resolve));

/** `work(slice)` for each slice of `items` in order, the results concatenated; a turn of the event loop between slices. */
export async function mapInSlices<T, U>(items: readonly T[], work: (slice: readonly T[]) => readonly U[], size = SLICE_ITEMS): Promise<U[]> {
  const results: U[] = [];
  for (let from = 0; from < items.length; from += size) {
    if (from > 0) await nextTurn();
    for (const result of work(items.slice(from, from + size))) results.push(result);
  }
  return results;
}

/** `each(item)` for every item in order; a turn of the event loop after every `size` items. */
export async function forEachInSlices<T>(items: Iterable<T>, each: (item: T) => void, size = SLICE_ITEMS): Promise<void> {
  let done = 0;
  for (const item of items) {
    each(item);
    done += 1;
    if (done % size === 0) await nextTurn();
  }
}
