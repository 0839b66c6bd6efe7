/**
 * Checks of the git settings made when an adapter is created, so a bad GITOPS_BRANCH or GITOPS_PATH
 * fails at start-up with a message naming it, never half-way through a git command.
 */
import { posix } from 'node:path';

function hasControlCharacter(text: string): boolean {
  return [...text].some((character) => character.charCodeAt(0) < 0x20 || character.charCodeAt(0) === 0x7f);
}

/** Throws a TypeError naming `setting` unless `name` is a branch name git accepts (`git check-ref-format --branch`). */
export function checkBranchName(name: string, setting: string): string {
  const problem =
    name === ''
      ? 'is empty'
      : name.startsWith('-') || name.startsWith('/') || name.endsWith('/') || name.endsWith('.') || name.endsWith('.lock')
        ? 'starts or ends with a character git refuses'
        : /\.\.|@\{|\/\/|\/\.|[\s~^:?*[\\]/.test(name) || hasControlCharacter(name) || name === '@'
          ? 'holds characters git refuses in a branch name'
          : undefined;
  if (problem) throw new TypeError(`${setting} "${name}" ${problem}: set it to a branch name such as main`);
  return name;
}

/**
 * GITOPS_PATH as a normalised relative POSIX path (`.` for the root). Throws a TypeError when it is
 * absolute or leaves the repository.
 */
export function checkDesiredStatePath(path: string): string {
  const trimmed = path.trim().replace(/\\/g, '/');
  const normalised = posix.normalize(trimmed === '' ? '.' : trimmed).replace(/\/+$/, '') || '.';
  if (posix.isAbsolute(normalised) || normalised === '..' || normalised.startsWith('../') || normalised.split('/').includes('.git')) {
    throw new TypeError(`GITOPS_PATH "${path}" must be a directory inside the repository: set it relative to the repository root, e.g. campaigns`);
  }
  return normalised;
}
