/**
 * The path of a field inside a document, as segments (`['spec', 'parameterWeights', 'answer_rate']`)
 * and as users read it (`spec.parameterWeights.answer_rate`, `spec.syncWindows[0].schedule`).
 */

/** Map keys and list indexes from the document root to a field. */
export type FieldPath = readonly (string | number)[];

const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** `spec.syncWindows[0].schedule`; keys that are not plain words are quoted: `metadata.labels["a b"]`. */
export function formatFieldPath(path: FieldPath): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else if (PLAIN_KEY.test(segment)) text += text === '' ? segment : `.${segment}`;
    else text += `[${JSON.stringify(segment)}]`;
  }
  return text;
}

/**
 * The segments of a JSON Pointer (RFC 6901) as ajv reports them in `instancePath`. A segment is a
 * list index where `document` holds a list at that point, and a map key otherwise (a label key may
 * be made of digits).
 */
export function fieldPathFromPointer(pointer: string, document?: unknown): (string | number)[] {
  if (pointer === '') return [];
  const path: (string | number)[] = [];
  let node: unknown = document;
  for (const raw of pointer.slice(1).split('/')) {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(node) && /^(0|[1-9][0-9]*)$/.test(segment)) {
      path.push(Number(segment));
      node = node[Number(segment)];
    } else {
      path.push(segment);
      node = typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[segment] : undefined;
    }
  }
  return path;
}
