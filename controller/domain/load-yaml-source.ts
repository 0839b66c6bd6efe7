/**
 * Turns the text of a desired-state file into one YAML document and its plain value, reporting
 * every YAML-level problem (syntax, duplicate keys, several documents, alias bombs, `.nan`/`.inf`)
 * as a diagnostic instead of an exception.
 */
import { Composer, Lexer, LineCounter, Parser, isAlias, isMap, isPair, isScalar, isSeq } from 'yaml';
import type { Document, YAMLError } from 'yaml';
import { FILE_START, errorAt, warningAt } from './diagnostic.js';
import type { Diagnostic, SourcePosition } from './diagnostic.js';
import { formatFieldPath } from './field-path.js';
import type { FieldPath } from './field-path.js';
import { measureNestingDepth } from './yaml-nesting-depth.js';
import { createYamlSource } from './yaml-source.js';
import type { YamlSource } from './yaml-source.js';

/** Aliases may expand to at most this many nodes: more is refused as an alias bomb. */
export const MAX_ALIAS_COUNT = 100;

/** Collections may nest at most this deep (a campaign file needs 4). */
export const MAX_NESTING_DEPTH = 64;

/** The document of a file, when its YAML could be read, and the problems found on the way. */
export interface LoadedYaml {
  source?: YamlSource;
  diagnostics: Diagnostic[];
  /** Fields whose value is not a finite number (already reported). */
  nonFinite: FieldPath[];
}

const SYNTAX_HINTS: Partial<Record<string, string>> = {
  BAD_INDENT: 'check the indentation, and close every bracket and quote',
  TAB_AS_INDENT: 'indent with spaces, not tabs',
  MISSING_CHAR: 'close the quote or bracket',
  MULTILINE_IMPLICIT_KEY: 'put a key and its colon on one line',
  BLOCK_AS_IMPLICIT_KEY: 'put a key and its colon on one line',
  UNEXPECTED_TOKEN: 'check the indentation and quoting',
};

interface WalkItem {
  node: unknown;
  field: FieldPath;
}

/** Visits every node once without following aliases (iteratively: nesting depth cannot overflow the stack). */
function walk(document: Document, visit: (node: unknown, field: FieldPath) => void): void {
  const stack: WalkItem[] = [{ node: document.contents, field: [] }];
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    visit(item.node, item.field);
    const { node, field } = item;
    if (isMap(node)) {
      for (const pair of node.items) {
        if (isPair(pair)) stack.push({ node: pair.value, field: [...field, isScalar(pair.key) ? String(pair.key.value) : String(pair.key)] });
      }
    } else if (isSeq(node)) {
      node.items.forEach((child, index) => stack.push({ node: child, field: [...field, index] }));
    }
  }
}

/** The message of each duplicate key, by the offset of the key (one pass over the document). */
function describeDuplicateKeys(document: Document, at: (offset: number) => SourcePosition): Map<number, string> {
  const messages = new Map<number, string>();
  walk(document, (node, field) => {
    if (!isMap(node)) return;
    const firstLines = new Map<string, number>();
    for (const pair of node.items) {
      if (!isScalar(pair.key) || pair.key.range === undefined || pair.key.range === null) continue;
      const name = String(pair.key.value);
      const firstLine = firstLines.get(name);
      if (firstLine === undefined) {
        firstLines.set(name, at(pair.key.range[0]).line);
        continue;
      }
      const where = field.length > 0 ? ` in ${formatFieldPath(field)}` : '';
      messages.set(pair.key.range[0], `duplicate key "${name}"${where} (first set at line ${firstLine}): keep only one of them`);
    }
  });
  return messages;
}

/**
 * Where the quote that `error` says is never closed was opened: the parser reports the end of the
 * file, where the quoted scalar ran out, but the fix is at the opening quote.
 */
function openingQuoteOffset(text: string, error: YAMLError): number | undefined {
  const quote = /closing (["'])quote/.exec(error.message)?.[1];
  if (error.code !== 'MISSING_CHAR' || quote === undefined) return undefined;
  let offset = 0;
  let opened: number | undefined;
  for (const lexeme of new Lexer().lex(text)) {
    // The lexer also yields one-character control markers (document start, scalar, flow end) that take no room in the text.
    if (lexeme.length === 1 && lexeme < ' ' && lexeme !== '\n' && lexeme !== '\t' && lexeme !== '\r') continue;
    if (offset > error.pos[0]) break;
    if (lexeme.startsWith(quote)) opened = offset;
    offset += lexeme.length;
  }
  return opened;
}

function syntaxDiagnostic(path: string, error: YAMLError, at: (offset: number) => SourcePosition, duplicates: () => Map<number, string>, text = ''): Diagnostic {
  const opened = openingQuoteOffset(text, error);
  if (opened !== undefined) {
    const quote = text[opened] === '"' ? 'double' : 'single';
    return errorAt(path, at(opened), `YAML syntax error: this ${quote} quote is never closed: close it (${text[opened]}…${text[opened]})`, 'yaml');
  }
  const offset = error.pos[0];
  if (error.code === 'DUPLICATE_KEY') {
    const message = duplicates().get(offset) ?? 'duplicate key: this key is already set above in the same mapping; keep only one of them';
    return errorAt(path, at(offset), message, 'yaml');
  }
  const message = error.message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '') ?? error.message;
  const hint = SYNTAX_HINTS[error.code] ?? 'fix the YAML syntax';
  return errorAt(path, at(offset), `YAML syntax error: ${message.replace(/\.$/, '')}: ${hint}`, 'yaml');
}

function toPlainValue(path: string, document: Document, diagnostics: Diagnostic[], at: (offset: number) => SourcePosition): { value?: unknown } {
  try {
    return { value: document.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) as unknown };
  } catch (error) {
    if (!(error instanceof ReferenceError)) throw error;
    let firstAlias: number | undefined;
    walk(document, (node) => {
      const offset = isAlias(node) ? node.range?.[0] : undefined;
      if (offset !== undefined && (firstAlias === undefined || offset < firstAlias)) firstAlias = offset;
    });
    const message = /alias count/i.test(error.message)
      ? `YAML aliases expand to more than ${MAX_ALIAS_COUNT} nodes (an alias bomb): write the values out instead of using anchors and aliases`
      : `YAML alias refers to an anchor that is not defined before it: define the anchor (&name) first or write the value out`;
    diagnostics.push(errorAt(path, firstAlias === undefined ? FILE_START : at(firstAlias), message, 'yaml'));
    return {};
  }
}

