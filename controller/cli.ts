#!/usr/bin/env node
/**
 * The `cxone-gitops` command. Each sub-command lives in controller/commands/ and registers itself
 * on the program here; this file only wires them and turns a thrown error into an exit code.
 */
import { Command } from 'commander';
import { registerActionCommands } from './commands/action-commands.js';
import { readPackageVersion } from './package-version.js';
import { registerCommandExtensions } from './command-extensions.js';
import { scrubFailureMessage } from './adapters/logging/scrub-failure.js';

type Register = (program: Command) => void;

/**
 * The built-in commands, in the order `--help` lists them, each imported only when it runs: a
 * command's imports are its start-up time (`run` brings fastify, etcd and gRPC; `simulate` needs
 * none of them), so `cxone-gitops simulate FILE` loads the simulator and the file loader only.
 */
const BUILT_IN: Record<string, () => Promise<Register>> = {
  validate: async () => (await import('./commands/validate-command.js')).registerValidateCommand,
  plan: async () => (await import('./commands/plan-command.js')).registerPlanCommand,
  simulate: async () => (await import('./commands/simulate-command.js')).registerSimulateCommand,
  apply: async () => (await import('./commands/apply-command.js')).registerApplyCommand,
  adopt: async () => (await import('./commands/adopt-command.js')).registerAdoptCommand,
  calibrate: async () => (await import('./commands/calibrate-command.js')).registerCalibrateCommand,
  run: async () => (await import('./commands/run-command.js')).registerRunCommand,
};

/**
 * The program for `argv`: only the built-in command it names; none for `--version`; every command
 * (the built-in ones, the actions and the extensions) for help, an extension's command or a
 * mistyped name, so help and commander's suggestions see them all.
 */
export async function buildProgram(argv: readonly string[]): Promise<Command> {
  const program = new Command();
  program
    .name('cxone-gitops')
    .description('GitOps for the predictive-dialer weights of NICE CXone outbound campaigns')
    .version(readPackageVersion(), '-V, --version')
    .showHelpAfterError('(run with --help for usage)');
  const named = argv[2];
  if (named === '-V' || named === '--version') return program;
  if (named !== undefined && Object.hasOwn(BUILT_IN, named)) {
    (await BUILT_IN[named]!())(program);
    return program;
  }
  for (const load of Object.values(BUILT_IN)) (await load())(program);
  registerActionCommands(program);
  await registerCommandExtensions(program);
  return program;
}

buildProgram(process.argv)
  .then((program) => program.parseAsync(process.argv))
  .catch((error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`cxone-gitops: ${scrubFailureMessage(message, process.env)}\n`);
    process.exitCode = 1;
  });
