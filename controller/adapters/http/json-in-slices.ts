/**
 * The JSON text of an answer with one long list (`/api/status`: a page of up to 5,000 campaign
 * states), serialised a slice of the list at a time with a `setImmediate` between slices, so the
 * status server keeps answering `/healthz` while it renders (docs/architecture.md, "Scale").
 * Strings pass through `replacer` as `JSON.stringify` calls it (the secret registry's scrubbing),
 * which is done while serialising instead of by copying the whole answer first.
 */

export type JsonReplacer = (key: string, value: unknown) => unknown;

/** List items serialised between two turns of the event loop. */
export const JSON_SLICE = 100;

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** `JSON.stringify(value, replacer)`, with `value[listKey]` (an array) moved last and serialised in slices. */
export async function jsonInSlices<T extends object, L extends keyof T & string>(value: T, listKey: L, replacer?: JsonReplacer, slice = JSON_SLICE): Promise<string> {
  const { [listKey]: list, ...rest } = value;
  if (!Array.isArray(list)) throw new TypeError(`jsonInSlices: ${listKey} is not an array`);
  const head = JSON.stringify(rest, replacer);
  const parts: string[] = [];
  for (let from = 0; from < list.length; from += slice) {
    if (from > 0) await nextTurn();
    for (const item of list.slice(from, from + slice)) parts.push(JSON.stringify(item, replacer) ?? 'null');
  }
  return `${head.slice(0, -1)}${head === '{}' ? '' : ','}${JSON.stringify(listKey)}:[${parts.join(',')}]}`;
}