/** Parses `text` (already decoded) as exactly one YAML document. */
/**
 * A carriage return not followed by a line feed (classic Mac line endings): the YAML parser reads it
 * as part of the line, so a file of such lines is one long line (often one comment: "empty"). Said
 * as what it is, at the first one.
 */
function loneCarriageReturn(path: string, text: string): Diagnostic | undefined {
  const offset = text.search(/\r(?!\n)/);
  if (offset < 0) return undefined;
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - before.lastIndexOf('\n');
  const message = 'this line ends with a lone carriage return (CR, classic Mac line endings), which YAML does not read as a line break: save the file with LF (or CRLF) line endings';
  return errorAt(path, { line, column }, message, 'yaml');
}

export function loadYamlSource(path: string, text: string): LoadedYaml {
  const loneCr = loneCarriageReturn(path, text);
  if (loneCr) return { diagnostics: [loneCr], nonFinite: [] };
  const lineCounter = new LineCounter();
  const at = (offset: number): SourcePosition => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  const tokens = Array.from(new Parser(lineCounter.addNewLine).parse(text));
  const nesting = measureNestingDepth(tokens, MAX_NESTING_DEPTH);
  if (nesting.depth > MAX_NESTING_DEPTH) {
    const message = `YAML nested more than ${MAX_NESTING_DEPTH} levels deep: flatten the document (a campaign file needs 4 levels)`;
    return { diagnostics: [errorAt(path, at(nesting.offset), message, 'yaml')], nonFinite: [] };
  }
  const composer = new Composer({ uniqueKeys: true, prettyErrors: false });
  const allDocuments = Array.from(composer.compose(tokens));
  const diagnostics: Diagnostic[] = [];
  const nonFinite: FieldPath[] = [];
  const withContent = allDocuments.filter((document) => document.contents !== null);
  const stream = composer.streamInfo();
  // After a syntax error the parser resynchronises by guessing, and what follows (duplicate keys
  // included) is mostly echoes of the first error: report that one only. Duplicate keys alone leave
  // a well-formed tree, so they are all reported and the document is still checked.
  const syntaxErrors = [...stream.errors, ...allDocuments.flatMap((document) => document.errors)].filter(
    (error) => error.code !== 'DUPLICATE_KEY',
  );
  const firstSyntaxError = syntaxErrors.sort((a, b) => a.pos[0] - b.pos[0])[0];
  if (firstSyntaxError !== undefined) {
    return { diagnostics: [syntaxDiagnostic(path, firstSyntaxError, at, () => new Map(), text)], nonFinite };
  }
  for (const document of allDocuments) {
    let duplicates: Map<number, string> | undefined;
    const describeDuplicates = (): Map<number, string> => (duplicates ??= describeDuplicateKeys(document, at));
    for (const error of document.errors) {
      if (error.code === 'DUPLICATE_KEY') diagnostics.push(syntaxDiagnostic(path, error, at, describeDuplicates));
    }
    for (const warning of document.warnings) {
      const message = warning.message.split('\n')[0] ?? warning.message;
      diagnostics.push(warningAt(path, at(warning.pos[0]), `YAML: ${message}`, 'yaml'));
    }
  }
  const [document, second] = withContent;
  if (document === undefined) {
    const message = 'the file is empty (it holds no YAML document): write the document or delete the file';
    return { diagnostics: [...diagnostics, errorAt(path, FILE_START, message, 'yaml')], nonFinite };
  }
  if (second !== undefined) {
    const position = at(second.range?.[0] ?? 0);
    const message = `several YAML documents in one file (${withContent.length}): a second document starts here; put each document in its own file`;
    diagnostics.push(errorAt(path, position, message, 'yaml'));
  }
  walk(document, (node, field) => {
    if (isScalar(node) && typeof node.value === 'number' && !Number.isFinite(node.value) && node.range) {
      const written = node.source ?? String(node.value);
      const name = field.length > 0 ? formatFieldPath(field) : 'the document';
      nonFinite.push(field);
      diagnostics.push(errorAt(path, at(node.range[0]), `${name} is ${written}, which is not a finite number: write a number such as 0.2`, 'yaml'));
    }
  });
  const plain = toPlainValue(path, document, diagnostics, at);
  if (!('value' in plain)) return { diagnostics, nonFinite };
  return { source: createYamlSource(path, plain.value, document, lineCounter), diagnostics, nonFinite };
}
