/**
 * `cxone-gitops validate [PATH...]`: checks desired-state files offline (schemas, the maximum
 * deviation rule, unique names and ids). A PATH is a directory (every file below it) or a file (an
 * editor, a pre-commit hook: the file is checked within its desired-state root, so uniqueness and
 * the policy's defaults still apply, and only its own problems are printed). Prints one
 * `path:line:col: message` per problem and a summary; exit code 0 when valid, 1 when not.
 */
import { statSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import type { Command } from 'commander';
import { desiredStateRootOf } from '../adapters/fs/desired-state-root.js';
import { loadDesiredState, noFilesMessage } from '../adapters/fs/load-desired-state.js';
import { FILE_START, formatDiagnostic, warningAt } from '../domain/diagnostic.js';
import type { Diagnostic } from '../domain/diagnostic.js';
import { plural } from '../report/format-value.js';

interface Checked {
  files: number;
  campaigns: number;
  skills: number;
  /** Files checked one by one that are valid (campaigns, skills, the policy). */
  valid: number;
  diagnostics: Diagnostic[];
}

/** `7 files, 6 campaigns valid, 0 errors` (`… 6 campaigns and 2 skills valid …`, and the warnings when there are any); `2 files, 2 valid, …` for files. */
export function summarizeValidation(fileCount: number, valid: { campaigns: number; skills: number } | number, diagnostics: readonly Diagnostic[]): string {
  const errors = diagnostics.filter((diagnostic) => diagnostic.severity === 'error').length;
  const warnings = diagnostics.length - errors;
  const counted = typeof valid === 'number' ? String(valid)
    : valid.skills === 0 ? plural(valid.campaigns, 'campaign') : valid.campaigns === 0 ? plural(valid.skills, 'skill') : `${plural(valid.campaigns, 'campaign')} and ${plural(valid.skills, 'skill')}`;
  const parts = [plural(fileCount, 'file'), `${counted} valid`, plural(errors, 'error')];
  if (warnings > 0) parts.push(plural(warnings, 'warning'));
  return parts.join(', ');
}

async function checkDirectory(dir: string): Promise<Checked> {
  const { fileCount, validation, diagnostics } = await loadDesiredState(dir);
  if (fileCount === 0) throw new Error(noFilesMessage(dir));
  return { files: fileCount, campaigns: validation.campaigns.length, skills: validation.skills.length, valid: validation.campaigns.length + validation.skills.length, diagnostics };
}

/** Checks `files` within their desired-state roots (each root read once); only their own problems. */
async function checkFiles(files: readonly string[]): Promise<Checked> {
  const byRoot = new Map<string, string[]>();
  for (const file of files) {
    const root = desiredStateRootOf(file);
    // Paths are printed as the user wrote them: relative to the working directory, or absolute.
    const shown = isAbsolute(file) ? root : relative(process.cwd(), root) || '.';
    byRoot.set(shown, [...(byRoot.get(shown) ?? []), resolve(file)]);
  }
  const checked: Checked = { files: files.length, campaigns: 0, skills: 0, valid: 0, diagnostics: [] };
  for (const [root, targets] of byRoot) {
    const wanted = new Set(targets);
    const { validation, diagnostics, paths } = await loadDesiredState(root);
    const own = (path: string): boolean => wanted.has(resolve(path));
    const read = new Set(paths.map((path) => resolve(path)));
    for (const target of targets.filter((path) => !read.has(path))) {
      const message = 'not a desired-state file (only *.yaml and *.yml outside dot-directories are read): not checked';
      checked.diagnostics.push(warningAt(relative(process.cwd(), target), FILE_START, message, 'file'));
    }
    checked.diagnostics.push(...diagnostics.filter((diagnostic) => own(diagnostic.path)));
    checked.valid += [...validation.campaigns, ...validation.skills].filter((resource) => own(resource.path)).length;
    if (validation.policyPath !== undefined && own(validation.policyPath) && !diagnostics.some((d) => d.severity === 'error' && own(d.path))) checked.valid += 1;
  }
  return checked;
}

function kindOf(path: string): 'file' | 'directory' {
  let info;
  try {
    info = statSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const message = code === 'ENOENT' ? `${path}: no such file or directory: pass the desired-state directory or a file in it` : `${path}: cannot read it (${code ?? String(error)})`;
    throw new Error(message, { cause: error });
  }
  return info.isDirectory() ? 'directory' : 'file';
}

export function registerValidateCommand(program: Command): void {
  program
    .command('validate')
    .description('check desired-state files offline: schemas, the maximum deviation rule, unique names and campaign ids')
    .argument('[paths...]', 'the desired-state directory, or files in it (default: the current directory)')
    .action(async (paths: string[]) => {
      const targets = paths.length > 0 ? paths : ['.'];
      const directories = targets.filter((path) => kindOf(path) === 'directory');
      const files = targets.filter((path) => !directories.includes(path));
      const results: Checked[] = [];
      for (const dir of directories) results.push(await checkDirectory(dir));
      if (files.length > 0) results.push(await checkFiles(files));
      const diagnostics = results.flatMap((result) => result.diagnostics);
      const lines = diagnostics.map(formatDiagnostic);
      const sum = (field: 'files' | 'campaigns' | 'skills' | 'valid'): number => results.reduce((total, result) => total + result[field], 0);
      lines.push(summarizeValidation(sum('files'), files.length > 0 && directories.length === 0 ? sum('valid') : { campaigns: sum('campaigns'), skills: sum('skills') }, diagnostics));
      process.stdout.write(`${lines.join('\n')}\n`);
      process.exitCode = diagnostics.some((diagnostic) => diagnostic.severity === 'error') ? 1 : 0;
    });
}
