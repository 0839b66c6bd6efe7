/**
 * Strict UTF-8 decoding of a file's bytes. A byte-order mark is accepted and dropped (so columns
 * on the first line count from the first real character); invalid bytes are located exactly.
 */
import type { SourcePosition } from './diagnostic.js';

/** The text of a file, or where its first invalid byte is. */
export type Utf8Decoding =
  | { ok: true; text: string }
  | { ok: false; byteOffset: number; byte: number; position: SourcePosition };

function decodesAsPrefix(bytes: Uint8Array, length: number): boolean {
  try {
    // stream: true keeps an incomplete sequence at the end pending instead of failing on it.
    new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, length), { stream: true });
    return true;
  } catch {
    return false;
  }
}

function decodesCompletely(bytes: Uint8Array, length: number): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, length));
    return true;
  } catch {
    return false;
  }
}

function positionAfter(text: string): SourcePosition {
  const lastNewline = text.lastIndexOf('\n');
  let line = 1;
  for (let index = text.indexOf('\n'); index !== -1; index = text.indexOf('\n', index + 1)) line += 1;
  return { line, column: text.length - lastNewline };
}

/**
 * Decodes `bytes` as UTF-8 with `TextDecoder('utf-8', { fatal: true })`. On failure, finds the
 * shortest prefix that does not decode (a binary search: a prefix of a valid prefix is valid) and
 * reports the first byte of the sequence that made it fail, with its line and column.
 */
export function decodeUtf8(bytes: Uint8Array): Utf8Decoding {
  try {
    return { ok: true, text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    let low = 0; // decodes
    let high = bytes.length; // does not decode (a truncated sequence at the very end fails only here)
    while (high - low > 1) {
      const middle = Math.floor((low + high) / 2);
      if (decodesAsPrefix(bytes, middle)) low = middle;
      else high = middle;
    }
    // The failing byte may end a sequence begun up to 3 bytes before: report where that sequence starts.
    let byteOffset = high - 1;
    for (let back = 0; back < 3 && byteOffset > 0 && !decodesCompletely(bytes, byteOffset); back += 1) byteOffset -= 1;
    // The default decoder drops a leading byte-order mark, as the successful path does.
    const before = new TextDecoder('utf-8').decode(bytes.subarray(0, byteOffset), { stream: true });
    return { ok: false, byteOffset, byte: bytes[byteOffset] ?? 0, position: positionAfter(before) };
  }
}
