/**
 * `cxone-gitops validate [DIR]`: checks a desired-state directory offline (schemas, the maximum
 * deviation rule, unique names and ids). Prints one `path:line:col: message` per problem and a
 * summary; exit code 0 when valid, 1 when not.
 */
import type { Command } from 'commander';
import { loadDesiredState, noFilesMessage } from '../adapters/fs/load-desired-state.js';
import { formatDiagnostic } from '../domain/diagnostic.js';
import type { Diagnostic } from '../domain/diagnostic.js';
import type { DesiredStateValidation } from '../domain/validate-desired-state.js';

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** `7 files, 6 campaigns valid, 0 errors` (and the warnings, when there are any). */
export function summarizeValidation(fileCount: number, validation: DesiredStateValidation, diagnostics: readonly Diagnostic[]): string {
  const errors = diagnostics.filter((diagnostic) => diagnostic.severity === 'error').length;
  const warnings = diagnostics.length - errors;
  const valid = validation.skills.length === 0 ? plural(validation.campaigns.length, 'campaign') : validation.campaigns.length === 0 ? plural(validation.skills.length, 'skill') : `${plural(validation.campaigns.length, 'campaign')} and ${plural(validation.skills.length, 'skill')}`;
  const parts = [plural(fileCount, 'file'), `${valid} valid`, plural(errors, 'error')];
  if (warnings > 0) parts.push(plural(warnings, 'warning'));
  return parts.join(', ');
}

export function registerValidateCommand(program: Command): void {
  program
    .command('validate')
    .description('check a desired-state directory offline: schemas, the maximum deviation rule, unique names and campaign ids')
    .argument('[dir]', 'the desired-state directory', '.')
    .action(async (dir: string) => {
      const { fileCount, validation, diagnostics } = await loadDesiredState(dir);
      if (fileCount === 0) {
        process.stderr.write(`cxone-gitops validate: ${noFilesMessage(dir)}\n`);
        process.exitCode = 1;
        return;
      }
      const lines = diagnostics.map(formatDiagnostic);
      lines.push(summarizeValidation(fileCount, validation, diagnostics));
      process.stdout.write(`${lines.join('\n')}\n`);
      process.exitCode = diagnostics.some((diagnostic) => diagnostic.severity === 'error') ? 1 : 0;
    });
}
