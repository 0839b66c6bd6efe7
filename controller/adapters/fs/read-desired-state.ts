/**
 * Reads a desired-state directory from the file system: every `*.yaml` / `*.yml` file below the
 * root, skipping dot-directories and dot-files (.git, .github, .yamllint.yml) and node_modules. A file over the size
 * limit is refused before it is read; a symbolic link is followed only while it stays inside the
 * root. Problems become diagnostics; only a missing or unreadable root throws.
 */
import { open, readdir, realpath, stat } from 'node:fs/promises';
import { isAbsolute, join, relative } from 'node:path';
import { FILE_START, errorAt, warningAt } from '../../domain/diagnostic.js';
import type { Diagnostic } from '../../domain/diagnostic.js';
import type { DesiredStateFile } from '../../domain/desired-state-file.js';
import { MAX_FILE_BYTES } from '../../domain/parse-desired-state-file.js';

export interface ReadDesiredStateOptions {
  /** Largest file read, in bytes. Default MAX_FILE_BYTES (1 MiB). */
  maxFileBytes?: number;
  /** What paths in the result start with instead of `root` (`.` or '' for none: repository-relative paths). Default `root`. */
  displayRoot?: string;
}

/** What was read, and what could not be. */
export interface DesiredStateDirectory {
  /** The files read, in path order. */
  files: DesiredStateFile[];
  /** Problems with YAML files that were not read (too large, a link out of the root, unreadable). */
  diagnostics: Diagnostic[];
  /** Every YAML file found, read or not. */
  paths: string[];
}

const YAML_FILE = /\.ya?ml$/;

function errorMessage(error: unknown): string {
  if (error instanceof Error && 'code' in error && typeof error.code === 'string') return error.code;
  return error instanceof Error ? error.message : String(error);
}

function isInside(root: string, target: string): boolean {
  const path = relative(root, target);
  return path === '' || (!path.startsWith('..') && !isAbsolute(path));
}

/** What one read of a directory carries from function to function: where it reads, how it shows paths, what it found. */
interface ReadState {
  /** The root as the user named it (file locations are joined to it). */
  root: string;
  /** The root with its links resolved: a link may not leave it. */
  realRoot: string;
  maxFileBytes: number;
  displayRoot: string | undefined;
  result: DesiredStateDirectory;
}

/** Resolves the root's links, or throws a clear error when it is missing or not a directory. */
async function resolveRoot(root: string): Promise<string> {
  let realRoot: string;
  try {
    realRoot = await realpath(root);
  } catch (error) {
    throw new Error(`cannot read the desired-state directory "${root}" (${errorMessage(error)}): pass the directory that holds the campaign files`, { cause: error });
  }
  if (!(await stat(realRoot)).isDirectory()) {
    throw new Error(`"${root}" is not a directory: pass the directory that holds the campaign files`);
  }
  return realRoot;
}

/** The path shown in the result and in diagnostics for `relativePath` (see `ReadDesiredStateOptions.displayRoot`). */
function shownPath(state: ReadState, relativePath: string): string {
  const { displayRoot } = state;
  return displayRoot === undefined ? join(state.root, relativePath) : displayRoot === '' || displayRoot === '.' ? relativePath || '.' : join(displayRoot, relativePath);
}

/** Reads one YAML file at `location`, refusing it (a diagnostic) when it is over the size limit or unreadable. */
async function readOneFile(state: ReadState, path: string, relativePath: string, location: string): Promise<void> {
  const { result, maxFileBytes } = state;
  result.paths.push(path);
  try {
    const handle = await open(location, 'r');
    try {
      const info = await handle.stat();
      if (info.size > maxFileBytes) {
        const message = `the file is ${info.size} bytes, over the limit of ${maxFileBytes} (1 MiB): a campaign file is a few hundred bytes; remove this file from the desired-state directory`;
        result.diagnostics.push(errorAt(path, FILE_START, message, 'file'));
        return;
      }
      result.files.push({ path, relativePath, bytes: await handle.readFile() });
    } finally {
      await handle.close();
    }
  } catch (error) {
    result.diagnostics.push(errorAt(path, FILE_START, `cannot read the file (${errorMessage(error)}): check its permissions`, 'file'));
  }
}

/** Follows a symbolic link only while it stays inside the root; a dangling or escaping link is a diagnostic. */
async function followLink(state: ReadState, path: string, relativePath: string, location: string, isYaml: boolean): Promise<void> {
  const { result } = state;
  let target: string;
  try {
    target = await realpath(location);
  } catch {
    if (isYaml) {
      result.paths.push(path);
      result.diagnostics.push(errorAt(path, FILE_START, 'symbolic link to a file that does not exist: fix the link or remove it', 'file'));
    }
    return;
  }
  const info = await stat(target).catch(() => undefined);
  if (info === undefined) return;
  if (!isInside(state.realRoot, target)) {
    if (!isYaml && !info.isDirectory()) return;
    if (isYaml) result.paths.push(path);
    const message = `symbolic link leaves the desired-state directory (it points to ${target}): copy the file into the directory or remove the link`;
    result.diagnostics.push(errorAt(path, FILE_START, message, 'file'));
  } else if (info.isDirectory()) {
    const message = 'symbolic link to a directory inside the desired-state directory is not followed (its files are read where they are)';
    result.diagnostics.push(warningAt(path, FILE_START, message, 'file'));
  } else if (info.isFile() && isYaml) {
    await readOneFile(state, path, relativePath, target);
  }
}

/** Walks `relativeDir` in name order, skipping dot-entries and node_modules. */
async function walk(state: ReadState, relativeDir: string): Promise<void> {
  const { root, result } = state;
  let entries;
  try {
    entries = await readdir(join(root, relativeDir), { withFileTypes: true });
  } catch (error) {
    const message = `cannot read the directory (${errorMessage(error)}): check its permissions`;
    result.diagnostics.push(errorAt(shownPath(state, relativeDir), FILE_START, message, 'file'));
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue;
    const relativePath = relativeDir === '' ? entry.name : `${relativeDir}/${entry.name}`;
    const path = shownPath(state, relativePath);
    const location = join(root, relativePath);
    const isYaml = YAML_FILE.test(entry.name);
    if (entry.isSymbolicLink()) await followLink(state, path, relativePath, location, isYaml);
    else if (entry.isDirectory()) {
      if (entry.name !== 'node_modules') await walk(state, relativePath);
    }
    else if (entry.isFile() && isYaml) await readOneFile(state, path, relativePath, location);
  }
}

/** Reads the desired-state directory `root` (as the user named it: paths in diagnostics start with it). */
export async function readDesiredState(root: string, options: ReadDesiredStateOptions = {}): Promise<DesiredStateDirectory> {
  const realRoot = await resolveRoot(root);
  const state: ReadState = {
    root,
    realRoot,
    maxFileBytes: options.maxFileBytes ?? MAX_FILE_BYTES,
    displayRoot: options.displayRoot,
    result: { files: [], diagnostics: [], paths: [] },
  };
  await walk(state, '');
  return state.result;
}
