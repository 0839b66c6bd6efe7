#!/usr/bin/env node
/**
 * The `cxone-gitops` command. Each sub-command lives in controller/commands/ and registers itself
 * on the program here; this file only wires them and turns a thrown error into an exit code.
 */
import { Command } from 'commander';
import { registerActionCommands } from './commands/action-commands.js';
import { registerAdoptCommand } from './commands/adopt-command.js';
import { registerApplyCommand } from './commands/apply-command.js';
import { registerCalibrateCommand } from './commands/calibrate-command.js';
import { registerPlanCommand } from './commands/plan-command.js';
import { registerRunCommand } from './commands/run-command.js';
import { registerSimulateCommand } from './commands/simulate-command.js';
import { registerValidateCommand } from './commands/validate-command.js';
import { readPackageVersion } from './package-version.js';
import { registerCommandExtensions } from './command-extensions.js';
import { scrubFailureMessage } from './adapters/logging/scrub-failure.js';

export async function buildProgram(): Promise<Command> {
  const program = new Command();
  program
    .name('cxone-gitops')
    .description('GitOps for the predictive-dialer weights of NICE CXone outbound campaigns')
    .version(readPackageVersion(), '-V, --version')
    .showHelpAfterError('(run with --help for usage)');
  registerValidateCommand(program);
  registerPlanCommand(program);
  registerSimulateCommand(program);
  registerApplyCommand(program);
  registerAdoptCommand(program);
  registerCalibrateCommand(program);
  registerRunCommand(program);
  registerActionCommands(program);
  await registerCommandExtensions(program);
  return program;
}

buildProgram()
  .then((program) => program.parseAsync(process.argv))
  .catch((error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`cxone-gitops: ${scrubFailureMessage(message, process.env)}\n`);
    process.exitCode = 1;
  });
