/**
 * The steps every desired-state file goes through, from bytes to a schema-checked document: size,
 * UTF-8, YAML, one mapping, the expected kind, the JSON Schema, then the kind's own rules. Every
 * problem is collected; nothing here throws.
 */
import { closestMatch } from './closest-match.js';
import type { CompiledSchema } from './compile-schemas.js';
import { decodeUtf8 } from './decode-utf8.js';
import { describeValue, quoteText } from './describe-value.js';
import { FILE_START, compareDiagnostics, errorAt } from './diagnostic.js';
import type { Diagnostic } from './diagnostic.js';
import { loadYamlSource } from './load-yaml-source.js';
import { diagnosticsFromSchemaErrors } from './schema-diagnostics.js';
import type { YamlSource } from './yaml-source.js';

/** A desired-state file may be at most this many bytes (1 MiB). */
export const MAX_FILE_BYTES = 1024 * 1024;

/** What a file must be. */
export interface FileExpectation {
  kind: 'CampaignWeights' | 'ControllerPolicy' | 'OutboundSkill';
  /** The top-level keys, for the message when the document is not a mapping. */
  topLevelKeys: readonly string[];
  schema: CompiledSchema;
  /** Every kind the directory may hold, for "did you mean" (default: `kind` alone). */
  knownKinds?: readonly string[];
  /** The message when the document is of another kind (a string `kind` that is not `kind`). */
  wrongKind: (kind: string) => string;
  /** The kind's rules beyond the schema. */
  rules: (document: unknown, source: YamlSource) => Diagnostic[];
}

/** One expectation, or a choice of one by the document's `kind` (a directory holds several kinds). */
export type FileExpectations = FileExpectation | ((kind: unknown) => FileExpectation);

function expectationFor(expected: FileExpectations, kind: unknown): FileExpectation {
  return typeof expected === 'function' ? expected(kind) : expected;
}

/** The document when the YAML could be read, and every problem found. */
export interface ParsedFile {
  source?: YamlSource;
  diagnostics: Diagnostic[];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseChecked(path: string, bytes: Uint8Array, expectations: FileExpectations): ParsedFile {
  if (bytes.length > MAX_FILE_BYTES) {
    const message = `the file is ${bytes.length} bytes, over the limit of ${MAX_FILE_BYTES} (1 MiB): a campaign file is a few hundred bytes; remove this file from the desired-state directory`;
    return { diagnostics: [errorAt(path, FILE_START, message, 'file')] };
  }
  const decoded = decodeUtf8(bytes);
  if (!decoded.ok) {
    const byte = `0x${decoded.byte.toString(16).toUpperCase().padStart(2, '0')}`;
    const message = `the file is not valid UTF-8 (byte ${byte} at offset ${decoded.byteOffset}): save it as UTF-8`;
    return { diagnostics: [errorAt(path, decoded.position, message, 'encoding')] };
  }
  const loaded = loadYamlSource(path, decoded.text);
  const diagnostics = [...loaded.diagnostics];
  const source = loaded.source;
  if (source === undefined) return { diagnostics };
  const document = source.value;
  const expected = expectationFor(expectations, isRecord(document) ? document.kind : undefined);
  if (!isRecord(document)) {
    const keys = expected.topLevelKeys.join(', ');
    const message = `the document must be a mapping with the keys ${keys}, got ${describeValue(document)}: write a ${expected.kind} document`;
    return { diagnostics: [...diagnostics, errorAt(path, source.positionOf([]), message, 'schema')] };
  }
  if (typeof document.kind === 'string' && document.kind !== expected.kind) {
    const suggestion = closestMatch(document.kind, expected.knownKinds ?? [expected.kind]);
    const message = suggestion === undefined ? expected.wrongKind(document.kind) : `kind is ${quoteText(document.kind)}: did you mean "${suggestion}"?`;
    return { diagnostics: [...diagnostics, errorAt(path, source.positionOf(['kind']), message, 'kind')] };
  }
  if (!expected.schema.validate(document)) {
    diagnostics.push(...diagnosticsFromSchemaErrors(expected.schema.validate.errors ?? [], source, expected.schema.schema, loaded.nonFinite));
  }
  diagnostics.push(...expected.rules(document, source));
  return { source, diagnostics };
}

/** Parses and checks one file; an unexpected failure becomes a diagnostic too. */
export function parseDesiredStateFile(path: string, bytes: Uint8Array, expected: FileExpectations): ParsedFile {
  try {
    const parsed = parseChecked(path, bytes, expected);
    return { ...parsed, diagnostics: parsed.diagnostics.sort(compareDiagnostics) };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const message = `could not read the file (${reason}): simplify it, and report this if it is a plain ${expectationFor(expected, undefined).kind} document`;
    return { diagnostics: [errorAt(path, FILE_START, message, 'file')] };
  }
}
