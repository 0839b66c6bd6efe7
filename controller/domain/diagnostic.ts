/**
 * A problem found in a desired-state file, located at a line and column of that file, as compilers
 * and linters report them: `path:line:col: message`.
 */

import { escapeTerminal } from '../lib/escape-for.js';

/** How bad a problem is: an error rejects the file; a warning is shown and the file is still used. */
export type Severity = 'error' | 'warning';

/** A 1-based position in a file. */
export interface SourcePosition {
  /** 1-based line. */
  line: number;
  /** 1-based column, in characters (a byte-order mark does not count). */
  column: number;
}

/** One problem in one file. */
export interface Diagnostic extends SourcePosition {
  /** The file as the user named it (e.g. `desired-state/sales/solar-leads.yaml`). */
  path: string;
  /** What is wrong and what to do about it. */
  message: string;
  severity: Severity;
  /** The rule that found it (e.g. `schema`, `max-deviation`, `significance`, `unique-name`). */
  rule?: string;
}

/** The start of a file, for problems that belong to the whole file. */
export const FILE_START: Readonly<SourcePosition> = Object.freeze({ line: 1, column: 1 });

/** An error diagnostic at a position. */
export function errorAt(path: string, position: SourcePosition, message: string, rule: string): Diagnostic {
  return { path, line: position.line, column: position.column, message, severity: 'error', rule };
}

/** A warning diagnostic at a position. */
export function warningAt(path: string, position: SourcePosition, message: string, rule: string): Diagnostic {
  return { path, line: position.line, column: position.column, message, severity: 'warning', rule };
}

/** `path:line:col: message`, with `warning: ` before the message of a warning. */
export function formatDiagnostic(diagnostic: Diagnostic): string {
  const prefix = diagnostic.severity === 'warning' ? 'warning: ' : '';
  // For a terminal or CI log: a file name or a quoted value never writes control characters or workflow commands.
  return `${escapeTerminal(diagnostic.path)}:${diagnostic.line}:${diagnostic.column}: ${prefix}${escapeTerminal(diagnostic.message)}`;
}

/** Orders diagnostics by path, then line, then column, then message. */
export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  if (a.path !== b.path) return a.path < b.path ? -1 : 1;
  if (a.line !== b.line) return a.line - b.line;
  if (a.column !== b.column) return a.column - b.column;
  if (a.message === b.message) return 0;
  return a.message < b.message ? -1 : 1;
}

/** True when at least one diagnostic is an error. */
export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((diagnostic) => diagnostic.severity === 'error');
}
