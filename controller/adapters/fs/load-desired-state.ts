/**
 * Reads and validates a desired-state directory in one step, as `validate`, `plan`, `simulate`
 * and the emulator's `--from` all need: the files' own problems and the repository's, sorted.
 */
import { compareDiagnostics, type Diagnostic } from '../../domain/diagnostic.js';
import { createDesiredStateValidator, type DesiredStateValidator } from '../../domain/desired-state-validator.js';
import type { DesiredStateValidation } from '../../domain/validate-desired-state.js';
import { readDesiredStateSchemas } from './read-desired-state-schemas.js';
import { readDesiredState, type ReadDesiredStateOptions } from './read-desired-state.js';

export interface LoadedDesiredState {
  /** Every YAML file found, read or not. */
  fileCount: number;
  /** Their paths (starting with the directory as given). */
  paths: string[];
  validation: DesiredStateValidation;
  /** Every problem, in path, line, column order. */
  diagnostics: Diagnostic[];
  /** Files with at least one error (each rejected alone). */
  invalidFiles: number;
}

/** The message for a directory with no campaign file at all: most likely the wrong directory. */
export function noFilesMessage(dir: string): string {
  return `no *.yaml or *.yml files under ${dir}: pass the desired-state directory`;
}

export async function loadDesiredState(dir: string, validator: DesiredStateValidator = createDesiredStateValidator(readDesiredStateSchemas()), options: ReadDesiredStateOptions = {}): Promise<LoadedDesiredState> {
  const directory = await readDesiredState(dir, options);
  const validation = validator.validateDesiredState(directory.files);
  const diagnostics = [...directory.diagnostics, ...validation.diagnostics].sort(compareDiagnostics);
  const invalidFiles = new Set(diagnostics.filter((diagnostic) => diagnostic.severity === 'error').map((diagnostic) => diagnostic.path)).size;
  return { fileCount: directory.paths.length, paths: directory.paths, validation, diagnostics, invalidFiles };
}
