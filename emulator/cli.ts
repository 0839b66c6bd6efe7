#!/usr/bin/env node
/**
 * `cxone-gitops-emulator`: the emulator's own entry point (`emulator` and `demo`), for an install
 * that wants the CXone API emulator without going through the controller's command. The same
 * commands are reachable as `cxone-gitops emulator` / `cxone-gitops demo`.
 */
import { Command } from 'commander';
import { readPackageVersion } from '../controller/package-version.js';
import { registerCommands } from './commands/register-commands.js';

const program = new Command();
program
  .name('cxone-gitops-emulator')
  .description('the CXone API emulator and the embedded demo of cxone-gitops')
  .version(readPackageVersion(), '-V, --version')
  .showHelpAfterError('(run with --help for usage)');
registerCommands(program);
program.parseAsync(process.argv).catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`cxone-gitops-emulator: ${message}\n`);
  process.exitCode = 1;
});
