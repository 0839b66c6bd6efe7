/**
 * A parsed YAML document with its plain value and the positions of its nodes, so that a problem
 * found in the value (by the schema or a rule) can be reported at the line and column of the text.
 */
import { isAlias, isMap, isScalar, isSeq } from 'yaml';
import type { Document, LineCounter } from 'yaml';
import type { SourcePosition } from './diagnostic.js';
import type { FieldPath } from './field-path.js';

/** Point at a field's key (`foo:` of an unknown key) or at its value (`0.25`). */
export type PositionTarget = 'key' | 'value';

/** A document's plain value and where each of its fields is in the text. */
export interface YamlSource {
  /** The file as the user named it. */
  readonly path: string;
  /** The document as plain data (maps as objects). */
  readonly value: unknown;
  /**
   * Where a field is. A field that is missing is located at the nearest parent that exists; an
   * empty value (`key:` with nothing after it) is located at its key.
   */
  positionOf(field: FieldPath, target?: PositionTarget): SourcePosition;
  /** The position of a character offset in the text. */
  positionAtOffset(offset: number): SourcePosition;
  /** The comments on a field (before its key, before and after its value), joined by newlines; '' when none or missing. */
  commentOf(field: FieldPath): string;
}

interface Located {
  node: unknown;
  key: unknown;
  complete: boolean;
}

function keyText(key: unknown): string {
  return isScalar(key) ? String(key.value) : String(key);
}

function rangeStart(node: unknown): number | undefined {
  if (isScalar(node) || isMap(node) || isSeq(node) || isAlias(node)) return node.range?.[0];
  return undefined;
}

function commentsOfNode(node: unknown): string[] {
  if (!(isScalar(node) || isMap(node) || isSeq(node))) return [];
  return [node.commentBefore, node.comment].filter((c): c is string => typeof c === 'string' && c !== '');
}

function isEmptyScalar(node: unknown): boolean {
  return isScalar(node) && node.value === null && (node.source === undefined || node.source === '');
}

/** Walks `field` from the document's root; aliases are followed (a path is short, so this is bounded). */
function locate(document: Document, field: FieldPath): Located {
  let node: unknown = document.contents;
  let key: unknown = undefined;
  for (const segment of field) {
    const current = isAlias(node) ? node.resolve(document) : node;
    if (isMap(current)) {
      const pair = current.items.findLast((item) => keyText(item.key) === String(segment));
      if (pair === undefined) return { node: current, key, complete: false };
      key = pair.key;
      node = pair.value;
    } else if (isSeq(current) && typeof segment === 'number' && segment < current.items.length) {
      key = undefined;
      node = current.items[segment];
    } else {
      return { node: current, key, complete: false };
    }
  }
  return { node, key, complete: true };
}

/** Wraps a parsed document; `value` must be the document's plain value (`document.toJS()`). */
export function createYamlSource(
  path: string,
  value: unknown,
  document: Document,
  lineCounter: LineCounter,
): YamlSource {
  const positionAtOffset = (offset: number): SourcePosition => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  const documentStart = rangeStart(document.contents) ?? 0;
  return {
    path,
    value,
    positionAtOffset,
    commentOf(field: FieldPath): string {
      const { node, key, complete } = locate(document, field);
      return complete ? [...commentsOfNode(key), ...commentsOfNode(node)].join('\n') : '';
    },
    positionOf(field: FieldPath, target: PositionTarget = 'value'): SourcePosition {
      const { node, key, complete } = locate(document, field);
      const preferKey = !complete || target === 'key' || node === null || isEmptyScalar(node);
      const offset = preferKey ? (rangeStart(key) ?? rangeStart(node)) : (rangeStart(node) ?? rangeStart(key));
      return positionAtOffset(offset ?? documentStart);
    },
  };
}
