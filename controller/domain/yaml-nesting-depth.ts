/**
 * How deeply the collections of a YAML text nest, measured on yaml's concrete syntax tree without
 * recursion. Composing a deeply nested document recurses once per level, and near the stack limit
 * V8 can abort the whole process instead of throwing, so depth is checked before composing.
 */
import type { CST } from 'yaml';

const COLLECTION_TYPES = new Set(['block-map', 'block-seq', 'flow-collection']);

/** The deepest nesting of collections and the offset of the first collection at that depth. */
export interface NestingDepth {
  depth: number;
  offset: number;
}

interface Pending {
  value: unknown;
  depth: number;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** Measures `tokens` (from yaml's `Parser`) iteratively; stops early once `limit` is exceeded. */
export function measureNestingDepth(tokens: readonly CST.Token[], limit: number): NestingDepth {
  const deepest: NestingDepth = { depth: 0, offset: 0 };
  const stack: Pending[] = tokens.map((token) => ({ value: token, depth: 0 }));
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    const { value } = item;
    if (Array.isArray(value)) {
      for (const child of value) if (isObject(child)) stack.push({ value: child, depth: item.depth });
      continue;
    }
    if (!isObject(value)) continue;
    const isCollection = typeof value.type === 'string' && COLLECTION_TYPES.has(value.type);
    const depth = item.depth + (isCollection ? 1 : 0);
    if (depth > deepest.depth) {
      deepest.depth = depth;
      deepest.offset = typeof value.offset === 'number' ? value.offset : deepest.offset;
      if (depth > limit) return deepest;
    }
    for (const key of Object.keys(value)) {
      const child = value[key];
      if (isObject(child)) stack.push({ value: child, depth });
    }
  }
  return deepest;
}
